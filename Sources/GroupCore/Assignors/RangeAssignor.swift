/// Kafka's `RangeAssignor`: for each topic on its own, the subscribed members in `MemberInfo` order
/// (static members by instance id first, then member id) each take a contiguous range of partitions;
/// the first `partitions % members` members take one extra.
///
/// Kafka's example: C0 and C1 both subscribe t0 and t1 (3 partitions each) →
/// C0: t0-0 t0-1 t1-0 t1-1, C1: t0-2 t1-2.
public struct RangeAssignor: PartitionAssignor {
    public init() {}
    public var name: String { "range" }
    public var supportedProtocols: [RebalanceProtocol] { [.eager] }

    public func assign(_ group: GroupSubscription) -> [String: [TopicPartition]] {
        let g = InternedGroup(group, withOwnership: false)
        return g.result(owner: Self.owners(g))
    }

    static func owners(_ g: InternedGroup) -> [Int32] {
        var owner = [Int32](repeating: -1, count: g.totalPartitions)
        let order = g.memberInfoOrder()
        var subscribers = [Int32]()
        subscribers.reserveCapacity(order.count)
        for t in 0..<g.topicCount {
            subscribers.removeAll(keepingCapacity: true)
            for m in order where g.subscribes(Int(m), t) { subscribers.append(m) }
            let n = subscribers.count
            guard n > 0 else { continue }
            let count = Int(g.partitionCounts[t])
            let per = count / n, extra = count % n
            var p = g.topicBase[t]
            for (i, m) in subscribers.enumerated() {
                let length = per + (i < extra ? 1 : 0)
                for q in p..<(p + length) { owner[q] = m }
                p += length
            }
        }
        return owner
    }
}
