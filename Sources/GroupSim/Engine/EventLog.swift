/// The run's events, numbered from 0; only the most recent are kept, so memory stays bounded in long runs.
struct EventLog {
    static let capacity = 5_000
    private var recent: [SimEvent] = []
    private(set) var count = 0

    mutating func append(_ event: SimEvent) {
        if recent.count == Self.capacity { recent.removeFirst(Self.capacity / 5) }
        recent.append(event)
        count += 1
    }

    /// Events numbered `sequence` and later that are still kept, oldest first.
    func events(from sequence: Int) -> [SimEvent] {
        guard let first = recent.first?.sequence else { return [] }
        let start = max(0, sequence - first)
        return start < recent.count ? Array(recent[start...]) : []
    }
}
