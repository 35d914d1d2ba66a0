import GroupCore

/// The producer load of one topic: its rate pattern, key partitioner and a per-second rate gauge.
struct ProducerRuntime {
    let topicIndex: Int
    var accumulator: RateAccumulator
    var partitioner: RecordPartitioner
    /// Per partition scratch counts, reused each tick.
    var counts: [Int]
}
