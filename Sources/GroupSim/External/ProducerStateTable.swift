import GroupCore

/// Idempotent producers: the ids InitProducerId hands out and, per producer and partition, the last five batches
/// appended, so that a retried batch is acknowledged with its first offset instead of being appended twice
/// (Kafka's `ProducerStateEntry`, which keeps `NUM_BATCHES_TO_RETAIN = 5`).
struct ProducerStateTable {
    struct BatchMetadata {
        var epoch: Int16
        var firstSequence: Int32
        var lastSequence: Int32
        var baseOffset: Int64
    }

    struct Key: Hashable {
        var producerId: Int64
        var topic: Int
        var partition: Int
    }

    static let batchesToRetain = 5
    private var nextProducerId: Int64 = 1_000
    private var recent: [Key: [BatchMetadata]] = [:]

    mutating func newProducerId() -> Int64 {
        defer { nextProducerId += 1 }
        return nextProducerId
    }

    /// Whether this batch (same producer, epoch and sequence range) was appended before: its base offset if so.
    func duplicate(of key: Key, epoch: Int16, firstSequence: Int32, lastSequence: Int32) -> Int64? {
        recent[key]?.first {
            $0.epoch == epoch && $0.firstSequence == firstSequence && $0.lastSequence == lastSequence
        }?.baseOffset
    }

    /// Kafka's `ProducerAppendInfo.checkSequence`: within an epoch the next batch starts right after the last one
    /// (wrapping at Int32.max); a newer epoch starts at sequence 0; a producer with no state here may start anywhere
    /// (its state may have been dropped with the log).
    func isInSequence(_ key: Key, epoch: Int16, firstSequence: Int32) -> Bool {
        guard let last = recent[key]?.last else { return true }
        if epoch != last.epoch { return epoch > last.epoch && firstSequence == 0 }
        let expected = last.lastSequence == Int32.max ? 0 : last.lastSequence + 1
        return firstSequence == expected
    }

    mutating func record(_ key: Key, _ batch: BatchMetadata) {
        var list = recent[key] ?? []
        if let last = list.last, last.epoch != batch.epoch { list.removeAll() }
        list.append(batch)
        if list.count > Self.batchesToRetain { list.removeFirst(list.count - Self.batchesToRetain) }
        recent[key] = list
    }
}
