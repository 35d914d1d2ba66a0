import GroupCore
import GroupSim
import Testing

/// What the simulation keeps for real producers (GroupSim/External), without the network.
struct ExternalRecordsTests {
    static func simulation() throws -> Simulation {
        let scenario = try Scenario.parse(
            yaml: """
                name: records
                seed: 1
                duration: 1h
                topics:
                  - { name: t, partitions: 2 }
                """, file: "records.yaml")
        return Simulation(scenario: scenario)
    }

    /// Kafka's ProducerStateEntry keeps the last NUM_BATCHES_TO_RETAIN = 5 batches per producer and partition: a retry
    /// of any of them is acknowledged with its original base offset and not appended again.
    @Test func retriedIdempotentBatchIsAcknowledgedNotAppended() throws {
        let simulation = try Self.simulation()
        let tp = TopicPartition("t", 0)
        var bases: [Int64] = []
        for batch in 0..<5 {
            let producer = ProducerIdentity(producerId: 7, epoch: 0, firstSequence: Int32(batch * 10))
            let result = simulation.appendExternalBatch(
                tp, offsetCount: 10, recordCount: 10, producer: producer, bytes: [UInt8(batch)])
            guard case .appended(let base) = result else {
                Issue.record("batch \(batch): \(result)")
                return
            }
            bases.append(base)
        }
        #expect(bases == [0, 10, 20, 30, 40])
        let retry = simulation.appendExternalBatch(
            tp, offsetCount: 10, recordCount: 10, producer: ProducerIdentity(producerId: 7, epoch: 0, firstSequence: 10),
            bytes: [99])
        #expect(retry == .duplicate(baseOffset: 10))
        // The oldest of the five is still known...
        let oldest = simulation.appendExternalBatch(
            tp, offsetCount: 10, recordCount: 10, producer: ProducerIdentity(producerId: 7, epoch: 0, firstSequence: 0),
            bytes: [98])
        #expect(oldest == .duplicate(baseOffset: 0))
        #expect(simulation.offsets(tp)?.logEnd == 50)
        // ...until a sixth batch pushes it out: its retry is then no longer recognised, and a sequence that is not the
        // next one is OUT_OF_ORDER_SEQUENCE_NUMBER (ProducerStateEntry.findDuplicateBatch, then checkSequence).
        let sixth = simulation.appendExternalBatch(
            tp, offsetCount: 10, recordCount: 10, producer: ProducerIdentity(producerId: 7, epoch: 0, firstSequence: 50),
            bytes: [5])
        #expect(sixth == .appended(baseOffset: 50))
        let forgotten = simulation.appendExternalBatch(
            tp, offsetCount: 10, recordCount: 10, producer: ProducerIdentity(producerId: 7, epoch: 0, firstSequence: 0),
            bytes: [97])
        #expect(forgotten == .outOfOrderSequence)
        #expect(simulation.offsets(tp)?.logEnd == 60)
        // A gap in the sequence is OUT_OF_ORDER_SEQUENCE_NUMBER (ProducerAppendInfo.checkSequence).
        let gap = simulation.appendExternalBatch(
            tp, offsetCount: 1, recordCount: 1, producer: ProducerIdentity(producerId: 7, epoch: 0, firstSequence: 70), bytes: [1]
        )
        #expect(gap == .outOfOrderSequence)
    }

    /// Offsets between stored batches belong to the simulated producers: a fetch finds a stored batch where one holds
    /// the offset, and otherwise the run of simulated offsets up to the next stored batch.
    @Test func piecesAlternateBetweenStoredAndSimulatedRecords() throws {
        let simulation = Simulation(
            scenario: try Scenario.parse(
                yaml: """
                    name: mixed-records
                    seed: 1
                    duration: 1h
                    topics:
                      - { name: t, partitions: 1 }
                    producers:
                      - { topic: t, rate: 100 }
                    """, file: "mixed.yaml"))
        let tp = TopicPartition("t", 0)
        simulation.run(until: 1_000)
        let simulated = try #require(simulation.offsets(tp)?.logEnd)
        #expect(simulated > 0)
        let result = simulation.appendExternalBatch(tp, offsetCount: 3, recordCount: 3, producer: nil, bytes: [1, 2, 3])
        #expect(result == .appended(baseOffset: simulated))
        guard case .synthesized(let from, let to)? = simulation.piece(tp, at: 0) else {
            Issue.record("expected simulated records at offset 0")
            return
        }
        #expect(from == 0 && to == simulated)
        guard case .batch(let batch)? = simulation.piece(tp, at: simulated + 1) else {
            Issue.record("expected the stored batch")
            return
        }
        #expect(batch.baseOffset == simulated && batch.endOffset == simulated + 3 && batch.bytes == [1, 2, 3])
        #expect(simulation.piece(tp, at: simulated + 3) == nil)
    }

    /// `--retention-bytes`: past the bound the oldest batches go and the log start moves past them, as Kafka's
    /// retention.bytes deletes whole segments.
    @Test func byteBoundDropsTheOldestBatches() throws {
        let simulation = try Self.simulation()
        simulation.retentionBytes = 2_500
        let tp = TopicPartition("t", 0)
        for _ in 0..<5 {
            _ = simulation.appendExternalBatch(
                tp, offsetCount: 100, recordCount: 100, producer: nil, bytes: [UInt8](repeating: 7, count: 1_000))
        }
        #expect(simulation.offsets(tp)?.logStart == 300)
        #expect(simulation.offsets(tp)?.logEnd == 500)
        #expect(simulation.storedBytes == 2_000)
    }

    /// A topic's `retention.ms` (CreateTopics config): Kafka deletes what is older than retention.ms
    /// (UnifiedLog.deleteRetentionMsBreachedSegments) and the log start moves past it; the stored bytes of real
    /// producers' batches below the new log start are freed.
    @Test func timeRetentionFreesStoredBatches() throws {
        let simulation = try Self.simulation()
        #expect(simulation.createExternalTopic("short", partitions: 1, retentionMs: 2_000))
        let tp = TopicPartition("short", 0)
        _ = simulation.appendExternalBatch(
            tp, offsetCount: 10, recordCount: 10, producer: nil, bytes: [UInt8](repeating: 1, count: 500))
        #expect(simulation.storedBytes == 500)
        simulation.run(until: 10_000)
        simulation.trimStoredRecords()
        #expect(simulation.offsets(tp)?.logStart == 10)
        #expect(simulation.offsets(tp)?.logEnd == 10)
        #expect(simulation.storedBytes == 0)
    }
}
