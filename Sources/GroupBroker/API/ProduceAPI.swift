import GroupCore
import GroupSim
import KafkaWire

/// Produce and InitProducerId. Batches are stored exactly as they came (compressed or not): the connection's I/O loop
/// splits each partition's records into batches and verifies their CRC-32C (`check`), so that the simulation's one
/// thread only assigns offsets (`produce`). The base offset the broker assigns is written into the batch when it is
/// fetched (`FetchResponseWriter`); the CRC does not cover it, as Kafka's log relies on.
enum ProduceAPI {
    /// INVALID_REQUIRED_ACKS (Errors.java).
    static let invalidRequiredAcks: Int16 = 21
    /// TRANSACTIONAL_ID_AUTHORIZATION_FAILED: transactions are not served.
    static let transactionalIdAuthorizationFailed: Int16 = 53

    /// Splits and verifies every partition's batches; runs on the connection's loop, in parallel with the simulation.
    static func check(_ r: ProduceRequest) -> CheckedProduce {
        CheckedProduce(
            acks: r.acks, isTransactional: r.transactionalId != nil,
            topics: r.topicData.map { topic in
                .init(
                    name: topic.name,
                    partitions: topic.partitionData.map { data in
                        .init(index: data.index, batches: checkBatches(data.records ?? []))
                    })
            })
    }

    /// Kafka's checks before an append (LogValidator, `DefaultRecordBatch.ensureValid`): complete batches of magic 2,
    /// each with a valid CRC and a sane last offset delta.
    static func checkBatches(_ records: [UInt8]) -> Result<[CheckedBatch], CorruptRecords> {
        let set: RecordSet
        do { set = try RecordSet(splitting: records) } catch { return .failure(CorruptRecords("\(error)")) }
        guard set.partialTailBytes == 0, !set.batches.isEmpty else {
            return .failure(CorruptRecords("records end with an incomplete batch"))
        }
        var batches: [CheckedBatch] = []
        batches.reserveCapacity(set.batches.count)
        for view in set.batches {
            do { try view.verifyChecksum() } catch { return .failure(CorruptRecords("\(error)")) }
            let header = view.header
            guard header.lastOffsetDelta >= 0, header.lastOffsetDelta < Int32.max else {
                return .failure(CorruptRecords("last offset delta \(header.lastOffsetDelta)"))
            }
            batches.append(
                CheckedBatch(
                    bytes: view.bytes, offsetCount: header.lastOffsetDelta + 1, recordCount: header.recordCount,
                    producer: header.producerId >= 0
                        ? ProducerIdentity(
                            producerId: header.producerId, epoch: header.producerEpoch, firstSequence: header.baseSequence)
                        : nil))
        }
        return .success(batches)
    }

    /// Appends what `check` accepted, in request order, on the simulation's loop.
    static func produce(_ r: CheckedProduce, _ context: RequestContext) {
        var response = ProduceResponse()
        for topic in r.topics {
            var partitions: [ProduceResponse.PartitionProduceResponse] = []
            for data in topic.partitions {
                let tp = TopicPartition(topic.name, data.index)
                var result = ProduceResponse.PartitionProduceResponse(index: data.index, baseOffset: -1, logAppendTimeMs: -1)
                if ![0, 1, -1].contains(r.acks) {
                    result.errorCode = invalidRequiredAcks
                } else if r.isTransactional {
                    result.errorCode = transactionalIdAuthorizationFailed
                } else {
                    switch data.batches {
                    case .success(let batches):
                        (result.errorCode, result.baseOffset, result.errorMessage) = append(batches, to: tp, context.simulation)
                    case .failure(let corrupt):
                        (result.errorCode, result.errorMessage) = (KafkaErrorCode.corruptMessage, corrupt.message)
                    }
                }
                result.logStartOffset = context.simulation.offsets(tp)?.logStart ?? -1
                partitions.append(result)
            }
            response.responses.append(.init(name: topic.name, partitionResponses: partitions))
        }
        // acks=0: Kafka sends no response at all.
        if r.acks == 0 {
            context.promise.succeed(.none)
        } else {
            context.respond(.produce(response))
        }
    }

    /// Appends one partition's checked batches; returns the error code, the first batch's base offset, and a message
    /// for errors.
    static func append(_ batches: [CheckedBatch], to tp: TopicPartition, _ simulation: Simulation) -> (Int16, Int64, String?) {
        guard simulation.offsets(tp) != nil else { return (KafkaErrorCode.unknownTopicOrPartition, -1, nil) }
        var firstOffset: Int64?
        for batch in batches {
            let result = simulation.appendExternalBatch(
                tp, offsetCount: batch.offsetCount, recordCount: batch.recordCount, producer: batch.producer, bytes: batch.bytes)
            switch result {
            case .appended(let base), .duplicate(let base):
                firstOffset = firstOffset ?? base
            case .unknownTopicOrPartition:
                return (KafkaErrorCode.unknownTopicOrPartition, -1, nil)
            case .outOfOrderSequence:
                let sequence = batch.producer?.firstSequence ?? -1
                return (KafkaErrorCode.outOfOrderSequenceNumber, -1, "sequence \(sequence) is not the next one")
            }
        }
        return (KafkaErrorCode.none, firstOffset ?? -1, nil)
    }

    /// Produce v0–2 (message formats v0/v1) is advertised but answered with UNSUPPORTED_VERSION, as Kafka 4 does.
    static func unsupported(_ r: ProduceRequest) -> KafkaResponse {
        .produce(
            ProduceResponse(
                responses: r.topicData.map { topic in
                    .init(
                        name: topic.name,
                        partitionResponses: topic.partitionData.map {
                            .init(index: $0.index, errorCode: KafkaErrorCode.unsupportedVersion, baseOffset: -1)
                        })
                }))
    }

    /// Idempotent producers get a fresh id (epoch 0); a producer that names its id and epoch (KIP-360) gets the epoch
    /// bumped. Transactional ids are not served.
    static func initProducerId(_ r: InitProducerIdRequest, _ context: RequestContext) -> InitProducerIdResponse {
        if r.transactionalId != nil {
            return InitProducerIdResponse(errorCode: transactionalIdAuthorizationFailed, producerId: -1, producerEpoch: -1)
        }
        if r.producerId >= 0, r.producerEpoch >= 0, r.producerEpoch < Int16.max {
            return InitProducerIdResponse(
                errorCode: KafkaErrorCode.none, producerId: r.producerId, producerEpoch: r.producerEpoch + 1)
        }
        return InitProducerIdResponse(
            errorCode: KafkaErrorCode.none, producerId: context.simulation.newProducerId(), producerEpoch: 0)
    }
}

/// A Produce request whose batches the connection's loop has split and verified.
struct CheckedProduce: Sendable {
    var acks: Int16
    var isTransactional: Bool
    var topics: [Topic]

    struct Topic: Sendable {
        var name: String
        var partitions: [Partition]
    }

    struct Partition: Sendable {
        var index: Int32
        var batches: Result<[CheckedBatch], CorruptRecords>
    }
}

/// One verified batch, with what the log needs of its header.
struct CheckedBatch: Sendable {
    var bytes: [UInt8]
    /// Last offset delta + 1: the offsets the batch takes.
    var offsetCount: Int32
    var recordCount: Int32
    var producer: ProducerIdentity?
}

/// Why a partition's records were refused (CORRUPT_MESSAGE).
struct CorruptRecords: Error, Sendable {
    var message: String
    init(_ message: String) { self.message = message }
}
