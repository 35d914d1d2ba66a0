/// "What would strategy S give this group?": the calculator behind `groupscope assign`. Reading its input
/// and printing its answer belong to the CLI; this is the pure part.
public struct AssignmentRequest: Sendable {
    public var strategy: AssignmentStrategy
    public var group: GroupSubscription

    public init(strategy: AssignmentStrategy, group: GroupSubscription) {
        self.strategy = strategy
        self.group = group
    }

    /// Runs the strategy: each member's partitions and, for cooperative-sticky, what each must revoke.
    public func run() -> AssignmentReport {
        let assignment = strategy.assignor.assign(group)
        var revoked: [String: [TopicPartition]] = [:]
        if strategy == .cooperativeSticky {
            for m in group.members {
                let kept = Set(assignment[m.memberId] ?? [])
                let lost = m.ownedPartitions.filter { !kept.contains($0) }.sorted()
                if !lost.isEmpty { revoked[m.memberId] = lost }
            }
        }
        return AssignmentReport(strategy: strategy, assignment: assignment, revoked: revoked)
    }
}

/// The calculator's answer.
public struct AssignmentReport: Sendable, Equatable {
    public var strategy: AssignmentStrategy
    public var assignment: [String: [TopicPartition]]
    /// Cooperative-sticky only: partitions a member owned and must give up before they move.
    public var revoked: [String: [TopicPartition]]

    public init(strategy: AssignmentStrategy, assignment: [String: [TopicPartition]], revoked: [String: [TopicPartition]]) {
        self.strategy = strategy
        self.assignment = assignment
        self.revoked = revoked
    }

    /// Member ids in Java's `String.compareTo` order (UTF-16 code units), as Kafka's tools list them.
    public static func javaOrdered(_ ids: some Sequence<String>) -> [String] { ids.sorted(by: JavaOrder.less) }
}
