import GroupCore
import GroupSim
import KafkaWire

/// ListOffsets by timestamp over a partition that holds both kinds of records: batches of real producers (with the
/// timestamps they carry) and runs of simulated producers' offsets (stamped with their append time, as the synthesized
/// records a consumer fetches are). Follows Kafka's `FileRecords.searchForTimestamp`: batches in offset order, skipping
/// every batch whose max timestamp is below the target, then the first record of the batch at or above it.
enum TimestampSearch {
    struct Found: Equatable {
        var offset: Int64
        var timestamp: Int64
    }

    /// The first record, in offset order, whose timestamp (Unix ms) is at or after `target`; nil when none is
    /// (Kafka then answers offset −1, timestamp −1).
    static func first(atOrAfter target: Int64, _ tp: TopicPartition, _ simulation: Simulation, host: SimulationHost) -> Found? {
        guard let (start, _) = simulation.offsets(tp) else { return nil }
        var offset = start
        while let piece = simulation.piece(tp, at: offset) {
            switch piece {
            case .batch(let stored):
                if let found = first(atOrAfter: target, in: stored) { return found }
                offset = stored.endOffset
            case .synthesized(let from, let to):
                if let found = first(atOrAfter: target, from: from, to: to, tp, simulation, host: host) { return found }
                offset = to
            }
        }
        return nil
    }

    /// Kafka's MAX_TIMESTAMP (−3, ListOffsets v7): the first record carrying the largest timestamp of the partition
    /// (UnifiedLog.fetchOffsetByTimestamp: the batch whose max timestamp is the largest, then its
    /// `offsetOfMaxTimestamp`); nil for an empty partition.
    static func maxTimestamp(_ tp: TopicPartition, _ simulation: Simulation, host: SimulationHost) -> Found? {
        guard let (start, _) = simulation.offsets(tp) else { return nil }
        var largest: Int64?
        var offset = start
        while let piece = simulation.piece(tp, at: offset) {
            switch piece {
            case .batch(let stored):
                if let header = header(of: stored) { largest = max(largest ?? .min, header.maxTimestamp) }
                offset = stored.endOffset
            case .synthesized(let from, let to):
                // Append times never decrease along the log: the run's last record carries its largest.
                if to > from, let time = unixTime(to - 1, tp, simulation, host) { largest = max(largest ?? .min, time) }
                offset = to
            }
        }
        return largest.flatMap { first(atOrAfter: $0, tp, simulation, host: host) }
    }

    /// The first record of a stored batch at or after `target`, reading the records only when the batch's max
    /// timestamp says one is there.
    static func first(atOrAfter target: Int64, in stored: StoredBatch) -> Found? {
        guard let header = header(of: stored), header.maxTimestamp >= target,
            let batch = try? RecordBatch(decoding: stored.bytes)
        else { return nil }
        for record in batch.records {
            let timestamp = batch.timestamp(of: record)
            // Stored batches keep the producer's base offset field; the broker's is beside them.
            if timestamp >= target { return Found(offset: stored.baseOffset &+ Int64(record.offsetDelta), timestamp: timestamp) }
        }
        return nil
    }

    /// The first simulated offset of `from ..< to` appended at or after `target`: append times never decrease along
    /// the log, so a binary search finds it.
    static func first(
        atOrAfter target: Int64, from: Int64, to: Int64, _ tp: TopicPartition, _ simulation: Simulation, host: SimulationHost
    ) -> Found? {
        guard to > from, let last = unixTime(to - 1, tp, simulation, host), last >= target else { return nil }
        var low = from, high = to - 1
        while low < high {
            let mid = low + (high - low) / 2
            if (unixTime(mid, tp, simulation, host) ?? .min) >= target { high = mid } else { low = mid + 1 }
        }
        return unixTime(low, tp, simulation, host).map { Found(offset: low, timestamp: $0) }
    }

    static func header(of stored: StoredBatch) -> RecordBatchHeader? {
        var reader = WireReader(stored.bytes)
        return try? RecordBatchHeader.read(from: &reader)
    }

    /// The timestamp a synthesized record at `offset` carries (SynthesizedRecords stamps it the same way).
    static func unixTime(_ offset: Int64, _ tp: TopicPartition, _ simulation: Simulation, _ host: SimulationHost) -> Int64? {
        simulation.appendTime(tp, offset: offset).map(host.unixTime)
    }
}
