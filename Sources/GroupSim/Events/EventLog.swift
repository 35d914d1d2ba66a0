import DequeModule

/// The most recent events, oldest first; only `capacity` are kept so that memory stays bounded in long runs,
/// while `happened` still counts every event. Events are numbered from 0 in the order they happen; a reader that
/// falls behind may skip some, which `happened` (one past the newest sequence) still counts.
/// Shared by the simulation, the monitor and the dashboard.
public struct EventLog: Sendable {
    public let capacity: Int
    /// Kept events, oldest first: a `Deque`, so that dropping the oldest costs O(1).
    public private(set) var kept = Deque<SimEvent>()
    /// How many events happened: one past the newest sequence, kept or not.
    public private(set) var happened = 0

    public init(capacity: Int) { self.capacity = max(0, capacity) }

    /// The kept events as an array, oldest first.
    public var events: [SimEvent] { Array(kept) }

    public mutating func append(_ event: SimEvent) {
        happened = max(happened, event.sequence) + 1
        guard capacity > 0 else { return }
        if kept.count == capacity { kept.removeFirst() }
        kept.append(event)
    }

    /// Kept events numbered `sequence` and later, oldest first.
    public func events(from sequence: Int) -> [SimEvent] {
        guard let first = kept.first?.sequence else { return [] }
        let start = max(0, sequence - first)
        return start < kept.count ? Array(kept[start...]) : []
    }
}
