/// Kafka's `PartitionMovements` bookkeeping for the general sticky path: which partitions moved between
/// which members during this assignment, so that a later move in the opposite direction moves a
/// partition back instead of moving a second one.
///
/// When several partitions qualify, Kafka takes the first one a `HashSet<TopicPartition>` yields;
/// we reproduce that order (bucket of `TopicPartition.hashCode` in the set's table, then insertion order).
struct PartitionMovements {
    private struct Pair: Hashable { var topic: Int32; var src: Int32; var dst: Int32 }
    private struct Moved { var elements: [(partition: Int32, seq: Int)] = []; var largest = 0 }

    private var source: [Int32]
    private var destination: [Int32]
    private var byPair: [Pair: Moved] = [:]
    private var pairsPerTopic: [Int32]
    private var seq = 0
    private let partitionHash: (Int32) -> Int32
    private let topicOf: (Int32) -> Int32

    init(partitionCount: Int, topicCount: Int, topicOf: @escaping (Int32) -> Int32, partitionHash: @escaping (Int32) -> Int32) {
        source = [Int32](repeating: -1, count: partitionCount)
        destination = [Int32](repeating: -1, count: partitionCount)
        pairsPerTopic = [Int32](repeating: 0, count: topicCount)
        self.topicOf = topicOf
        self.partitionHash = partitionHash
    }

    private mutating func removeRecord(_ p: Int32) -> (Int32, Int32) {
        let pair = Pair(topic: topicOf(p), src: source[Int(p)], dst: destination[Int(p)])
        source[Int(p)] = -1
        destination[Int(p)] = -1
        byPair[pair]!.elements.removeAll { $0.partition == p }
        if byPair[pair]!.elements.isEmpty {
            byPair[pair] = nil
            pairsPerTopic[Int(pair.topic)] -= 1
        }
        return (pair.src, pair.dst)
    }

    private mutating func addRecord(_ p: Int32, src: Int32, dst: Int32) {
        source[Int(p)] = src
        destination[Int(p)] = dst
        let pair = Pair(topic: topicOf(p), src: src, dst: dst)
        if byPair[pair] == nil {
            byPair[pair] = Moved()
            pairsPerTopic[Int(pair.topic)] += 1
        }
        seq += 1
        byPair[pair]!.elements.append((p, seq))
        byPair[pair]!.largest = max(byPair[pair]!.largest, byPair[pair]!.elements.count)
    }

    mutating func move(_ p: Int32, from old: Int32, to new: Int32) {
        if source[Int(p)] >= 0 {
            let (src, _) = removeRecord(p)
            if src != new { addRecord(p, src: src, dst: new) }
        } else {
            addRecord(p, src: old, dst: new)
        }
    }

    func partitionToMove(_ p: Int32, from old: Int32, to new: Int32) -> Int32 {
        let t = topicOf(p)
        if pairsPerTopic[Int(t)] == 0 { return p }
        var old = old
        if source[Int(p)] >= 0 { old = source[Int(p)] }
        guard let moved = byPair[Pair(topic: t, src: new, dst: old)], !moved.elements.isEmpty else { return p }
        let mask = UInt32(JavaOrder.capacity(forCount: moved.largest) - 1)
        var best = moved.elements[0]
        var bestBucket = JavaOrder.spread(partitionHash(best.partition)) & mask
        for e in moved.elements.dropFirst() {
            let b = JavaOrder.spread(partitionHash(e.partition)) & mask
            if b < bestBucket || (b == bestBucket && e.seq < best.seq) { best = e; bestBucket = b }
        }
        return best.partition
    }
}
