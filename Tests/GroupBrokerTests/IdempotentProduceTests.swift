import Foundation
import GroupCore
import GroupSim
import KafkaWire
import Testing

@testable import GroupBroker

/// Idempotent producers over the wire (issue 11, "Produce"): InitProducerId hands out an id, and a retried batch is
/// acknowledged with its first offset without being appended twice, as Kafka's broker does
/// (UnifiedLog.analyzeAndValidateProducerState → ProducerStateEntry.findDuplicateBatch).
@Suite(.serialized) struct IdempotentProduceTests {
    typealias Client = RecordsOverTheWireTests.Client

    /// A raw client sends the same idempotent batch twice, as a producer retries after a lost answer: both answers carry
    /// base offset 0 and no error, and the log holds the records once.
    @Test func aRetriedBatchIsAcknowledgedOnce() throws {
        let fixture = try BrokerFixture()
        let client = try Client(port: fixture.port)
        let id = try client.call(InitProducerIdRequest(transactionalId: nil, transactionTimeoutMs: 60_000), version: 4)
        #expect(id.errorCode == 0)
        #expect(id.producerId >= 0 && id.producerEpoch == 0)
        let batch = RecordBatch(
            baseTimestamp: 1_700_000_000_000, producerId: id.producerId, producerEpoch: id.producerEpoch, baseSequence: 0,
            records: (0..<3).map { Record(offsetDelta: Int32($0), timestampDelta: 0, key: nil, value: Array("r\($0)".utf8)) })
        #expect(try client.produce(batch, topic: "quiet", partition: 0) == 0)
        #expect(try client.produce(batch, topic: "quiet", partition: 0) == 0)
        #expect(try client.listOffset(topic: "quiet", partition: 0, timestamp: -1).0 == 3)
        var next = batch
        next.baseSequence = 3
        #expect(try client.produce(next, topic: "quiet", partition: 0) == 3)
        #expect(try client.fetchAll(topic: "quiet", partition: 0).map(\.offset) == Array(0..<6))
    }

    /// confluent-kafka (librdkafka 2.16) with enable.idempotence=true: it asks InitProducerId before producing and
    /// fails fatally without an id; every message arrives once, in order, and its batches carry the id it was given.
    @Test func confluentKafkaIdempotentProducerDeliversEachMessageOnce() throws {
        guard Tools.available(Tools.python, for: "confluent-kafka idempotent producer") else { return }
        let fixture = try BrokerFixture()
        let code = """
            import sys
            from confluent_kafka import Producer
            errors = []
            p = Producer({'bootstrap.servers': sys.argv[1], 'enable.idempotence': True, 'linger.ms': 5,
                          'error_cb': lambda e: errors.append(str(e))})
            for i in range(2000):
                p.produce('quiet', value=str(i), partition=0, on_delivery=lambda e, m: e and errors.append(str(e)))
                p.poll(0)
            left = p.flush(20)
            print('left', left, 'errors', len(errors), *errors[:3], flush=True)
            """
        let script = try Tools.temporaryFile(code, suffix: ".py")
        defer { try? FileManager.default.removeItem(atPath: script) }
        let result = try ChildProcess.run([Tools.python, script, fixture.bootstrap], timeout: 40)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("left 0 errors 0"), "\(result.stdout) \(result.stderr)")
        let client = try Client(port: fixture.port)
        let records = try client.fetchAll(topic: "quiet", partition: 0)
        #expect(records.count == 2_000)
        #expect(records.map(\.offset) == Array(0..<2_000))
        let batches = try RecordSet.decodeBatches(
            try #require(
                client.call(
                    FetchRequest(
                        maxWaitMs: 0, minBytes: 1, maxBytes: 1 << 20,
                        topics: [
                            .init(topic: "quiet", partitions: [.init(partition: 0, fetchOffset: 0, partitionMaxBytes: 1 << 20)])
                        ]),
                    version: 12
                ).responses.first?.partitions.first?.records))
        #expect(!batches.isEmpty && batches.allSatisfy { $0.producerId >= 0 && $0.baseSequence == Int32($0.baseOffset) })
    }
}
