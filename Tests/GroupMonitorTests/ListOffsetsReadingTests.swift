import Foundation
import KafkaWire
import Testing

@testable import GroupMonitor

/// The monitor reads ListOffsets answers straight into `ListOffsetsAnswer` (`ListOffsetsReading`) instead of through
/// the generated `ListOffsetsResponse`. Both must read the same schema (Kafka's ListOffsetsResponse.json, v1–7); the
/// generated decoder is the reference (its own tests check it against Kafka's specs and real clients' bytes).
@Suite struct ListOffsetsReadingTests {
    typealias Response = ListOffsetsResponse

    static func expected(_ response: Response) -> ListOffsetsAnswer {
        ListOffsetsAnswer(
            topics: response.topics.map { t in
                ListOffsetsAnswer.Topic(
                    name: t.name,
                    partitions: t.partitions.map {
                        .init(partitionIndex: $0.partitionIndex, errorCode: $0.errorCode, offset: $0.offset)
                    })
            })
    }

    static func readBoth(_ bytes: [UInt8], version: Int16) -> (
        generated: Result<ListOffsetsAnswer, WireError>, direct: Result<ListOffsetsAnswer, WireError>
    ) {
        readWithBoth(bytes, version: version, generated: { (response: Response) in expected(response) }) {
            reader throws(WireError) in try ListOffsetsReading.read(&reader, version: version)
        }
    }

    /// Offsets, a partition with an error (NOT_LEADER_OR_FOLLOWER, offset −1), timestamps, leader epochs and unknown
    /// tagged fields at every level where the version has them.
    static func sample(version: Int16) -> [UInt8] {
        let tags = version >= 6 ? [TaggedField(tag: 3, data: [7])] : []
        func partition(_ index: Int32, _ offset: Int64, error: Int16 = 0) -> Response.ListOffsetsPartitionResponse {
            var p = Response.ListOffsetsPartitionResponse(
                partitionIndex: index, errorCode: error, timestamp: 1_700_000_000_000, offset: offset,
                leaderEpoch: version >= 4 ? 5 : -1)
            p.unknownTaggedFields = tags
            return p
        }
        var orders = Response.ListOffsetsTopicResponse(
            name: "orders", partitions: [partition(0, 120), partition(1, -1, error: 6), partition(2, 7)])
        orders.unknownTaggedFields = tags
        let audit = Response.ListOffsetsTopicResponse(name: "audit", partitions: [partition(0, 0)])
        var response = Response(throttleTimeMs: 2, topics: [orders, audit])
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
        #expect(answer.topics.map(\.name) == ["orders", "audit"])
        #expect(answer.topics.first?.partitions.map(\.offset) == [120, -1, 7])
        #expect(answer.topics.first?.partitions.map(\.errorCode) == [0, 6, 0])
    }

    /// Every cut of a valid answer fails for both readers with the same error, as does a byte too many.
    @Test(arguments: Response.versions)
    func failsWhereTheGeneratedDecoderFails(version: Int16) {
        expectSameFailuresAsTheGeneratedDecoder(Self.sample(version: version), version: version) {
            Self.readBoth($0, version: version)
        }
    }

    /// Answers recorded from tansu to kafka-python (v3, v7) and librdkafka (v7): frames with size prefix and header.
    @Test(arguments: [("kafka-python-api2", 3), ("kafka-python", 7), ("confluent-kafka", 7)] as [(String, Int16)])
    func readsRecordedAnswers(client: String, version: Int16) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        let file = root.appendingPathComponent("KafkaWireTests/Fixtures/messages/\(client)/ListOffsets-v\(version)-response.bin")
        let frame = Array(try Data(contentsOf: file).dropFirst(4))
        let reference = try KafkaCodec.decodeResponse(frame, to: ListOffsetsRequest.self, version: version)
        let direct = try KafkaCodec.decodeResponse(frame, api: .listOffsets, version: version) { reader throws(WireError) in
            try ListOffsetsReading.read(&reader, version: version)
        }
        #expect(direct.header == reference.header)
        #expect(direct.body == Self.expected(reference.body))
        #expect(!direct.body.topics.isEmpty)
    }
}
