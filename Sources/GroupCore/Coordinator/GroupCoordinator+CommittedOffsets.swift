extension GroupCoordinator {
    /// Every committed offset of a group at once (what an OffsetFetch with no partitions returns), for viewers
    /// that show all partitions each frame; empty for an unknown group.
    public func committedOffsets(group groupId: String) -> [TopicPartition: Int64] {
        groups[groupId]?.offsets ?? [:]
    }
}
