/// The few pieces of Java behaviour Kafka's assignors lean on: `String.compareTo` (UTF-16 order),
/// `String.hashCode`, `TopicPartition.hashCode`, and the iteration order of a `java.util.HashMap`
/// built by successive `put`s. Kafka iterates HashMaps in places where the order changes the result
/// (which members keep `maxQuota` partitions, which previous owner wins a tie), so we reproduce it.
enum JavaOrder {
    /// Java's `String.compareTo`: lexicographic over UTF-16 code units.
    static func less(_ a: String, _ b: String) -> Bool {
        if a == b { return false }
        return a.utf16.lexicographicallyPrecedes(b.utf16)
    }

    /// Java's `String.hashCode`.
    static func hash(_ s: String) -> Int32 {
        var h: Int32 = 0
        for unit in s.utf16 { h = 31 &* h &+ Int32(unit) }
        return h
    }

    /// Kafka's `TopicPartition.hashCode`: `31 * (31 + partition) + topic.hashCode()`.
    static func hash(topicHash: Int32, partition: Int32) -> Int32 {
        31 &* (31 &+ partition) &+ topicHash
    }

    /// `HashMap.hash`: the high half folded into the low half.
    static func spread(_ h: Int32) -> UInt32 {
        let u = UInt32(bitPattern: h)
        return u ^ (u >> 16)
    }

    /// Table size of a default-constructed HashMap after `count` insertions (load factor 0.75).
    static func capacity(forCount count: Int) -> Int {
        var cap = 16
        while count > cap * 3 / 4 { cap *= 2 }
        return cap
    }

    /// Indices `0..<hashes.count` in the order a HashMap holding these keys iterates them:
    /// by bucket, then (within a bucket) by the given tie-break rank. Kafka's own tie-break inside
    /// a bucket is the order members arrived in; we use the member-id rank so that the result does
    /// not depend on input order.
    static func hashMapOrder(hashes: [Int32]) -> [Int32] {
        let mask = UInt32(capacity(forCount: hashes.count) - 1)
        var keyed = [UInt64]()
        keyed.reserveCapacity(hashes.count)
        for (i, h) in hashes.enumerated() {
            keyed.append(UInt64(spread(h) & mask) << 32 | UInt64(i))
        }
        keyed.sort()
        return keyed.map { Int32(truncatingIfNeeded: $0) }
    }
}
