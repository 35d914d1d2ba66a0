/// Kafka's `StickyAssignor` (eager): as balanced as possible first, then keeping as many partitions
/// with their previous owners as possible. Previous ownership and its generation come from each
/// member's `ownedPartitions` and `generation` (Kafka reads them from the assignor's user data).
public struct StickyAssignor: PartitionAssignor {
    public init() {}
    public var name: String { "sticky" }
    public var supportedProtocols: [RebalanceProtocol] { [.eager] }

    public func assign(_ group: GroupSubscription) -> [String: [TopicPartition]] {
        let g = InternedGroup(group, withOwnership: true)
        return g.result(owner: StickyCore.assign(g).owner)
    }
}
