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
            context.respond(.fetch(first.response))
            return
        }
        let promise = context.promise
        let host = context.host
        context.state.park(
            .init(deadline: .now() + .milliseconds(waitMs)) { simulation, force in
                let enough = force || collect(r, simulation, host: host, dryRun: true).bytes >= Int(max(1, r.minBytes))
                guard enough else { return false }
                promise.succeed(.response(.fetch(collect(r, simulation, host: host, dryRun: false).response)))
                return true
            })
    }

    struct Collected {
        var response = FetchResponse()
        /// Bytes of records gathered (estimated for synthesized records in a dry run).
        var bytes = 0
        var hasError = false
    }

    /// Synthesized records are small (`key-N`, a short value, varint framing); a dry run counts them at this size.
    static let estimatedSynthesizedRecordBytes = 48
    /// At most this many synthesized records per batch, as a producer's batch would hold.
    static let synthesizedBatchRecords: Int64 = 500

    static func collect(_ r: FetchRequest, _ simulation: Simulation, host: SimulationHost, dryRun: Bool) -> Collected {
        var collected = Collected()
        let maxBytes = Int(max(0, r.maxBytes))
        for topic in r.topics {
            var partitions: [FetchResponse.PartitionData] = []
            for request in topic.partitions {
                let tp = TopicPartition(topic.topic, request.partition)
                var data = FetchResponse.PartitionData(
                    partitionIndex: request.partition, highWatermark: -1, lastStableOffset: -1, logStartOffset: -1,
                    abortedTransactions: [], preferredReadReplica: -1, records: [])
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
                var records: [UInt8] = []
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
                        guard mustTake || (partitionBytes + size <= partitionMax && collected.bytes + size <= maxBytes) else {
                            offset = end
                            break
                        }
                        if !dryRun { records.append(contentsOf: batch.bytes) }
                        partitionBytes += size
                        collected.bytes += size
                        offset = batch.endOffset
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
                            records.append(contentsOf: batch)
                            partitionBytes += batch.count
                            collected.bytes += batch.count
                        }
                        offset = from + count
                    }
                    if dryRun && collected.bytes >= Int(max(1, r.minBytes)) { break }
                }
                data.records = records
                partitions.append(data)
            }
            collected.response.responses.append(.init(topic: topic.topic, partitions: partitions))
        }
        return collected
    }

    /// ListOffsets: earliest (−2), latest (−1), max timestamp (−3, v7), or the first offset appended at or after a
    /// timestamp (Unix ms); leader epoch −1.
    static func listOffsets(_ r: KafkaWire.ListOffsetsRequest, _ context: RequestContext) -> KafkaWire.ListOffsetsResponse {
        let simulation = context.simulation
        return KafkaWire.ListOffsetsResponse(
            topics: r.topics.map { topic in
                .init(
                    name: topic.name,
                    partitions: topic.partitions.map { p in
                        let tp = TopicPartition(topic.name, p.partitionIndex)
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
                            offset = max(start, end - 1)
                            timestamp =
                                end > start ? simulation.appendTime(tp, offset: offset).map(context.host.unixTime) ?? -1 : -1
                        default:
                            if let found = simulation.firstOffset(tp, appendedAtOrAfter: p.timestamp - context.host.unixOriginMs)
                            {
                                offset = found
                                timestamp = simulation.appendTime(tp, offset: found).map(context.host.unixTime) ?? -1
                            } else {
                                offset = -1
                            }
                        }
                        return .init(
                            partitionIndex: p.partitionIndex, errorCode: KafkaErrorCode.none, timestamp: timestamp,
                            offset: offset, leaderEpoch: -1)
                    })
            })
    }
}

/// Records of the simulated producers, made up when a real consumer fetches them: the same topic, partition and offset
/// always give the same bytes (key `key-N`, a value naming the offset and append time), so re-fetching is consistent.
enum SynthesizedRecords {
    static func batch(_ tp: TopicPartition, from: Int64, count: Int64, simulation: Simulation, host: SimulationHost)
        -> [UInt8]
    {
        let baseTime = host.unixTime(simulation.appendTime(tp, offset: from) ?? 0)
        var records: [Record] = []
        records.reserveCapacity(Int(count))
        for i in 0..<count {
            let offset = from + i
            let time = host.unixTime(simulation.appendTime(tp, offset: offset) ?? 0)
            let key = "key-\(keyNumber(tp, offset))"
            let value = "simulated \(tp.topic)-\(tp.partition)@\(offset) t=\(time)"
            records.append(
                Record(
                    offsetDelta: Int32(i), timestampDelta: time - baseTime, key: Array(key.utf8), value: Array(value.utf8)))
        }
        let batch = RecordBatch(baseOffset: from, baseTimestamp: baseTime, records: records)
        return (try? batch.encoded()) ?? []
    }

    /// A key number drawn deterministically from the record's place (splitmix64 of topic, partition and offset).
    static func keyNumber(_ tp: TopicPartition, _ offset: Int64) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in tp.topic.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var z = h &+ UInt64(bitPattern: Int64(tp.partition)) &* 0x9e37_79b9_7f4a_7c15 &+ UInt64(bitPattern: offset)
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return (z ^ (z >> 31)) % 1_000
    }
}
