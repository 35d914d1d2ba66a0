/// For each of a group's slots (its committed partitions), the last `capacity` values appended, oldest first: every
/// slot's ring in one contiguous array. A large cluster has ~100,000 (group, partition) pairs; a pair's history as
/// its own small array costs an allocation, a shift on every append once full, and a cache miss whenever it is read.
struct SlotRings<Element: Sendable>: Sendable {
    /// Values kept per slot.
    let capacity: Int
    /// Slot `s` owns `storage[s * capacity ..< (s + 1) * capacity]`.
    private var storage: [Element] = []
    /// Where each slot's oldest value is within its part of `storage`, and how many it holds.
    private var starts: [Int] = []
    private var counts: [Int] = []
    /// Fills the parts of `storage` not written yet.
    private let blank: Element

    init(capacity: Int, blank: Element) {
        self.capacity = max(1, capacity)
        self.blank = blank
    }

    /// Adds a slot holding the last `capacity` of `values` (none for a new partition); returns its number.
    @discardableResult
    mutating func addSlot(_ values: [Element]) -> Int {
        let slot = counts.count
        storage.append(contentsOf: values.suffix(capacity))
        storage.append(contentsOf: repeatElement(blank, count: capacity - min(values.count, capacity)))
        starts.append(0)
        counts.append(min(values.count, capacity))
        return slot
    }

    /// Forgets the slot's values (the slot stays, empty).
    mutating func empty(_ slot: Int) {
        starts[slot] = 0
        counts[slot] = 0
    }

    /// Appends `value` to the slot's ring; when full, the oldest value gives way and is returned.
    @discardableResult
    mutating func append(_ value: Element, to slot: Int) -> Element? {
        let base = slot * capacity
        if counts[slot] < capacity {
            storage[base + (starts[slot] + counts[slot]) % capacity] = value
            counts[slot] += 1
            return nil
        }
        let evicted = storage[base + starts[slot]]
        storage[base + starts[slot]] = value
        starts[slot] = (starts[slot] + 1) % capacity
        return evicted
    }

    /// The slot's oldest value, nil when it holds none.
    func first(_ slot: Int) -> Element? {
        counts[slot] == 0 ? nil : storage[slot * capacity + starts[slot]]
    }

    /// The slot's values, oldest first, read in place.
    func values(_ slot: Int) -> Ring {
        Ring(storage: storage, base: slot * capacity, start: starts[slot], count: counts[slot], capacity: capacity)
    }

    /// One slot's ring as a collection, oldest first.
    struct Ring: RandomAccessCollection, Sendable {
        fileprivate let storage: [Element]
        fileprivate let base: Int
        fileprivate let start: Int
        let count: Int
        fileprivate let capacity: Int

        var startIndex: Int { 0 }
        var endIndex: Int { count }

        subscript(position: Int) -> Element {
            precondition(position >= 0 && position < count, "ring index out of range")
            // Past the end of the slot's part the ring continues at its beginning (a subtraction, not a division).
            let offset = start + position
            return storage[base + (offset < capacity ? offset : offset - capacity)]
        }
    }
}
