/// Burrow's verdict on a partition's consumer, from a sliding window of committed offsets
/// (linkedin/Burrow `core/internal/evaluator/caching.go`, `calculatePartitionStatus`). GroupMonitor's `LagEvaluator`
/// computes it; it lives beside the snapshot, which carries it to the dashboard. Ordered by severity as
/// Burrow's `StatusConstant`s are (OK < WARN < STOP < STALL < REWIND), which is also how a group's status is the
/// worst of its partitions'.
public enum LagStatus: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    case ok = 1
    case warn = 2
    case stop = 4
    case stall = 5
    case rewind = 6

    public var description: String {
        switch self {
        case .ok: "OK"
        case .warn: "WARN"
        case .stop: "STOP"
        case .stall: "STALL"
        case .rewind: "REWIND"
        }
    }

    public static func < (lhs: LagStatus, rhs: LagStatus) -> Bool { lhs.rawValue < rhs.rawValue }
}
