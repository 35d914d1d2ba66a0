import KafkaWire
import Testing

/// ConsumerProtocolSubscription/Assignment (Kafka's ConsumerProtocol) inside the recorded JoinGroup and SyncGroup
/// frames: kafka-python 3.0.12 sends subscription v0, librdkafka 2.16 v3; the topic is the driver's
/// "wire-fixtures" with 3 partitions.
@Suite struct ConsumerProtocolWireTests {
    func join(_ client: String, _ version: Int16) throws -> JoinGroupRequest {
        let frame = try #require(RecordedFrame.named(client, .joinGroup, version, request: true))
        guard case .joinGroup(let join) = try KafkaCodec.decodeRequest(frame.payload).body else {
            throw WireError(.invalid("not a JoinGroup"), offset: 0)
        }
        return join
    }

    @Test func subscriptionsOfBothClients() throws {
        for (client, version, subscriptionVersion) in [("kafka-python", Int16(7), Int16(0)), ("confluent-kafka", 5, 3)] {
            for joinProtocol in try join(client, version).protocols {
                let subscription = try ConsumerProtocolSubscription(consumerProtocolBytes: joinProtocol.metadata)
                #expect(subscription.topics == ["wire-fixtures"])
                #expect(subscription.ownedPartitions.isEmpty)
                #expect(subscription.consumerProtocolBytes(version: subscriptionVersion) == joinProtocol.metadata)
            }
        }
        let librdkafka = try ConsumerProtocolSubscription(
            consumerProtocolBytes: try join("confluent-kafka", 5).protocols[0].metadata)
        // librdkafka without client.rack: empty (not null) user data and rack, generation -1.
        #expect(librdkafka.userData == [] && librdkafka.generationId == -1 && librdkafka.rackId == "")
    }

    @Test func assignmentsHandedOutBySyncGroup() throws {
        var partitions: [Int32] = []
        for (client, version) in [("kafka-python", Int16(5)), ("confluent-kafka", 3)] {
            let frame = try #require(RecordedFrame.named(client, .syncGroup, version, request: false))
            let response = try KafkaCodec.decodeResponse(frame.payload, to: SyncGroupRequest.self, version: version).body
            #expect(response.errorCode == 0)
            let assignment = try ConsumerProtocolAssignment(consumerProtocolBytes: response.assignment)
            #expect(assignment.assignedPartitions.map(\.topic) == ["wire-fixtures"])
            partitions = assignment.assignedPartitions.flatMap(\.partitions)
            #expect(partitions.sorted() == [0, 1, 2])
        }
    }

    @Test func newerVersionsAreReadWithTheNewestLayoutAndNegativeOnesRejected() throws {
        // Version 9 (unknown) with the v3 layout plus an appended byte, as ConsumerProtocol tolerates.
        let v3 = ConsumerProtocolSubscription(topics: ["t"], generationId: 4).consumerProtocolBytes(version: 3)
        let future = [0, 9] + v3.dropFirst(2) + [0x42]
        #expect(try ConsumerProtocolSubscription(consumerProtocolBytes: Array(future)).generationId == 4)
        #expect(throws: WireError.self) { try ConsumerProtocolAssignment(consumerProtocolBytes: [0xFF, 0xFF]) }
    }
}
