import GroupCore
import GroupSim
import KafkaWire
import NIOCore

/// Fetch and ListOffsets. No fetch sessions (session id 0: full fetches every time) and leader epoch −1, which clients
/// accept; `max.wait.ms`/`min.bytes` long polling: a fetch with too little data waits until enough arrives or its
/// deadline passes.
enum FetchAPI {
    static func fetch(_ r: FetchRequest, _ context: RequestContext) {
        let first = collect(r, context.simulation, host: context.host, dryRun: false)
        let waitMs = Int64(max(0, r.maxWaitMs))
        if first.bytes >= Int(max(1, r.minBytes)) || first.hasError || waitMs == 0 {
            context.promise.succeed(.fetch(first.plan))
            return
        }
        let promise = context.promise
        let host = context.host
        context.state.park(
            .init(deadline: .now() + .milliseconds(waitMs)) { simulation, force in
                let enough = force || collect(r, simulation, host: host, dryRun: true).bytes >= Int(max(1, r.minBytes))
                guard enough else { return false }
                promise.succeed(.fetch(collect(r, simulation, host: host, dryRun: false).plan))
                return true
            })
    }

    struct Collected {
        var plan = FetchPlan()
        /// Bytes of records gathered (estimated for synthesized records in a dry run).
        var bytes = 0
        var hasError = false
    }

    /// Synthesized records are small (`key-N`, a short value, varint framing); a dry run counts them at this size.
    static let estimatedSynthesizedRecordBytes = 48
    /// At most this many synthesized records per batch, as a producer's batch would hold.
    static let synthesizedBatchRecords: Int64 = 500

    /// What a fetch returns now: stored batches are shared with the store, not copied (the connection's loop copies them
    /// once, into the response); the simulated producers' records are synthesized here.
    static func collect(_ r: FetchRequest, _ simulation: Simulation, host: SimulationHost, dryRun: Bool) -> Collected {
        var collected = Collected()
        let maxBytes = Int(max(0, r.maxBytes))
        for topic in r.topics {
            var partitions: [FetchPlan.Partition] = []
            for request in topic.partitions {
                let tp = TopicPartition(topic.topic, request.partition)
                var data = FetchPlan.Partition(index: request.partition)
                guard let (start, end) = simulation.offsets(tp) else {
                    data.errorCode = KafkaErrorCode.unknownTopicOrPartition
                    collected.hasError = true
                    partitions.append(data)
                    continue
                }
                data.highWatermark = end
                data.lastStableOffset = end
                data.logStartOffset = start
                if request.fetchOffset < start || request.fetchOffset > end {
                    data.errorCode = KafkaErrorCode.offsetOutOfRange
                    collected.hasError = true
                    partitions.append(data)
                    continue
                }
                var partitionBytes = 0
                let partitionMax = Int(max(0, request.partitionMaxBytes))
                var offset = request.fetchOffset
                while offset < end, let piece = simulation.piece(tp, at: offset) {
                    // KIP-74: the first batch of the response goes out even when larger than the limits, so that a
                    // consumer can always make progress.
                    let mustTake = collected.bytes == 0 && partitionBytes == 0
                    switch piece {
                    case .batch(let batch):
                        let size = batch.bytes.count
                        let room = min(partitionMax - partitionBytes, maxBytes - collected.bytes)
                        // Kafka reads min(partition limit, what is left of the response) bytes of the log
                        // (LogSegment.read → FileRecords.slice), so the last batch that does not fit goes out cut
                        // short; clients drop the incomplete batch and fetch it whole from its offset next time. A
                        // partition whose first batch does not fit gets nothing instead (ReplicaManager.readFromLog:
                        // "we replace incomplete message sets with an empty one"), since a consumer could not use it.
                        let length =
                            mustTake || size <= room ? size : partitionBytes > 0 ? max(0, room) : 0
                        if length > 0 {
                            if !dryRun {
                                data.batches.append(.init(bytes: batch.bytes, baseOffset: batch.baseOffset, length: length))
                            }
                            partitionBytes += length
                            collected.bytes += length
                        }
                        offset = length == size ? batch.endOffset : end
                    case .synthesized(let from, let to):
                        let room = min(partitionMax - partitionBytes, maxBytes - collected.bytes)
                        var count = min(to - from, synthesizedBatchRecords, Int64(max(0, room) / estimatedSynthesizedRecordBytes))
                        if count <= 0 {
                            guard mustTake else {
                                offset = end
                                break
                            }
                            count = min(to - from, 1)
                        }
                        if dryRun {
                            partitionBytes += Int(count) * estimatedSynthesizedRecordBytes
                            collected.bytes += Int(count) * estimatedSynthesizedRecordBytes
                        } else {
                            let batch = SynthesizedRecords.batch(tp, from: from, count: count, simulation: simulation, host: host)
                            data.batches.append(.init(bytes: batch, baseOffset: from))
                            partitionBytes += batch.count
                            collected.bytes += batch.count
                        }
                        offset = from + count
                    }
                    if dryRun && collected.bytes >= Int(max(1, r.minBytes)) { break }
                }
                partitions.append(data)
            }
            collected.plan.topics.append(.init(name: topic.topic, partitions: partitions))
        }
        return collected
    }

    /// ListOffsets: earliest (−2), latest (−1), max timestamp (−3, v7), or the first record whose timestamp is at or
    /// after a timestamp (Unix ms), exact to the millisecond (`TimestampSearch`); leader epoch −1.
    static func listOffsets(_ r: KafkaWire.ListOffsetsRequest, _ context: RequestContext) -> KafkaWire.ListOffsetsResponse {
        let simulation = context.simulation
        // A partition named twice gets INVALID_REQUEST at every mention (ListOffsetsRequest.duplicatePartitions,
        // KafkaApis.handleListOffsetRequest).
        var mentions: [TopicPartition: Int] = [:]
        for topic in r.topics {
            for p in topic.partitions { mentions[TopicPartition(topic.name, p.partitionIndex), default: 0] += 1 }
        }
        return KafkaWire.ListOffsetsResponse(
            topics: r.topics.map { topic in
                .init(
                    name: topic.name,
                    partitions: topic.partitions.map { p in
                        let tp = TopicPartition(topic.name, p.partitionIndex)
                        if mentions[tp, default: 0] > 1 {
                            return .init(
                                partitionIndex: p.partitionIndex, errorCode: KafkaErrorCode.invalidRequest, timestamp: -1,
                                offset: -1, leaderEpoch: -1)
                        }
                        guard let (start, end) = simulation.offsets(tp) else {
                            return .init(
                                partitionIndex: p.partitionIndex, errorCode: KafkaErrorCode.unknownTopicOrPartition,
                                timestamp: -1, offset: -1, leaderEpoch: -1)
                        }
                        let offset: Int64
                        var timestamp: Int64 = -1
                        switch p.timestamp {
                        case -2: offset = start
                        case -1: offset = end
                        case -3:
                            let found = TimestampSearch.maxTimestamp(tp, simulation, host: context.host)
                            (offset, timestamp) = (found?.offset ?? -1, found?.timestamp ?? -1)
                        default:
                            let found = TimestampSearch.first(atOrAfter: p.timestamp, tp, simulation, host: context.host)
                            (offset, timestamp) = (found?.offset ?? -1, found?.timestamp ?? -1)
                        }
                        return .init(
                            partitionIndex: p.partitionIndex, errorCode: KafkaErrorCode.none, timestamp: timestamp,
                            offset: offset, leaderEpoch: -1)
                    })
            })
    }
}

/// Records of the simulated producers, made up when a real consumer fetches them: the same topic, partition and offset
/// always give the same bytes — a key the producer's key distribution puts on that partition (`SynthesizedKeys`; null
/// for keyless producers), a value naming the offset and the append time, which is also the record's timestamp.
enum SynthesizedRecords {
    static func batch(_ tp: TopicPartition, from: Int64, count: Int64, simulation: Simulation, host: SimulationHost)
        -> [UInt8]
    {
        let keys = host.state.synthesizedKeys(for: tp.topic, simulation)
        let baseTime = host.unixTime(simulation.appendTime(tp, offset: from) ?? 0)
        var records: [Record] = []
        records.reserveCapacity(Int(count))
        for i in 0..<count {
            let offset = from + i
            let time = host.unixTime(simulation.appendTime(tp, offset: offset) ?? 0)
            let key = keys?.key(partition: Int(tp.partition), offset: offset)
            let value = "simulated \(tp.topic)-\(tp.partition)@\(offset) t=\(time)"
            records.append(
                Record(
                    offsetDelta: Int32(i), timestampDelta: time - baseTime, key: key.map { Array($0.utf8) },
                    value: Array(value.utf8)))
        }
        let batch = RecordBatch(baseOffset: from, baseTimestamp: baseTime, records: records)
        return (try? batch.encoded()) ?? []
    }
}
