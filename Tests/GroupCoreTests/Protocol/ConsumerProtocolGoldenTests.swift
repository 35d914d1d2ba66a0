import Testing

@testable import GroupCore

/// Consumer-protocol bytes compared with bytes real clients produced (how they were captured: Tests/Oracles/README.md).
@Suite struct ConsumerProtocolGoldenTests {
    private func hex(_ s: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var i = s.startIndex
        while i < s.endIndex {
            let j = s.index(i, offsetBy: 2)
            bytes.append(UInt8(s[i..<j], radix: 16)!)
            i = j
        }
        return bytes
    }

    // kafka-python 3.0.12 (Tests/Oracles/capture_consumer_protocol.py): topics [audit, orders], user data 01 02,
    // owned orders-0 orders-2 (v1+), generation 7 (v2+), rack "rack-a" (v3).
    let kafkaPythonSubscriptions = [
        "0000000000020005617564697400066f7264657273000000020102",
        "0001000000020005617564697400066f72646572730000000201020000000100066f7264657273000000020000000000000002",
        "0002000000020005617564697400066f72646572730000000201020000000100066f726465727300000002000000000000000200000007",
        "0003000000020005617564697400066f72646572730000000201020000000100066f72646572730000000200000000000000020000000700067261636b2d61",
    ]
    // kafka-python 3.0.12: assignment audit-1 orders-0 orders-2, null user data, versions 0–3.
    let kafkaPythonAssignments = (0...3).map {
        "000\($0)0000000200056175646974000000010000000100066f7264657273000000020000000000000002ffffffff"
    }
    // librdkafka 2.16 JoinGroup v5, cooperative-sticky, the first member rejoining in generation 1 with everything:
    // Tests/Oracles/librdkafka-joingroup-v5.txt, line 5.
    let librdkafkaRejoin =
        "0003000000020005617564697400066f726465727300000033000000020005617564697400000002000000000000000100066f72646572730000000300000000000000010000000200000001000000020005617564697400000002000000000000000100066f726465727300000003000000000000000100000002000000010000"

    @Test func subscriptionV3IsByteForByteKafkaPythons() throws {
        let s = ConsumerProtocol.Subscription(
            topics: ["audit", "orders"], userData: [1, 2],
            ownedPartitions: [TopicPartition("orders", 0), TopicPartition("orders", 2)], generationId: 7, rackId: "rack-a")
        #expect(ConsumerProtocol.encode(s) == hex(kafkaPythonSubscriptions[3]))
    }

    @Test func everySubscriptionVersionDecodes() throws {
        for (version, text) in kafkaPythonSubscriptions.enumerated() {
            let s = try ConsumerProtocol.decodeSubscription(hex(text))
            #expect(s.topics == ["audit", "orders"])
            #expect(s.userData == [1, 2])
            #expect(s.ownedPartitions == (version >= 1 ? [TopicPartition("orders", 0), TopicPartition("orders", 2)] : []))
            #expect(s.generationId == (version >= 2 ? 7 : -1))
            #expect(s.rackId == (version >= 3 ? "rack-a" : nil))
        }
    }

    @Test func assignmentsAreByteForByteKafkaPythons() throws {
        let partitions = [TopicPartition("audit", 1), TopicPartition("orders", 0), TopicPartition("orders", 2)]
        #expect(ConsumerProtocol.encodeAssignment(partitions) == hex(kafkaPythonAssignments[3]))
        for text in kafkaPythonAssignments { #expect(try ConsumerProtocol.decodeAssignment(hex(text)) == partitions) }
    }

    @Test func librdkafkasRejoinReadsAndWritesBackTheSame() throws {
        let bytes = hex(librdkafkaRejoin)
        let s = try ConsumerProtocol.decodeSubscription(bytes)
        let all = [
            TopicPartition("audit", 0), TopicPartition("audit", 1), TopicPartition("orders", 0), TopicPartition("orders", 1),
            TopicPartition("orders", 2),
        ]
        #expect(s.topics == ["audit", "orders"])
        #expect(s.ownedPartitions == all)
        #expect(s.generationId == 1)
        #expect(s.rackId == "", "librdkafka sends an empty rack, not null")
        #expect(ConsumerProtocol.encode(s) == bytes)
    }

    @Test func stickyUserDataIsByteForByteLibrdkafkas() throws {
        // librdkafka writes StickyAssignor's STICKY_ASSIGNOR_USER_DATA_V1 (no version prefix), topics in the order
        // Java's HashMap iterates them: audit before orders (Tests/Oracles/HashMapOrder.java put:orders put:audit print).
        let userData = try #require(try ConsumerProtocol.decodeSubscription(hex(librdkafkaRejoin)).userData)
        let claimed = [
            TopicPartition("orders", 0), TopicPartition("orders", 1), TopicPartition("orders", 2), TopicPartition("audit", 0),
            TopicPartition("audit", 1),
        ]
        #expect(StickyUserData.encode(claimed, generation: 1) == userData)
        let decoded = try StickyUserData.decode(userData)
        #expect(Set(decoded.partitions) == Set(claimed))
        #expect(decoded.generation == 1)
    }

    @Test func kafkaPythonsStickyUserDataCarriesAVersionPrefixJavaDoesNotWrite() throws {
        // kafka-python's StickyPartitionAssignor._metadata: orders-0 orders-2 audit-1 in generation 4. Its generated
        // StickyAssignorUserData is version-prefixed (00 01); past those two bytes it is Java's V1 layout.
        let s = try ConsumerProtocol.decodeSubscription(
            hex(
                "00000000000100066f72646572730000002d00010000000200066f726465727300000002000000000000000200056175646974000000010000000100000004"
            ))
        let userData = try #require(s.userData)
        #expect(Array(userData.prefix(2)) == [0, 1])
        let decoded = try StickyUserData.decode(Array(userData.dropFirst(2)))
        #expect(decoded.partitions == [TopicPartition("orders", 0), TopicPartition("orders", 2), TopicPartition("audit", 1)])
        #expect(decoded.generation == 4)
    }
}
