extension RandomAccessCollection where Index == Int {
    /// The index of the element whose `key` equals `target` in a collection sorted ascending by `key`, by binary
    /// search; nil when there is none. The monitor's per-group tables are sorted arrays searched this way instead of
    /// hashed tables rebuilt on every refresh.
    func sortedIndex<Key: Comparable>(of target: Key, by key: (Element) -> Key) -> Int? {
        let low = lowerBound(of: target, by: key)
        return low < endIndex && key(self[low]) == target ? low : nil
    }

    /// The index of the first element whose `key` is at least `target` in a collection sorted ascending by `key`
    /// (`endIndex` when there is none), by binary search.
    func lowerBound<Key: Comparable>(of target: Key, by key: (Element) -> Key) -> Int {
        var low = startIndex
        var high = endIndex
        while low < high {
            let mid = low + (high - low) / 2
            if key(self[mid]) < target { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

extension Array where Element == Int32 {
    /// The index of `partition` in ascending partition numbers: at its own index when the topic's partitions 0..<n
    /// are all there (the usual case), else by binary search.
    func partitionIndex(of partition: Int32) -> Int? {
        if partition >= 0, Int(partition) < count, self[Int(partition)] == partition { return Int(partition) }
        return sortedIndex(of: partition, by: { $0 })
    }
}
