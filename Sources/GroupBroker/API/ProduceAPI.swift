import GroupCore
import GroupSim
import KafkaWire

/// Produce and InitProducerId. Batches are stored as they came (compressed or not): the broker reads their headers,
/// checks the CRC, and writes the base offset in place (which the CRC does not cover), as Kafka's log does.
enum ProduceAPI {
    /// INVALID_REQUIRED_ACKS (Errors.java).
    static let invalidRequiredAcks: Int16 = 21
    /// TRANSACTIONAL_ID_AUTHORIZATION_FAILED: transactions are not served.
    static let transactionalIdAuthorizationFailed: Int16 = 53

    static func produce(_ r: ProduceRequest, _ context: RequestContext) {
        var response = ProduceResponse()
        for topic in r.topicData {
            var partitions: [ProduceResponse.PartitionProduceResponse] = []
            for data in topic.partitionData {
                let tp = TopicPartition(topic.name, data.index)
                var result = ProduceResponse.PartitionProduceResponse(index: data.index, baseOffset: -1, logAppendTimeMs: -1)
                if ![0, 1, -1].contains(r.acks) {
                    result.errorCode = invalidRequiredAcks
                } else if r.transactionalId != nil {
                    result.errorCode = transactionalIdAuthorizationFailed
                } else {
                    (result.errorCode, result.baseOffset, result.errorMessage) = append(data.records ?? [], to: tp, context)
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

    /// Appends every batch of one partition's records; returns the error code, the first batch's base offset, and a
    /// message for errors.
    static func append(_ records: [UInt8], to tp: TopicPartition, _ context: RequestContext) -> (Int16, Int64, String?) {
        guard context.simulation.offsets(tp) != nil else { return (KafkaErrorCode.unknownTopicOrPartition, -1, nil) }
        var set: RecordSet
        do { set = try RecordSet(splitting: records) } catch {
            return (KafkaErrorCode.corruptMessage, -1, "\(error)")
        }
        guard set.partialTailBytes == 0, !set.batches.isEmpty else {
            return (KafkaErrorCode.corruptMessage, -1, "records end with an incomplete batch")
        }
        var firstOffset: Int64?
        // Taken out of the set so that writing the base offset in place does not copy the batch.
        var batches = set.batches
        set = RecordSet(batches: [])
        for i in batches.indices {
            do { try batches[i].verifyChecksum() } catch { return (KafkaErrorCode.corruptMessage, -1, "\(error)") }
            let header = batches[i].header
            guard header.lastOffsetDelta >= 0, header.lastOffsetDelta < Int32.max else {
                return (KafkaErrorCode.corruptMessage, -1, "last offset delta \(header.lastOffsetDelta)")
            }
            let producer =
                header.producerId >= 0
                ? ProducerIdentity(producerId: header.producerId, epoch: header.producerEpoch, firstSequence: header.baseSequence)
                : nil
            let result = context.simulation.appendExternalBatch(
                tp, offsetCount: header.lastOffsetDelta + 1, recordCount: header.recordCount, producer: producer
            ) { base in
                batches[i].assign(baseOffset: base, partitionLeaderEpoch: -1)
                return batches[i].bytes
            }
            switch result {
            case .appended(let base), .duplicate(let base):
                firstOffset = firstOffset ?? base
            case .unknownTopicOrPartition:
                return (KafkaErrorCode.unknownTopicOrPartition, -1, nil)
            case .outOfOrderSequence:
                return (KafkaErrorCode.outOfOrderSequenceNumber, -1, "sequence \(header.baseSequence) is not the next one")
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
