import Foundation
import GroupCore
import GroupSim
import KafkaWire
import Testing

@testable import GroupBroker

/// Records in and out over the Kafka protocol, with a raw socket and KafkaWire's codec: ListOffsets by timestamp, the
/// keys of synthesized records, and the Fetch response writer.
@Suite struct RecordsOverTheWireTests {
    /// A client on a raw socket: one request, one answer.
    final class Client {
        let socket: RawSocket
        var correlationId: Int32 = 0
        init(port: Int) throws { socket = try RawSocket(port: port) }

        func call<Request: KafkaRequestMessage>(_ request: Request, version: Int16) throws -> Request.Response {
            correlationId += 1
            socket.send(KafkaCodec.encodeRequest(request, version: version, correlationId: correlationId, clientId: "wire-test"))
            let frame = try #require(socket.readFrame(timeout: 10))
            let (header, body) = try KafkaCodec.decodeResponse(Array(frame[4...]), to: Request.self, version: version)
            #expect(header.correlationId == correlationId)
            return body
        }

        func produce(_ batch: RecordBatch, topic: String, partition: Int32) throws -> Int64 {
            let request = ProduceRequest(
                acks: -1, timeoutMs: 5_000,
                topicData: [.init(name: topic, partitionData: [.init(index: partition, records: try batch.encoded())])])
            let response = try call(request, version: 9)
            let answer = try #require(response.responses.first?.partitionResponses.first)
            #expect(answer.errorCode == 0)
            return answer.baseOffset
        }

        /// ListOffsets v7 for one partition: (offset, timestamp).
        func listOffset(topic: String, partition: Int32, timestamp: Int64) throws -> (Int64, Int64) {
            let request = KafkaWire.ListOffsetsRequest(
                replicaId: -1,
                topics: [.init(name: topic, partitions: [.init(partitionIndex: partition, timestamp: timestamp)])])
            let response = try call(request, version: 7)
            let answer = try #require(response.topics.first?.partitions.first)
            #expect(answer.errorCode == 0)
            return (answer.offset, answer.timestamp)
        }

        /// Every record from `offset` up to the log end, decoded, with absolute offsets and timestamps.
        func fetchAll(topic: String, partition: Int32) throws -> [(offset: Int64, timestamp: Int64, key: String?)] {
            var records: [(Int64, Int64, String?)] = []
            var offset: Int64 = 0
            while true {
                let request = FetchRequest(
                    maxWaitMs: 0, minBytes: 1, maxBytes: 1 << 20,
                    topics: [
                        .init(
                            topic: topic,
                            partitions: [.init(partition: partition, fetchOffset: offset, partitionMaxBytes: 1 << 20)])
                    ])
                let response = try call(request, version: 12)
                let data = try #require(response.responses.first?.partitions.first)
                #expect(data.errorCode == 0)
                let batches = try RecordSet.decodeBatches(data.records ?? [])
                if batches.isEmpty { return records }
                for batch in batches {
                    for record in batch.records {
                        records.append(
                            (
                                batch.offset(of: record), batch.timestamp(of: record),
                                record.key.map { String(decoding: $0, as: UTF8.self) }
                            ))
                    }
                    offset = batch.lastOffset + 1
                }
            }
        }
    }

    /// Kafka's ListOffsets by timestamp (UnifiedLog.fetchOffsetByTimestamp → LogSegment.findOffsetByTimestamp →
    /// FileRecords.searchForTimestamp): batches in offset order, skip those whose max timestamp is below the target,
    /// answer the first record of the first other batch whose timestamp is ≥ the target, exact to the millisecond;
    /// none: offset −1, timestamp −1. MAX_TIMESTAMP (−3): the first record carrying the largest timestamp.
    @Test func listOffsetsByTimestampFollowsTheRecordsTimestamps() throws {
        let fixture = try BrokerFixture()
        let client = try Client(port: fixture.port)
        let t: Int64 = 1_700_000_000_000
        // Batch A: offsets 0, 1, 2 at t, t+5, t+3 (producers may write timestamps out of order); batch B: 3, 4 at t+10, t+20.
        let a = RecordBatch(
            baseTimestamp: t,
            records: [0, 5, 3].enumerated().map {
                Record(offsetDelta: Int32($0.offset), timestampDelta: $0.element, key: nil, value: Array("a\($0.offset)".utf8))
            })
        let b = RecordBatch(
            baseTimestamp: t + 10,
            records: [0, 10].enumerated().map {
                Record(offsetDelta: Int32($0.offset), timestampDelta: $0.element, key: nil, value: Array("b\($0.offset)".utf8))
            })
        #expect(a.maxTimestamp == t + 5 && b.maxTimestamp == t + 20)
        #expect(try client.produce(a, topic: "quiet", partition: 0) == 0)
        #expect(try client.produce(b, topic: "quiet", partition: 0) == 3)
        let expected: [(target: Int64, offset: Int64, timestamp: Int64)] = [
            (t - 1_000, 0, t),
            (t, 0, t),
            (t + 1, 1, t + 5),
            (t + 4, 1, t + 5),  // offset 2 (t+3) comes later in offset order
            (t + 5, 1, t + 5),
            (t + 6, 3, t + 10),  // batch A's max timestamp t+5 is below: skipped
            (t + 11, 4, t + 20),
            (t + 20, 4, t + 20),
            (t + 21, -1, -1),
            (-3, 4, t + 20),
            (-2, 0, -1),
            (-1, 5, -1),
        ]
        for (target, offset, timestamp) in expected {
            let (foundOffset, foundTimestamp) = try client.listOffset(topic: "quiet", partition: 0, timestamp: target)
            #expect(foundOffset == offset && foundTimestamp == timestamp, "target \(target - t) from t")
        }
        // An empty partition has no record at any timestamp, nor a largest one.
        #expect(try client.listOffset(topic: "quiet", partition: 1, timestamp: t) == (-1, -1))
        #expect(try client.listOffset(topic: "quiet", partition: 1, timestamp: -3) == (-1, -1))
    }

    /// Kafka answers INVALID_REQUEST at every mention of a partition a ListOffsets request names twice
    /// (ListOffsetsRequest.duplicatePartitions, KafkaApis.handleListOffsetRequest: buildErrorResponse, offset −1,
    /// timestamp −1), and the other partitions normally.
    @Test func listOffsetsRefusesAPartitionNamedTwice() throws {
        let fixture = try BrokerFixture()
        let client = try Client(port: fixture.port)
        let request = KafkaWire.ListOffsetsRequest(
            replicaId: -1,
            topics: [
                .init(
                    name: "quiet", partitions: [.init(partitionIndex: 0, timestamp: -1), .init(partitionIndex: 1, timestamp: -1)]),
                .init(name: "quiet", partitions: [.init(partitionIndex: 0, timestamp: -2)]),
            ])
        let response = try client.call(request, version: 7)
        let answers = response.topics.flatMap { topic in topic.partitions.map { ($0.partitionIndex, $0.errorCode, $0.offset) } }
        #expect(answers.map(\.0) == [0, 1, 0])
        #expect(answers.map(\.1) == [KafkaErrorCode.invalidRequest, KafkaErrorCode.none, KafkaErrorCode.invalidRequest])
        #expect(answers.map(\.2) == [-1, 0, -1])
    }

    /// The same semantics through a real client: confluent-kafka (librdkafka 2.16) produces records with explicit
    /// timestamps (CreateTime), then asks `offsets_for_times`, which is ListOffsets by timestamp. Expected offsets
    /// follow Kafka's rule: the first record, in offset order, whose timestamp is ≥ the target; −1 past the last.
    @Test func offsetsForTimesOfARealClientAreExactToTheMillisecond() throws {
        guard Tools.available(Tools.python, for: "offsets_for_times") else { return }
        let fixture = try BrokerFixture()
        let code = """
            import sys
            from confluent_kafka import Producer, Consumer, TopicPartition
            t = 1_700_000_000_000
            p = Producer({'bootstrap.servers': sys.argv[1], 'linger.ms': 0})
            for i, delta in enumerate([0, 7, 3, 12, 30]):
                p.produce('quiet', partition=2, value=str(i), timestamp=t + delta)
                p.flush(10)
            c = Consumer({'bootstrap.servers': sys.argv[1], 'group.id': 'times'})
            targets = [t - 5, t + 1, t + 4, t + 8, t + 12, t + 13, t + 30, t + 31]
            # One target per call: a request naming a partition twice is not what clients send.
            found = [c.offsets_for_times([TopicPartition('quiet', 2, target)], timeout=10)[0] for target in targets]
            print(' '.join(str(tp.offset) for tp in found))
            """
        let script = try Tools.temporaryFile(code, suffix: ".py")
        defer { try? FileManager.default.removeItem(atPath: script) }
        let result = try ChildProcess.run([Tools.python, script, fixture.bootstrap], timeout: 40)
        #expect(result.status == 0, "\(result.stderr)")
        // Records 0…4 at t, t+7, t+3, t+12, t+30 (one batch each: flushed one by one).
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0 1 1 3 3 4 4 -1")
    }

    /// The simulated producers' records carry their append time as timestamp; ListOffsets by timestamp answers with
    /// the first of them (in offset order) whose timestamp is ≥ the target, consistent with what a consumer fetches.
    @Test func listOffsetsByTimestampFindsSynthesizedRecords() throws {
        let fixture = try BrokerFixture(
            yaml: """
                name: timestamps
                seed: 3
                duration: 1h
                topics:
                  - { name: ticks, partitions: 1 }
                producers:
                  - { topic: ticks, rate: 2000 }
                """)
        let client = try Client(port: fixture.port)
        Thread.sleep(forTimeInterval: 2.5)
        let records = try client.fetchAll(topic: "ticks", partition: 0)
        try #require(records.count > 100)
        let timestamps = records.map(\.timestamp)
        #expect(timestamps == timestamps.sorted(), "append times never decrease along the log")
        let distinct = Array(Set(timestamps)).sorted()
        try #require(distinct.count >= 2)
        for target in [distinct[0], distinct[1], distinct[1] - 1, distinct[distinct.count - 1]] {
            let first = try #require(records.first { $0.timestamp >= target })
            let (offset, timestamp) = try client.listOffset(topic: "ticks", partition: 0, timestamp: target)
            #expect(offset == first.offset && timestamp == first.timestamp, "target \(target)")
        }
    }

    /// Synthesized records of a keyed producer carry keys of its key space that Kafka's default partitioner
    /// (murmur2(key) mod partitions, `BuiltInPartitioner.partitionForKey`) puts on the partition they are in; the same
    /// offsets give the same keys on every fetch; a hot key stays the most frequent on its partition. Keyless
    /// producers (the sticky partitioner) write null keys.
    @Test func synthesizedKeysAreOnesTheDefaultPartitionerPutsThere() throws {
        let fixture = try BrokerFixture(
            yaml: """
                name: keys
                seed: 5
                duration: 1h
                topics:
                  - { name: keyed, partitions: 6 }
                  - { name: plain, partitions: 2 }
                producers:
                  - { topic: keyed, rate: 3000, keys: "hot:0.6", key-space: 200 }
                  - { topic: plain, rate: 500 }
                """)
        let client = try Client(port: fixture.port)
        Thread.sleep(forTimeInterval: 1.5)
        let hotPartition = Int32(kafkaPartition(forKey: "key-0", partitions: 6))
        for partition in Int32(0)..<6 {
            let records = try client.fetchAll(topic: "keyed", partition: partition)
            let again = try client.fetchAll(topic: "keyed", partition: partition)
            #expect(records.map(\.key) == Array(again.prefix(records.count)).map(\.key))
            for record in records {
                let key = try #require(record.key)
                let number = try #require(Int(key.dropFirst(4)))
                #expect(key.hasPrefix("key-") && (0..<200).contains(number))
                #expect(kafkaPartition(forKey: key, partitions: 6) == Int(partition), "\(key) at partition \(partition)")
            }
            if partition == hotPartition, !records.isEmpty {
                let hot = records.filter { $0.key == "key-0" }.count
                // key-0 takes 60 % of all records; on its own partition it is well above half.
                #expect(Double(hot) / Double(records.count) > 0.5)
            }
        }
        for partition in Int32(0)..<2 {
            #expect(try client.fetchAll(topic: "plain", partition: partition).allSatisfy { $0.key == nil })
        }
    }

    /// The Fetch response writer lays out FetchResponse v4–12 exactly as KafkaWire's generated encoder does (from
    /// Kafka's FetchResponse.json), and writes each stored batch's assigned base offset and leader epoch −1 into it:
    /// the bytes equal the batch encoded with those header fields, CRC unchanged (DefaultRecordBatch: the CRC covers
    /// attributes to the end only).
    @Test(arguments: Array(Int16(4)...12)) func fetchWriterMatchesTheGeneratedEncoder(version: Int16) throws {
        let stored = RecordBatch(
            baseOffset: 0, partitionLeaderEpoch: 7, baseTimestamp: 1_700_000_000_000,
            records: [Record(offsetDelta: 0, key: Array("k".utf8), value: Array("v".utf8))])
        var assigned = stored
        assigned.baseOffset = 42
        assigned.partitionLeaderEpoch = -1
        let plan = FetchPlan(topics: [
            .init(
                name: "orders",
                partitions: [
                    .init(
                        index: 3, highWatermark: 43, lastStableOffset: 43, logStartOffset: 10,
                        batches: [.init(bytes: try stored.encoded(), baseOffset: 42)]),
                    .init(
                        index: 4, errorCode: KafkaErrorCode.offsetOutOfRange, highWatermark: 0, lastStableOffset: 0,
                        logStartOffset: 0),
                ]),
            .init(name: "payments", partitions: []),
        ])
        let expected = FetchResponse(responses: [
            .init(
                topic: "orders",
                partitions: [
                    .init(
                        partitionIndex: 3, highWatermark: 43, lastStableOffset: 43, logStartOffset: 10, abortedTransactions: [],
                        records: try assigned.encoded()),
                    .init(
                        partitionIndex: 4, errorCode: KafkaErrorCode.offsetOutOfRange, highWatermark: 0, lastStableOffset: 0,
                        logStartOffset: 0, abortedTransactions: [], records: []),
                ]),
            .init(topic: "payments", partitions: []),
        ])
        let written = FetchResponseWriter.frame(plan, version: version, correlationId: 99, allocator: .init())
        let encoded = KafkaCodec.encodeResponse(expected, version: version, correlationId: 99)
        #expect(Array(written.readableBytesView) == encoded)
        #expect(try RecordBatch(decoding: assigned.encoded()).baseOffset == 42)
    }
}
