/// Kafka's `CooperativeStickyAssignor`: the sticky assignment, minus every partition that changes
/// owner. Such a partition is withheld from its new owner this round (its previous owner, seeing it
/// missing, revokes it) and handed out in the follow-up rebalance.
public struct CooperativeStickyAssignor: PartitionAssignor {
    public init() {}
    public var name: String { "cooperative-sticky" }
    public var supportedProtocols: [RebalanceProtocol] { [.cooperative, .eager] }

    public func assign(_ group: GroupSubscription) -> [String: [TopicPartition]] {
        let g = InternedGroup(group, withOwnership: true)
        return g.result(owner: Self.owners(g))
    }

    static func owners(_ g: InternedGroup) -> [Int32] {
        var outcome = StickyCore.assign(g)
        for p in 0..<outcome.owner.count where outcome.transferring[p] { outcome.owner[p] = -1 }
        return outcome.owner
    }
}
