import GroupCore

/// One record batch from a real producer, kept exactly as it came (its own base offset field is whatever the producer
/// wrote, usually 0): the base offset the broker gave it is kept beside it, and written into the batch when it is sent.
public struct StoredBatch: Sendable {
    /// The offset of its first record, assigned on append.
    public var baseOffset: Int64
    /// Offsets `baseOffset ..< endOffset` (last offset delta + 1 records' worth of offsets).
    public var endOffset: Int64
    public var bytes: [UInt8]

    public init(baseOffset: Int64, endOffset: Int64, bytes: [UInt8]) {
        self.baseOffset = baseOffset
        self.endOffset = endOffset
        self.bytes = bytes
    }
}

/// What a fetch at an offset finds: a batch a real producer sent, or a run of offsets the simulated
/// producers wrote (counted, not stored), for the broker to synthesize.
public enum StoredPiece: Sendable {
    case batch(StoredBatch)
    /// Offsets `from ..< to` written by simulated producers.
    case synthesized(from: Int64, to: Int64)
}

/// The batches real producers sent, per partition, oldest first. Offsets between stored batches belong to
/// the simulated producers. Bounded per partition by bytes (`--retention-bytes`) and trimmed with the log start.
struct PartitionBatches {
    private var batches: [StoredBatch] = []
    /// Index of the oldest live batch: dropping from the front is O(1) until the array is compacted.
    private var head = 0
    private(set) var bytes: Int64 = 0

    var isEmpty: Bool { head == batches.count }
    var oldest: StoredBatch? { isEmpty ? nil : batches[head] }

    mutating func append(_ batch: StoredBatch) {
        batches.append(batch)
        bytes += Int64(batch.bytes.count)
    }

    /// Drops the oldest batch, returning it.
    @discardableResult
    mutating func dropOldest() -> StoredBatch? {
        guard !isEmpty else { return nil }
        let batch = batches[head]
        batches[head] = StoredBatch(baseOffset: batch.baseOffset, endOffset: batch.endOffset, bytes: [])
        head += 1
        bytes -= Int64(batch.bytes.count)
        if head > 64, head * 2 > batches.count {
            batches.removeFirst(head)
            head = 0
        }
        return batch
    }

    /// Drops batches wholly below the log start.
    mutating func trim(below logStart: Int64) {
        while let first = oldest, first.endOffset <= logStart { dropOldest() }
    }

    /// The piece that holds `offset` or, when none does, what follows it: a stored batch, or the simulated run up to the
    /// next stored batch (or `logEnd`).
    func piece(at offset: Int64, logEnd: Int64) -> StoredPiece? {
        guard offset < logEnd else { return nil }
        // Binary search for the last batch with baseOffset <= offset.
        var low = head, high = batches.count - 1, found = -1
        while low <= high {
            let mid = (low + high) / 2
            if batches[mid].baseOffset <= offset { found = mid; low = mid + 1 } else { high = mid - 1 }
        }
        if found >= 0, batches[found].endOffset > offset { return .batch(batches[found]) }
        let next = found >= 0 ? found + 1 : head
        let nextStart = next < batches.count ? batches[next].baseOffset : logEnd
        return .synthesized(from: offset, to: min(nextStart, logEnd))
    }
}

/// Per topic and partition, the batches of real producers.
struct RecordStore {
    private var partitions: [[PartitionBatches]] = []

    mutating func ensureTopic(_ topic: Int, partitions count: Int) {
        while partitions.count <= topic { partitions.append([]) }
        while partitions[topic].count < count { partitions[topic].append(PartitionBatches()) }
    }

    subscript(topic: Int, partition: Int) -> PartitionBatches {
        get { partitions[topic][partition] }
        // In place: a get-then-set would copy the partition's batch list on every append.
        _modify { yield &partitions[topic][partition] }
    }

    var totalBytes: Int64 { partitions.reduce(0) { $0 + $1.reduce(0) { $0 + $1.bytes } } }
}
