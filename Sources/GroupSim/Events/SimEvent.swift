import GroupCore

/// One thing that happened, for the event log, `simulate --format json` and the dashboard.
public struct SimEvent: Sendable {
    /// Position in the run's event sequence, from 0; lets readers ask for what is new.
    public var sequence: Int
    public var time: Millis
    /// Dotted type, e.g. `member.crashed`, `rebalance.completed`.
    public var type: String
    public var group: String?
    /// One human line, e.g. `billing-2 crashed (no heartbeats from now on)`.
    public var message: String
    /// Structured details in a fixed order, for JSON output.
    public var details: [(key: String, value: JSONValue)]

    public init(
        sequence: Int, time: Millis, type: String, group: String?, message: String,
        details: [(key: String, value: JSONValue)] = []
    ) {
        self.sequence = sequence
        self.time = time
        self.type = type
        self.group = group
        self.message = message
        self.details = details
    }
}
