import GroupSim

/// The most recent events, oldest first, fetched incrementally from the source.
public struct EventLog: Sendable {
    public let capacity: Int
    public private(set) var events: [SimEvent] = []
    public private(set) var nextSequence = 0

    public init(capacity: Int = 1_000) { self.capacity = capacity }

    /// Appends what is new since the last call; returns how many events arrived.
    @discardableResult
    public mutating func fetch(from source: SimulationSource) -> Int {
        let fresh = source.events(from: nextSequence)
        guard let last = fresh.last else { return 0 }
        nextSequence = last.sequence + 1
        events.append(contentsOf: fresh)
        if events.count > capacity { events.removeFirst(events.count - capacity) }
        return fresh.count
    }
}
