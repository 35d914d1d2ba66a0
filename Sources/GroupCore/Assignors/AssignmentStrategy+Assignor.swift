extension AssignmentStrategy {
    /// The assignor that implements this strategy.
    public var assignor: any PartitionAssignor {
        switch self {
        case .range: RangeAssignor()
        case .roundrobin: RoundRobinAssignor()
        case .sticky: StickyAssignor()
        case .cooperativeSticky: CooperativeStickyAssignor()
        }
    }
}
