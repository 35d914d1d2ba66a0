extension ConsumerMembership {
    /// Where a partition's position sits in `positions`, for a caller that reads and advances the positions of the
    /// same partitions on every poll (the simulation's fetch loop) without hashing the partition each time.
    /// Valid while `positionsRevision` stays the same.
    public typealias PositionIndex = Dictionary<TopicPartition, Int64>.Index

    public func positionIndex(of tp: TopicPartition) -> PositionIndex? { positions.index(forKey: tp) }

    public func position(at index: PositionIndex) -> Int64 { positions.values[index] }

    /// `setPosition` through an index: only a value changes, no entry moves, so the revision (and every index) stays.
    public mutating func setPosition(at index: PositionIndex, _ position: Int64) {
        let revision = positionsRevision
        positions.values[index] = position
        positionsRevision = revision
    }
}
