import Testing

@testable import GroupCore

@Suite struct ConsumerProtocolTests {
    private let owned = [TopicPartition("a", 0), TopicPartition("a", 2), TopicPartition("b", 1)]

    @Test func subscriptionRoundTrip() throws {
        let s = ConsumerProtocol.Subscription(
            topics: ["a", "b"], userData: [1, 2], ownedPartitions: owned, generationId: 7, rackId: "r1")
        #expect(try ConsumerProtocol.decodeSubscription(ConsumerProtocol.encode(s)) == s)
        let bare = ConsumerProtocol.Subscription(topics: [])
        #expect(try ConsumerProtocol.decodeSubscription(ConsumerProtocol.encode(bare)) == bare)
    }

    /// Older versions, written as an older Kafka client writes them: each stops after its last field.
    @Test(arguments: [Int16(0), 1, 2, 3])
    func decodesEverySubscriptionVersion(version: Int16) throws {
        var w = ByteWriter()
        w.int16(version)
        w.int32(2)
        w.string("a")
        w.string("b")
        w.nullableBytes(nil)
        if version >= 1 { w.topicPartitions(owned) }
        if version >= 2 { w.int32(4) }
        if version >= 3 { w.nullableString("rack") }
        let s = try ConsumerProtocol.decodeSubscription(w.bytes)
        #expect(s.topics == ["a", "b"])
        #expect(s.userData == nil)
        #expect(s.ownedPartitions == (version >= 1 ? owned : []))
        #expect(s.generationId == (version >= 2 ? 4 : -1))
        #expect(s.rackId == (version >= 3 ? "rack" : nil))
    }

    @Test func assignmentRoundTrip() throws {
        #expect(try ConsumerProtocol.decodeAssignment(ConsumerProtocol.encodeAssignment(owned)) == owned)
        #expect(try ConsumerProtocol.decodeAssignment(ConsumerProtocol.encodeAssignment([])) == [])
        #expect(try ConsumerProtocol.decodeAssignment([]) == [], "the coordinator's empty assignment")
    }

    @Test func partitionsAreGroupedByTopicAsKafkaDoes() {
        var w = ByteWriter()
        w.topicPartitions([TopicPartition("a", 0), TopicPartition("b", 1), TopicPartition("a", 2)])
        var expected = ByteWriter()
        expected.int32(2)
        expected.string("a"); expected.int32(2); expected.int32(0); expected.int32(2)
        expected.string("b"); expected.int32(1); expected.int32(1)
        #expect(w.bytes == expected.bytes)
    }

    @Test func truncatedInputIsAnError() {
        let bytes = ConsumerProtocol.encode(.init(topics: ["a"], ownedPartitions: owned, generationId: 3))
        for cut in [1, 5, bytes.count - 1] {
            #expect(throws: ConsumerProtocol.DecodeError.self) {
                try ConsumerProtocol.decodeSubscription(Array(bytes.prefix(cut)))
            }
        }
        #expect(throws: ConsumerProtocol.DecodeError.self) { try ConsumerProtocol.decodeAssignment([0, 3, 0]) }
    }

    @Test func errorNamesAreKafkas() {
        #expect(KafkaError.memberIdRequired.rawValue == 79)
        #expect(KafkaError.fencedInstanceId.rawValue == 82)
        #expect(KafkaError.rebalanceInProgress.description == "REBALANCE_IN_PROGRESS")
        #expect(KafkaError.illegalGeneration.rawValue == 22)
        #expect(KafkaError.unknownMemberId.rawValue == 25)
    }
}
