import GroupCore

/// Splits the records a producer writes in one step across a topic's partitions, as Kafka's default
/// partitioner would place them, at a cost that grows with batches and partitions, not with records.
///
/// - Keyed records (`uniform`, `zipf`, `hot`): the key → partition map is fixed, so each partition's share
///   is computed once. Up to `exactSamplingLimit` records per call are placed one by one (O(1) each, alias
///   method), which gives the real multinomial noise. Above that, counts are the expected counts with
///   systematic seeded rounding: every partition gets ⌊N·pᵢ⌋ or ⌈N·pᵢ⌉, unbiased, in O(partitions) with one
///   random number. (This understates the per-step noise of very large steps; the averages are exact.)
/// - Keyless records (`none`): Kafka's sticky partitioner (KIP-480, `BuiltInPartitioner`): records stick to
///   one partition until a batch of `batchSize` records is full, then a new partition is picked at random
///   (not the current one). O(batches) per call up to 4 batches per partition; beyond that (tiny batches at a high
///   rate), the remaining whole batches are spread evenly in O(partitions), which understates their noise.
///
/// The total placed is always exactly N. Deterministic given the seed.
public struct RecordPartitioner: Sendable {
    public let partitions: Int
    public let keys: KeyDistribution
    public let batchSize: Int
    /// Each partition's expected share (uniform 1/P for keyless records).
    public let shares: [Double]
    public var exactSamplingLimit = 256

    private var rng: SeededGenerator
    private let alias: AliasTable?
    /// Running sums of `shares`, for systematic rounding.
    private let cumulative: [Double]
    private var stickyPartition: Int
    private var stickyRemaining: Int

    public init(partitions: Int, keys: KeyDistribution, keySpace: Int, batchSize: Int = 100, seed: UInt64) {
        precondition(partitions > 0 && keySpace > 0 && batchSize > 0)
        self.partitions = partitions
        self.keys = keys
        self.batchSize = batchSize
        rng = SeededGenerator(seed: seed)
        if keys == .none {
            shares = Array(repeating: 1 / Double(partitions), count: partitions)
            alias = nil
        } else {
            shares = keys.partitionProbabilities(keySpace: keySpace, partitions: partitions)
            alias = AliasTable(weights: shares)
        }
        var running = 0.0
        cumulative = shares.map {
            running += $0; return running
        }
        stickyPartition = Int(rng.next() % UInt64(partitions))
        stickyRemaining = batchSize
    }

    /// Adds the partitions' counts for `records` new records to `counts` (length `partitions`).
    public mutating func distribute(_ records: Int, into counts: inout [Int]) {
        precondition(counts.count == partitions, "counts must have one slot per partition")
        guard records > 0 else { return }
        if keys == .none {
            distributeSticky(records, into: &counts)
        } else if records <= exactSamplingLimit, let alias {
            for _ in 0..<records { counts[alias.next(using: &rng)] += 1 }
        } else {
            distributeSystematic(records, into: &counts)
        }
    }

    private mutating func distributeSticky(_ records: Int, into counts: inout [Int]) {
        var left = records
        var batchesOneByOne = 0
        while left > 0 {
            // Small batches at a high rate (batch-size 1 at millions of records per step) would cost a loop per
            // record: past a few batches per partition, whole batches are spread in bulk instead.
            if stickyRemaining == batchSize, batchesOneByOne >= max(64, 4 * partitions), left / batchSize > 0 {
                distributeWholeBatches(left / batchSize, into: &counts)
                left -= (left / batchSize) * batchSize
                continue
            }
            batchesOneByOne += 1
            let n = min(left, stickyRemaining)
            counts[stickyPartition] += n
            left -= n
            stickyRemaining -= n
            if stickyRemaining == 0 {
                stickyRemaining = batchSize
                if partitions > 1 {
                    let next = Int(rng.next() % UInt64(partitions - 1))
                    stickyPartition = next >= stickyPartition ? next + 1 : next
                }
            }
        }
    }

    /// Places `batches` whole batches as the sticky partitioner would in expectation: each batch picks a partition
    /// uniformly, so every partition gets ⌊batches/P⌋ or ⌈batches/P⌉ of them (the extra ones on a run of
    /// partitions from a random start). O(partitions); the next batch then sticks to a fresh random partition.
    private mutating func distributeWholeBatches(_ batches: Int, into counts: inout [Int]) {
        let each = batches / partitions
        let extra = batches % partitions
        let start = Int(rng.next() % UInt64(partitions))
        for i in 0..<partitions {
            let isExtra = (i - start + partitions) % partitions < extra
            counts[i] += (each + (isExtra ? 1 : 0)) * batchSize
        }
        stickyPartition = Int(rng.next() % UInt64(partitions))
        stickyRemaining = batchSize
    }

    private mutating func distributeSystematic(_ records: Int, into counts: inout [Int]) {
        let n = Double(records)
        let offset = rng.nextUnit()
        let total = cumulative[partitions - 1]
        var previous = 0
        counts.withUnsafeMutableBufferPointer { out in
            cumulative.withUnsafeBufferPointer { c in
                for i in 0..<(partitions - 1) {
                    let edge = Int((n * c[i] / total + offset).rounded(.down))
                    let clamped = min(max(edge, previous), records)
                    out[i] += clamped - previous
                    previous = clamped
                }
            }
            out[partitions - 1] += records - previous
        }
    }
}
