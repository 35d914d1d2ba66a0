/// The key set of a `java.util.HashMap<String, V>` that lives through puts and removes, in the order Java
/// iterates it. Kafka's ClassicGroup keeps its members in such a map (`members = new HashMap<>()`), and the order
/// decides who becomes leader when the leader leaves and in which order the leader sees the members.
///
/// Java iterates a HashMap bucket by bucket (`spread(hash) & (capacity - 1)`), and within a bucket in the order the
/// keys were put: removal unlinks a node, resizing splits a bucket keeping relative order. The table doubles when
/// the size passes 0.75 × capacity and never shrinks. Not modelled: a bucket turned into a tree (8 colliding keys in
/// a table of 64 or more), whose later insertions Java links next to their tree parent instead of at the end.
struct JavaHashMapKeys: Sendable {
    private(set) var capacity = 16
    /// Key → (spread hash, put sequence number).
    private var entries: [String: (spread: UInt32, sequence: UInt64)] = [:]
    private var nextSequence: UInt64 = 0
    /// The keys in Java's iteration order, kept current by every put and remove.
    private(set) var ordered: [String] = []

    var count: Int { entries.count }
    func contains(_ key: String) -> Bool { entries[key] != nil }

    /// `HashMap.put` of a key; a key already present keeps its place, as in Java.
    mutating func put(_ key: String) {
        guard entries[key] == nil else { return }
        entries[key] = (JavaOrder.spread(JavaOrder.hash(key)), nextSequence)
        nextSequence += 1
        // `if (++size > threshold) resize()`, threshold = 0.75 × capacity.
        if entries.count > capacity * 3 / 4 { capacity *= 2 }
        reorder()
    }

    mutating func remove(_ key: String) {
        guard entries.removeValue(forKey: key) != nil else { return }
        ordered.removeAll { $0 == key }
    }

    private mutating func reorder() {
        let mask = UInt32(capacity - 1)
        ordered = entries.sorted { a, b in
            let (ba, bb) = (a.value.spread & mask, b.value.spread & mask)
            return ba != bb ? ba < bb : a.value.sequence < b.value.sequence
        }.map(\.key)
    }
}
