/// Members ordered by (assigned count, member id): Kafka's `TreeSet` with `SubscriptionComparator`.
///
/// Laid out as one bitset of members per distinct count ("level"), levels kept in ascending order.
/// Finding the first member, in that order, subscribed to a topic is an AND of two bitsets per level.
struct MemberCountOrder {
    let words: Int
    private(set) var count: [Int32]
    private(set) var contains: [Bool]
    private var levels: [Int32] = []  // ascending distinct counts
    private var levelSlot: [Int32] = []  // bitset slot of each level
    private var pool: [UInt64] = []
    private var population: [Int32] = []
    private var freeSlots: [Int32] = []

    init(memberCount: Int, counts: [Int32]) {
        words = max(1, (memberCount + 63) / 64)
        count = counts
        contains = [Bool](repeating: false, count: memberCount)
    }

    private func levelIndex(_ c: Int32) -> Int {
        var lo = 0, hi = levels.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if levels[mid] < c { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    mutating func insert(_ m: Int32) {
        let c = count[Int(m)]
        let i = levelIndex(c)
        let slot: Int32
        if i < levels.count && levels[i] == c {
            slot = levelSlot[i]
        } else {
            if let free = freeSlots.popLast() {
                slot = free
            } else {
                slot = Int32(population.count)
                population.append(0)
                pool.append(contentsOf: repeatElement(0, count: words))
            }
            levels.insert(c, at: i)
            levelSlot.insert(slot, at: i)
        }
        pool[Int(slot) * words + Int(m >> 6)] |= 1 << UInt64(m & 63)
        population[Int(slot)] += 1
        contains[Int(m)] = true
    }

    mutating func remove(_ m: Int32) {
        let i = levelIndex(count[Int(m)])
        let slot = levelSlot[i]
        pool[Int(slot) * words + Int(m >> 6)] &= ~(1 << UInt64(m & 63))
        population[Int(slot)] -= 1
        contains[Int(m)] = false
        if population[Int(slot)] == 0 {
            levels.remove(at: i)
            levelSlot.remove(at: i)
            freeSlots.append(slot)
        }
    }

    /// Changes a member's count, keeping its place in the order right.
    mutating func add(_ delta: Int32, to m: Int32) {
        if contains[Int(m)] {
            remove(m)
            count[Int(m)] += delta
            insert(m)
        } else {
            count[Int(m)] += delta
        }
    }

    mutating func setCounts(_ counts: [Int32]) {
        let members = (0..<contains.count).filter { contains[$0] }
        for m in members { remove(Int32(m)) }
        count = counts
        for m in members { insert(Int32(m)) }
    }

    var isEmpty: Bool { levels.isEmpty }
    var minCount: Int32 { levels[0] }
    var maxCount: Int32 { levels[levels.count - 1] }

    /// The first member in (count, id) order whose bit is set in `mask` (`words` words at `offset`).
    func first(matching mask: [UInt64], offset: Int) -> Int32? {
        for slot in levelSlot {
            let base = Int(slot) * words
            for w in 0..<words {
                let x = pool[base + w] & mask[offset + w]
                if x != 0 { return Int32(w * 64 + x.trailingZeroBitCount) }
            }
        }
        return nil
    }

    /// All members, in (count, id) order.
    func ordered() -> [Int32] {
        var out: [Int32] = []
        for slot in levelSlot {
            let base = Int(slot) * words
            for w in 0..<words {
                var x = pool[base + w]
                while x != 0 {
                    out.append(Int32(w * 64 + x.trailingZeroBitCount))
                    x &= x - 1
                }
            }
        }
        return out
    }
}
