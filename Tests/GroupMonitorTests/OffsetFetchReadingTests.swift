import Foundation
import KafkaWire
import Testing

@testable import GroupMonitor

/// The monitor reads OffsetFetch answers straight into committed offsets (`OffsetFetchReading`) instead of through
/// the generated `OffsetFetchResponse`. Both must read the same schema (Kafka's OffsetFetchResponse.json, v1–9): the
/// generated decoder is the reference here (its own tests check it against Kafka's specs and real clients' bytes).
/// What the monitor keeps follows Kafka's `ConsumerGroupCommand.describeGroups`: a partition whose committed offset
/// is −1 (`OffsetFetchResponse.INVALID_OFFSET`) or that carries an error has no commit.
@Suite struct OffsetFetchReadingTests {
    typealias Response = OffsetFetchResponse

    /// What the generated decoder's answer means to the monitor, worked out field by field from the structs.
    static func expected(_ response: Response, version: Int16) -> [OffsetFetchReading.Group] {
        func topics(_ topics: [(String, [(Int32, Int64, Int16)])]) -> [CommittedTopic] {
            var table: [String: [Int32: Int64]] = [:]
            for (name, partitions) in topics {
                for (partition, offset, error) in partitions where error == 0 && offset >= 0 {
                    table[name, default: [:]][partition] = offset
                }
            }
            return table.keys.sorted().map { name in
                let entries = table[name, default: [:]].sorted { $0.key < $1.key }
                return CommittedTopic(topic: name, partitions: entries.map(\.key), offsets: entries.map(\.value))
            }
        }
        if version <= 7 {
            let committed = topics(
                response.topics.map { t in (t.name, t.partitions.map { ($0.partitionIndex, $0.committedOffset, $0.errorCode) }) })
            return [OffsetFetchReading.Group(groupId: "", errorCode: response.errorCode, topics: committed)]
        }
        return response.groups.map { g in
            OffsetFetchReading.Group(
                groupId: g.groupId, errorCode: g.errorCode,
                topics: topics(
                    g.topics.map { t in (t.name, t.partitions.map { ($0.partitionIndex, $0.committedOffset, $0.errorCode) }) }))
        }
    }

    static func body(_ response: Response, version: Int16) -> [UInt8] {
        var writer = WireWriter()
        response.encode(into: &writer, version: version)
        return writer.bytes
    }

    static func readBoth(_ bytes: [UInt8], version: Int16) -> (
        generated: Result<[OffsetFetchReading.Group], WireError>, direct: Result<[OffsetFetchReading.Group], WireError>
    ) {
        readWithBoth(bytes, version: version, generated: { (response: Response) in expected(response, version: version) }) {
            reader throws(WireError) in try OffsetFetchReading.read(&reader, version: version)
        }
    }

    /// An answer with every case the reader must tell apart: commits, no commit (−1), a partition error, null and
    /// non-empty metadata, topics out of order, a topic split in two, a partition listed twice (the last one wins,
    /// as a table keyed by partition keeps it), a group error, and unknown tagged fields at every level.
    static func sample(version: Int16) -> Response {
        let tags = version >= 6 ? [TaggedField(tag: 7, data: [1, 2, 3])] : []
        func partition(_ index: Int32, _ offset: Int64, error: Int16 = 0, metadata: String? = "") -> (
            Int32, Int64, Int16, String?
        ) {
            (index, offset, error, metadata)
        }
        let layout: [(String, [(Int32, Int64, Int16, String?)])] = [
            ("orders", [partition(0, 42), partition(1, -1), partition(2, 7, error: 3), partition(3, 9, metadata: nil)]),
            ("audit", [partition(1, 5, metadata: "from the app"), partition(0, 4)]),
            ("orders", [partition(5, 11), partition(3, 10)]),
            ("empty", [partition(0, -1)]),
        ]
        var response = Response()
        response.throttleTimeMs = 12
        if version <= 7 {
            response.topics = layout.map { name, partitions in
                var topic = Response.OffsetFetchResponseTopic(
                    name: name,
                    partitions: partitions.map {
                        var p = Response.OffsetFetchResponsePartition(
                            partitionIndex: $0.0, committedOffset: $0.1, committedLeaderEpoch: 3, metadata: $0.3, errorCode: $0.2)
                        p.unknownTaggedFields = tags
                        return p
                    })
                topic.unknownTaggedFields = tags
                return topic
            }
        } else {
            let topics = layout.map { name, partitions in
                var topic = Response.OffsetFetchResponseTopics(
                    name: name,
                    partitions: partitions.map {
                        var p = Response.OffsetFetchResponsePartitions(
                            partitionIndex: $0.0, committedOffset: $0.1, committedLeaderEpoch: 3, metadata: $0.3, errorCode: $0.2)
                        p.unknownTaggedFields = tags
                        return p
                    })
                topic.unknownTaggedFields = tags
                return topic
            }
            var billing = Response.OffsetFetchResponseGroup(groupId: "billing", topics: topics)
            billing.unknownTaggedFields = tags
            let failed = Response.OffsetFetchResponseGroup(groupId: "shipping", topics: [], errorCode: 16)
            let idle = Response.OffsetFetchResponseGroup(groupId: "idle", topics: [])
            response.groups = [billing, failed, idle]
        }
        response.unknownTaggedFields = tags
        return response
    }

    @Test(arguments: Response.versions)
    func readsWhatTheGeneratedDecoderReads(version: Int16) throws {
        let bytes = Self.body(Self.sample(version: version), version: version)
        let (generated, direct) = Self.readBoth(bytes, version: version)
        let groups = try direct.get()
        #expect(groups == (try generated.get()))
        // Spelled out once, so that the reference above cannot drift from what a monitor must see.
        let committed = version <= 7 ? groups.first?.topics : groups.first { $0.groupId == "billing" }?.topics
        #expect(
            committed == [
                CommittedTopic(topic: "audit", partitions: [0, 1], offsets: [4, 5]),
                CommittedTopic(topic: "orders", partitions: [0, 3, 5], offsets: [42, 10, 11]),
            ])
        if version >= 8 {
            #expect(groups.map(\.groupId) == ["billing", "shipping", "idle"])
            #expect(groups.map(\.errorCode) == [0, 16, 0])
        }
    }

    /// Every cut of a valid answer is malformed for both readers, with the same error (field path and offset), as is
    /// a byte too many.
    @Test(arguments: Response.versions)
    func failsWhereTheGeneratedDecoderFails(version: Int16) {
        expectSameFailuresAsTheGeneratedDecoder(Self.body(Self.sample(version: version), version: version), version: version) {
            Self.readBoth($0, version: version)
        }
    }

    /// A negative string length other than −1 in the metadata, and an unsupported version, fail the same way.
    @Test func rejectsWhatTheGeneratedDecoderRejects() {
        var answer = Self.body(Self.sample(version: 4), version: 4)
        // v4: throttle (4), topics count (4), name "orders" (2 + 6), partition count (4), then partition 0: index (4),
        // offset (8), leader epoch absent before v5, metadata length at byte 32.
        answer[32] = 0xFF
        answer[33] = 0xFE
        let (generated, direct) = Self.readBoth(answer, version: 4)
        #expect(direct.failureDescription?.contains("negative length -2") == true)
        #expect(generated.failureDescription == direct.failureDescription)
        let (old, oldDirect) = Self.readBoth([], version: 0)
        #expect(oldDirect.failureDescription?.contains("unsupported version 0") == true)
        #expect(old.failureDescription == oldDirect.failureDescription)
    }

    /// Answers recorded from tansu to kafka-python (v4, v8) and librdkafka (v9): frames with size prefix and header.
    @Test(arguments: [("kafka-python-api2", 4), ("kafka-python", 8), ("confluent-kafka", 9)] as [(String, Int16)])
    func readsRecordedAnswers(client: String, version: Int16) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        let file = root.appendingPathComponent("KafkaWireTests/Fixtures/messages/\(client)/OffsetFetch-v\(version)-response.bin")
        let frame = Array(try Data(contentsOf: file).dropFirst(4))
        let api = ApiKey.offsetFetch
        let reference = try KafkaCodec.decodeResponse(frame, to: OffsetFetchRequest.self, version: version)
        let direct = try KafkaCodec.decodeResponse(frame, api: api, version: version) { reader throws(WireError) in
            try OffsetFetchReading.read(&reader, version: version)
        }
        #expect(direct.header == reference.header)
        #expect(direct.body == Self.expected(reference.body, version: version))
        // tansu answered before anything was committed: offset −1 on each of the topic's 3 partitions, no commits.
        #expect(direct.body.count == 1)
        #expect(direct.body.allSatisfy { $0.topics.isEmpty && $0.errorCode == 0 })
        if version >= 8 { #expect(direct.body.first?.groupId.hasPrefix("wire-fixtures-") == true) }
    }
}
