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
        let spread = JavaOrder.spread(JavaOrder.hash(key))
        entries[key] = (spread, nextSequence)
        nextSequence += 1
        // `if (++size > threshold) resize()`, threshold = 0.75 × capacity.
        if entries.count > capacity * 3 / 4 {
            capacity *= 2
            reorder()
        } else {
            // The newest key goes last in its bucket, before the first key of a later bucket: a binary search and
            // one insertion instead of a sort per put (a group of 10,000 members joins in milliseconds, not minutes).
            ordered.insert(key, at: firstIndex { bucket($0) > spread & mask })
        }
    }

    mutating func remove(_ key: String) {
        guard let removed = entries[key] else { return }
        let place = (bucket: removed.spread & mask, sequence: removed.sequence)
        let index = firstIndex { other in
            let (b, s) = (bucket(other), entries[other]!.sequence)
            return b != place.bucket ? b > place.bucket : s >= place.sequence
        }
        entries[key] = nil
        ordered.remove(at: index)
    }

    private var mask: UInt32 { UInt32(capacity - 1) }
    private func bucket(_ key: String) -> UInt32 { entries[key]!.spread & mask }

    /// The first index of `ordered` whose key satisfies `isAfter`, which is false for a prefix and true after it.
    private func firstIndex(where isAfter: (String) -> Bool) -> Int {
        var (low, high) = (0, ordered.count)
        while low < high {
            let middle = (low + high) / 2
            if isAfter(ordered[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }

    private mutating func reorder() {
        let mask = self.mask
        ordered = entries.sorted { a, b in
            let (ba, bb) = (a.value.spread & mask, b.value.spread & mask)
            return ba != bb ? ba < bb : a.value.sequence < b.value.sequence
        }.map(\.key)
    }
}
