import Foundation
import KafkaWire
import Testing

@testable import GroupMonitor

/// The monitor reads Metadata answers straight into `MetadataAnswer` (`MetadataReading`) instead of through the
/// generated `MetadataResponse`. Both must read the same schema (Kafka's MetadataResponse.json, v0–12); the generated
/// decoder is the reference (its own tests check it against Kafka's specs and real clients' bytes).
@Suite struct MetadataReadingTests {
    typealias Response = MetadataResponse

    /// The generated decoder's answer, reduced to what the monitor keeps.
    static func expected(_ response: Response) -> MetadataAnswer {
        MetadataAnswer(
            brokers: response.brokers.map { .init(nodeId: $0.nodeId, host: $0.host, port: $0.port, rack: $0.rack) },
            clusterId: response.clusterId, controllerId: response.controllerId,
            topics: response.topics.map { t in
                MetadataAnswer.Topic(
                    errorCode: t.errorCode, name: t.name, isInternal: t.isInternal,
                    partitions: t.partitions.map {
                        .init(errorCode: $0.errorCode, partitionIndex: $0.partitionIndex, leaderId: $0.leaderId)
                    }
                )
            })
    }

    static func readBoth(_ bytes: [UInt8], version: Int16) -> (
        generated: Result<MetadataAnswer, WireError>, direct: Result<MetadataAnswer, WireError>
    ) {
        readWithBoth(bytes, version: version, generated: { (response: Response) in expected(response) }) {
            reader throws(WireError) in try MetadataReading.read(&reader, version: version)
        }
    }

    /// Two brokers (one with a rack), a cluster id, a controller, an internal topic, a topic with an error, a
    /// partition without a leader (−1, LEADER_NOT_AVAILABLE), offline replicas, epochs, topic ids, authorized
    /// operations and unknown tagged fields at every level where the version has them.
    static func sample(version: Int16) -> [UInt8] {
        let tags = version >= 9 ? [TaggedField(tag: 5, data: [9, 9])] : []
        var first = Response.MetadataResponseBroker(nodeId: 1, host: "kafka-1", port: 9092, rack: version >= 1 ? "rack-a" : nil)
        first.unknownTaggedFields = tags
        let second = Response.MetadataResponseBroker(nodeId: 2, host: "kafka-2", port: 9093)
        func partition(_ index: Int32, leader: Int32, error: Int16 = 0) -> Response.MetadataResponsePartition {
            var p = Response.MetadataResponsePartition(
                errorCode: error, partitionIndex: index, leaderId: leader, leaderEpoch: version >= 7 ? 4 : -1,
                replicaNodes: [1, 2], isrNodes: leader >= 0 ? [leader] : [],
                offlineReplicas: version >= 5 && leader < 0 ? [2] : [])
            p.unknownTaggedFields = tags
            return p
        }
        var orders = Response.MetadataResponseTopic(
            errorCode: 0, name: "orders",
            topicId: version >= 10 ? KafkaUUID(mostSignificantBits: 1, leastSignificantBits: 2) : .zero,
            isInternal: false,
            partitions: [partition(0, leader: 1), partition(1, leader: 2), partition(2, leader: -1, error: 5)],
            topicAuthorizedOperations: version >= 8 ? 0x0F : -2_147_483_648)
        orders.unknownTaggedFields = tags
        let offsets = Response.MetadataResponseTopic(
            errorCode: 0, name: "__consumer_offsets", isInternal: version >= 1, partitions: [partition(0, leader: 2)])
        let missing = Response.MetadataResponseTopic(errorCode: 3, name: "gone", partitions: [])
        var response = Response(
            throttleTimeMs: 3, brokers: [first, second], clusterId: version >= 2 ? "cluster-x" : nil,
            controllerId: version >= 1 ? 2 : -1, topics: [orders, offsets, missing],
            clusterAuthorizedOperations: version >= 8 && version <= 10 ? 0x30 : -2_147_483_648)
        response.unknownTaggedFields = tags
        var writer = WireWriter()
        response.encode(into: &writer, version: version)
        return writer.bytes
    }

    @Test(arguments: Response.versions)
    func readsWhatTheGeneratedDecoderReads(version: Int16) throws {
        let (generated, direct) = Self.readBoth(Self.sample(version: version), version: version)
        let answer = try direct.get()
        #expect(answer == (try generated.get()))
        // Spelled out once, so that the reference above cannot drift from what the monitor must see.
        #expect(answer.brokers.map(\.host) == ["kafka-1", "kafka-2"])
        #expect(answer.topics.map(\.name) == ["orders", "__consumer_offsets", "gone"])
        #expect(answer.topics.first?.partitions.map(\.leaderId) == [1, 2, -1])
        #expect(answer.topics.first?.partitions.map(\.errorCode) == [0, 0, 5])
        #expect(answer.topics.last?.errorCode == 3)
    }

    /// Every cut of a valid answer fails for both readers with the same error, as does a byte too many.
    @Test(arguments: Response.versions)
    func failsWhereTheGeneratedDecoderFails(version: Int16) {
        expectSameFailuresAsTheGeneratedDecoder(Self.sample(version: version), version: version) {
            Self.readBoth($0, version: version)
        }
    }

    /// Answers recorded from tansu to kafka-python (v6, v12) and librdkafka (v12): frames with size prefix and header.
    @Test(arguments: [("kafka-python-api2", 6), ("kafka-python", 12), ("confluent-kafka", 12)] as [(String, Int16)])
    func readsRecordedAnswers(client: String, version: Int16) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        let file = root.appendingPathComponent("KafkaWireTests/Fixtures/messages/\(client)/Metadata-v\(version)-response.bin")
        let frame = Array(try Data(contentsOf: file).dropFirst(4))
        let reference = try KafkaCodec.decodeResponse(frame, to: MetadataRequest.self, version: version)
        let direct = try KafkaCodec.decodeResponse(frame, api: .metadata, version: version) { reader throws(WireError) in
            try MetadataReading.read(&reader, version: version)
        }
        #expect(direct.header == reference.header)
        #expect(direct.body == Self.expected(reference.body))
        #expect(!direct.body.brokers.isEmpty)
    }
}
