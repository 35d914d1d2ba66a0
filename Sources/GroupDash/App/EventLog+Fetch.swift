import GroupSim

extension EventLog {
    /// The dashboard keeps its own, smaller log: the events pane shows only the most recent.
    static let dashboardCapacity = 1_000

    /// Appends what is new at the source since the last call; returns how many events arrived.
    @discardableResult
    public mutating func fetch(from source: SimulationSource) -> Int {
        let fresh = source.events(from: happened)
        for event in fresh { append(event) }
        return fresh.count
    }
}
