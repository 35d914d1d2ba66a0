import Foundation
import GroupCore
import GroupSim
import KafkaWire
import Testing

@testable import GroupBroker

/// Issue 11's Produce and Fetch rules over a raw socket, each following Kafka's broker: acks 0/1/all
/// (KafkaApis.handleProduceRequest), long polling, the byte limits, OFFSET_OUT_OF_RANGE, leader epoch −1 and session
/// id 0 (ReplicaManager.fetchMessages / readFromLog, FetchResponse.json).
@Suite(.serialized) struct FetchAndProduceRulesTests {
    typealias Client = RecordsOverTheWireTests.Client

    static func batch(_ values: [String], size: Int = 0) -> RecordBatch {
        RecordBatch(
            baseTimestamp: 1_700_000_000_000,
            records: values.enumerated().map {
                Record(
                    offsetDelta: Int32($0.offset), timestampDelta: 0, key: nil,
                    value: Array($0.element.utf8) + [UInt8](repeating: 0x61, count: size))
            })
    }

    static func produce(acks: Int16, _ batch: RecordBatch, partition: Int32 = 0) throws
        -> ProduceRequest
    {
        ProduceRequest(
            acks: acks, timeoutMs: 5_000,
            topicData: [.init(name: "quiet", partitionData: [.init(index: partition, records: try batch.encoded())])])
    }

    static func fetch(
        offset: Int64, partition: Int32 = 0, maxWaitMs: Int32 = 0, minBytes: Int32 = 1, maxBytes: Int32 = 1 << 20,
        partitionMaxBytes: Int32 = 1 << 20
    ) -> FetchRequest {
        FetchRequest(
            maxWaitMs: maxWaitMs, minBytes: minBytes, maxBytes: maxBytes,
            topics: [
                .init(
                    topic: "quiet",
                    partitions: [.init(partition: partition, fetchOffset: offset, partitionMaxBytes: partitionMaxBytes)])
            ])
    }

    /// ProduceRequest.json, Acks: "0 for no acknowledgments, 1 for only the leader and -1 for the full ISR". With acks=0
    /// KafkaApis sends no response at all (the next answer on the connection is the next request's); 1 and −1 answer
    /// with the base offset; any other value is INVALID_REQUIRED_ACKS (21).
    @Test func acksZeroIsUnansweredOneAndAllAnswerOthersAreInvalid() throws {
        let fixture = try BrokerFixture()
        let client = try Client(port: fixture.port)
        client.correlationId += 1
        client.socket.send(
            KafkaCodec.encodeRequest(
                try Self.produce(acks: 0, Self.batch(["a0"])), version: 9, correlationId: client.correlationId,
                clientId: "wire-test"))
        // `call` checks the answer's correlation id: a response to the acks=0 request would come first and fail it.
        let one = try client.call(try Self.produce(acks: 1, Self.batch(["a1"])), version: 9)
        #expect(one.responses.first?.partitionResponses.first?.baseOffset == 1)
        let all = try client.call(try Self.produce(acks: -1, Self.batch(["a2"])), version: 9)
        #expect(all.responses.first?.partitionResponses.first?.baseOffset == 2)
        let invalid = try client.call(try Self.produce(acks: 2, Self.batch(["bad"])), version: 9)
        #expect(invalid.responses.first?.partitionResponses.first?.errorCode == 21)
        #expect(try client.listOffset(topic: "quiet", partition: 0, timestamp: -1).0 == 3)
    }

    /// Fetch past the high watermark: OFFSET_OUT_OF_RANGE (1) at once, even with a long max.wait.ms (ReplicaManager
    /// answers immediately when reading a partition failed). No fetch session: session id 0 (FetchResponse.json,
    /// "0 if the fetch is not part of a session"). Batches carry partition leader epoch −1 as the broker has no epochs.
    @Test func outOfRangeAnswersAtOnceAndResponsesHaveNoSessionAndEpochMinusOne() throws {
        let fixture = try BrokerFixture()
        let client = try Client(port: fixture.port)
        _ = try client.produce(Self.batch(["x", "y"]), topic: "quiet", partition: 0)
        let started = Date()
        let outOfRange = try client.call(Self.fetch(offset: 3, maxWaitMs: 5_000), version: 12)
        #expect(Date().timeIntervalSince(started) < 4)
        let data = try #require(outOfRange.responses.first?.partitions.first)
        #expect(data.errorCode == 1)
        #expect(outOfRange.sessionId == 0)
        var request = Self.fetch(offset: 0)
        request.sessionEpoch = 0  // a client asking for a new session (FetchMetadata.INITIAL_EPOCH)
        let full = try client.call(request, version: 12)
        #expect(full.sessionId == 0)
        let batches = try RecordSet.decodeBatches(try #require(full.responses.first?.partitions.first?.records))
        #expect(batches.count == 1)
        #expect(batches.first?.partitionLeaderEpoch == -1)
        #expect(batches.first?.baseOffset == 0)
    }

    /// Long polling: a fetch at the log end with max.wait.ms waits; Kafka's DelayedFetch completes as soon as min.bytes
    /// are there (here: a produce from another connection), or at the deadline with nothing.
    @Test func fetchAtTheLogEndWaitsForDataOrTheDeadline() throws {
        let fixture = try BrokerFixture()
        let client = try Client(port: fixture.port)
        let started = Date()
        let empty = try client.call(Self.fetch(offset: 0, maxWaitMs: 600), version: 12)
        let waited = Date().timeIntervalSince(started)
        #expect(waited >= 0.55, "answered after \(waited) s, before max.wait.ms")
        #expect(empty.responses.first?.partitions.first?.records?.isEmpty ?? true)

        // Used only by the delayed produce below, on its own queue.
        nonisolated(unsafe) let producer = try Client(port: fixture.port)
        let pollStart = Date()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) {
            _ = try? producer.produce(Self.batch(["late"]), topic: "quiet", partition: 0)
        }
        let woken = try client.call(Self.fetch(offset: 0, maxWaitMs: 10_000), version: 12)
        #expect(Date().timeIntervalSince(pollStart) < 8, "the waiting fetch was not woken by the produce")
        let batches = try RecordSet.decodeBatches(try #require(woken.responses.first?.partitions.first?.records))
        #expect(batches.first?.records.first?.value.map { Array($0) } == Array("late".utf8))
    }

    /// max.bytes and max.partition.bytes (KIP-74): batches are returned whole while they fit; the first batch of the
    /// response goes out even when larger than both limits, so that a consumer always makes progress; a later
    /// partition gets nothing once the response is full.
    @Test func byteLimitsReturnWholeBatchesAndAlwaysTheFirst() throws {
        let fixture = try BrokerFixture()
        let client = try Client(port: fixture.port)
        for i in 0..<3 { _ = try client.produce(Self.batch(["p0-\(i)"], size: 1_000), topic: "quiet", partition: 0) }
        _ = try client.produce(Self.batch(["p1"], size: 1_000), topic: "quiet", partition: 1)
        func batchCounts(_ request: FetchRequest) throws -> [Int] {
            let response = try client.call(request, version: 12)
            return try (response.responses.first?.partitions ?? []).map { try RecordSet.decodeBatches($0.records ?? []).count }
        }
        // One batch is ~1,070 bytes: a 2,500-byte partition limit holds two of the three.
        #expect(try batchCounts(Self.fetch(offset: 0, partitionMaxBytes: 2_500)) == [2])
        // Limits below one batch: the first still comes, alone.
        #expect(try batchCounts(Self.fetch(offset: 0, maxBytes: 10, partitionMaxBytes: 10)) == [1])
        var both = Self.fetch(offset: 0, maxBytes: 2_500)
        both.topics[0].partitions.append(.init(partition: 1, fetchOffset: 0, partitionMaxBytes: 1 << 20))
        // The response's 2,500 bytes go to partition 0's first two batches; partition 1 is listed with none.
        #expect(try batchCounts(both) == [2, 0])
    }

    /// Kafka's log read is a byte slice: min(partition limit, what is left of max.bytes) bytes from the fetch offset
    /// (LogSegment.read: `fetchSize = min(maxPosition - startPosition, adjustedMaxSize)`, then FileRecords.slice), so
    /// the records field is exactly that long and ends inside the batch that did not fit — its first bytes still carry
    /// its base offset; KIP-74's first batch (`adjustedMaxSize = max(maxSize, first batch size)`) comes whole and alone;
    /// a partition after a full response gets no bytes.
    @Test func byteLimitsCutTheLastBatchAsKafkasLogSliceDoes() throws {
        let fixture = try BrokerFixture()
        let client = try Client(port: fixture.port)
        for i in 0..<3 { _ = try client.produce(Self.batch(["p0-\(i)"], size: 1_000), topic: "quiet", partition: 0) }
        _ = try client.produce(Self.batch(["p1"], size: 1_000), topic: "quiet", partition: 1)
        func records(_ request: FetchRequest) throws -> [[UInt8]] {
            try (client.call(request, version: 12).responses.first?.partitions ?? []).map { $0.records ?? [] }
        }
        let whole = try #require(try records(Self.fetch(offset: 0)).first)
        let batchSize = try #require(try RecordSet(splitting: whole).batches.first).bytes.count
        #expect(whole.count == 3 * batchSize)

        let cut = try #require(try records(Self.fetch(offset: 0, partitionMaxBytes: 2_500)).first)
        #expect(cut.count == 2_500)
        let split = try RecordSet(splitting: cut)
        #expect(split.batches.count == 2 && split.partialTailBytes == 2_500 - 2 * batchSize)
        // The cut batch is the third: base offset 2, then the stored length.
        #expect(Array(cut[(2 * batchSize)..<(2 * batchSize + 12)]) == Array(whole[(2 * batchSize)..<(2 * batchSize + 12)]))
        #expect(Array(cut[(2 * batchSize)..<(2 * batchSize + 8)]) == [0, 0, 0, 0, 0, 0, 0, 2])

        // A cut inside the first 16 bytes still carries the base offset, byte for byte.
        let short = try #require(try records(Self.fetch(offset: 1, partitionMaxBytes: Int32(batchSize + 10))).first)
        #expect(short.count == batchSize + 10)
        let storedLength = whole[(2 * batchSize + 8)..<(2 * batchSize + 10)]
        #expect(Array(short[batchSize..<(batchSize + 10)]) == [0, 0, 0, 0, 0, 0, 0, 2] + storedLength)

        // KIP-74: limits below one batch return exactly the first batch.
        let first = try #require(try records(Self.fetch(offset: 0, maxBytes: 10, partitionMaxBytes: 10)).first)
        #expect(first == Array(whole[0..<batchSize]))

        var both = Self.fetch(offset: 0, maxBytes: 2_500)
        both.topics[0].partitions.append(.init(partition: 1, fetchOffset: 0, partitionMaxBytes: 1 << 20))
        #expect(try records(both).map(\.count) == [2_500, 0])

        // Room left, but less than partition 1's first batch: Kafka sends no bytes rather than a batch cut before its
        // end (ReplicaManager.readFromLog, `firstEntryIncomplete` → MemoryRecords.EMPTY); kafka-python would otherwise
        // fail with "Failed to make progress".
        var roomForPart = Self.fetch(offset: 2, maxBytes: Int32(batchSize + 500))
        roomForPart.topics[0].partitions.append(.init(partition: 1, fetchOffset: 0, partitionMaxBytes: 1 << 20))
        #expect(try records(roomForPart).map(\.count) == [batchSize, 0])
    }

    /// `--retention-bytes` over the wire: past the per-partition bound the oldest batches go (Kafka's retention.bytes
    /// deletes whole segments), ListOffsets earliest moves past them, and a fetch below the new log start is
    /// OFFSET_OUT_OF_RANGE (1), as Kafka answers any offset outside [log start, high watermark].
    @Test func retentionBytesMovesTheLogStartAndOlderOffsetsAreOutOfRange() throws {
        let fixture = try BrokerFixture(config: BrokerConfig(retentionBytes: 2_500))
        let client = try Client(port: fixture.port)
        for i in 0..<5 { _ = try client.produce(Self.batch(["b\(i)"], size: 1_000), topic: "quiet", partition: 0) }
        let earliest = try client.listOffset(topic: "quiet", partition: 0, timestamp: -2).0
        #expect(earliest == 3)
        #expect(try client.listOffset(topic: "quiet", partition: 0, timestamp: -1).0 == 5)
        let below = try client.call(Self.fetch(offset: 0), version: 12)
        #expect(below.responses.first?.partitions.first?.errorCode == 1)
        #expect(below.responses.first?.partitions.first?.logStartOffset == 3)
        let kept = try client.call(Self.fetch(offset: 3), version: 12)
        let batches = try RecordSet.decodeBatches(try #require(kept.responses.first?.partitions.first?.records))
        #expect(batches.map(\.baseOffset) == [3, 4])
    }
}
