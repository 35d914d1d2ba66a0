/// Kafka's `RoundRobinAssignor`: all partitions of the sorted union of subscribed topics, in order,
/// dealt in one circular walk over the members in `MemberInfo` order (static members by instance id
/// first, then member id), skipping members not subscribed to the partition's topic.
///
/// Kafka's examples: C0, C1 on t0, t1 (3 partitions each) → C0: t0-0 t0-2 t1-1, C1: t0-1 t1-0 t1-2;
/// C0 on t0, C1 on t0 t1, C2 on t0 t1 t2 (1, 2, 3 partitions) → C0: t0-0, C1: t1-0,
/// C2: t1-1 t2-0 t2-1 t2-2.
public struct RoundRobinAssignor: PartitionAssignor {
    public init() {}
    public var name: String { "roundrobin" }
    public var supportedProtocols: [RebalanceProtocol] { [.eager] }

    public func assign(_ group: GroupSubscription) -> [String: [TopicPartition]] {
        let g = InternedGroup(group, withOwnership: false)
        return g.result(owner: Self.owners(g))
    }

    static func owners(_ g: InternedGroup) -> [Int32] {
        var owner = [Int32](repeating: -1, count: g.totalPartitions)
        let order = g.memberInfoOrder()
        let n = order.count
        guard n > 0 else { return owner }
        var cursor = 0
        for t in 0..<g.topicCount {
            // Every assignable topic has a subscriber, so the walk below always stops.
            for p in g.topicBase[t]..<g.topicBase[t + 1] {
                while !g.subscribes(Int(order[cursor]), t) { cursor = cursor + 1 == n ? 0 : cursor + 1 }
                owner[p] = order[cursor]
                cursor = cursor + 1 == n ? 0 : cursor + 1
            }
        }
        return owner
    }
}
