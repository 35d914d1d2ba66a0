extension ConsumerMembership {
    /// Drops a position that turned out invalid (out of range after retention), so it is looked up again.
    public mutating func forgetPosition(_ tp: TopicPartition) {
        positions[tp] = nil
    }

    /// A rolling change of `partition.assignment.strategy`: the member rejoins with the new list.
    public mutating func changeAssignmentStrategy(_ strategies: [AssignmentStrategy]) {
        guard !strategies.isEmpty, strategies != config.partitionAssignmentStrategy else { return }
        config.partitionAssignmentStrategy = strategies
        requestRejoin("partition.assignment.strategy changed to \(strategies.map(\.rawValue).joined(separator: ","))")
    }
}
