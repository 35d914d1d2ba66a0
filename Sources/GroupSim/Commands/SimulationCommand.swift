import GroupCore

/// The one command vocabulary shared by scenario timelines, the dashboard's keys and, later, the network.
/// Members are named `<group.id>-<n>`.
public enum SimulationCommand: Sendable, Equatable, CustomStringConvertible {
    /// The process dies: no more heartbeats, no LeaveGroup; the coordinator notices at session timeout.
    case crash(member: String)
    /// The poll loop is stuck but the heartbeat thread goes on: noticed at `max.poll.interval.ms`.
    case hang(member: String)
    /// Clean shutdown: LeaveGroup, an immediate rebalance.
    case leave(member: String)
    /// A crashed, hung or left member starts again (with its `group.instance.id` if static).
    case restart(member: String)
    case addMember(group: String)
    /// A stop-the-world pause (GC): no heartbeats and no polls for that long.
    case pause(member: String, seconds: Double)
    /// Sets the member's processing rate in messages per second.
    case slow(member: String, rate: Double)
    /// A rolling change of `partition.assignment.strategy`.
    case strategy(group: String, to: AssignmentStrategy)
    /// Sets a topic's produce rate in messages per second.
    case rate(topic: String, messagesPerSecond: Double)
    case pauseProducers
    case resumeProducers

    /// The command as a scenario line or a console would write it, e.g. `crash billing-2`.
    public var description: String {
        switch self {
        case .crash(let m): "crash \(m)"
        case .hang(let m): "hang \(m)"
        case .leave(let m): "leave \(m)"
        case .restart(let m): "restart \(m)"
        case .addMember(let g): "add-member \(g)"
        case .pause(let m, let s): "pause \(m) \(formatNumber(s))"
        case .slow(let m, let r): "slow \(m) \(formatNumber(r))"
        case .strategy(let g, let s): "strategy \(g) \(s)"
        case .rate(let t, let r): "rate \(t) \(formatNumber(r))"
        case .pauseProducers: "pause-producers"
        case .resumeProducers: "resume-producers"
        }
    }
}

/// `3` rather than `3.0`, `2.5` as is.
func formatNumber(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
}
