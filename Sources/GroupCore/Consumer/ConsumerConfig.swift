/// The consumer settings GroupScope models, by Kafka's names, with Kafka's defaults.
public struct ConsumerConfig: Sendable, Equatable {
    public var groupId: String
    public var groupInstanceId: String? = nil
    public var sessionTimeoutMs: Millis = 45_000
    public var heartbeatIntervalMs: Millis = 3_000
    public var maxPollIntervalMs: Millis = 300_000
    public var maxPollRecords: Int = 500
    public var enableAutoCommit: Bool = true
    public var autoCommitIntervalMs: Millis = 5_000
    public var autoOffsetReset: AutoOffsetReset = .latest
    /// Preferred first; Kafka's default is `range, cooperative-sticky`.
    public var partitionAssignmentStrategy: [AssignmentStrategy] = [.range, .cooperativeSticky]

    public init(groupId: String) { self.groupId = groupId }

    public enum AutoOffsetReset: String, Sendable, CaseIterable {
        case earliest, latest, none
    }

    /// Every key `set(_:to:)` accepts, in Kafka's spelling.
    public static let keys: [String] = [
        "group.id", "group.instance.id", "session.timeout.ms", "heartbeat.interval.ms", "max.poll.interval.ms",
        "max.poll.records", "enable.auto.commit", "auto.commit.interval.ms", "auto.offset.reset",
        "partition.assignment.strategy",
    ]

    /// Sets one key from its text form, rejecting what Kafka's ConfigDef would reject.
    /// The error message names the key and the value.
    public mutating func set(_ key: String, to value: String) throws(ConfigError) {
        func millis(min: Millis = 0) throws(ConfigError) -> Millis {
            guard let v = Int64(value.trimmingSpaces), v >= min else {
                throw ConfigError("invalid value \(value) for \(key): must be an integer ≥ \(min)")
            }
            return v
        }
        switch key {
        case "group.id":
            guard !value.isEmpty else { throw ConfigError("group.id must not be empty") }
            groupId = value
        case "group.instance.id":
            guard !value.trimmingSpaces.isEmpty else { throw ConfigError("group.instance.id must not be empty") }
            groupInstanceId = value
        case "session.timeout.ms": sessionTimeoutMs = try millis(min: 1)
        case "heartbeat.interval.ms": heartbeatIntervalMs = try millis(min: 1)
        case "max.poll.interval.ms": maxPollIntervalMs = try millis(min: 1)
        case "max.poll.records": maxPollRecords = Int(try millis(min: 1))
        case "auto.commit.interval.ms": autoCommitIntervalMs = try millis(min: 0)
        case "enable.auto.commit":
            switch value.trimmingSpaces.lowercased() {
            case "true": enableAutoCommit = true
            case "false": enableAutoCommit = false
            default: throw ConfigError("invalid value \(value) for enable.auto.commit: expected true or false")
            }
        case "auto.offset.reset":
            guard let reset = AutoOffsetReset(rawValue: value.trimmingSpaces.lowercased()) else {
                throw ConfigError("invalid value \(value) for auto.offset.reset: expected earliest, latest or none")
            }
            autoOffsetReset = reset
        case "partition.assignment.strategy":
            var strategies: [AssignmentStrategy] = []
            for name in value.split(separator: ",").map({ String($0).trimmingSpaces }) where !name.isEmpty {
                guard let strategy = AssignmentStrategy(name: name) else {
                    throw ConfigError(
                        "invalid value \(name) for partition.assignment.strategy: expected \(AssignmentStrategy.expectedNames)"
                    )
                }
                if !strategies.contains(strategy) { strategies.append(strategy) }
            }
            guard !strategies.isEmpty else { throw ConfigError("partition.assignment.strategy must name at least one strategy") }
            partitionAssignmentStrategy = strategies
        default:
            throw ConfigError("unknown consumer config \(key)")
        }
    }

    /// Checks combinations, as Kafka's consumer does at construction.
    public func validate() throws(ConfigError) {
        if heartbeatIntervalMs >= sessionTimeoutMs {
            throw ConfigError(
                "heartbeat.interval.ms (\(heartbeatIntervalMs)) must be lower than session.timeout.ms (\(sessionTimeoutMs))")
        }
        if groupId.isEmpty { throw ConfigError("group.id must not be empty") }
    }

    /// The rebalance protocol the member runs: cooperative only if every configured assignor supports it
    /// (Kafka picks the highest protocol common to all configured assignors).
    public var rebalanceProtocol: RebalanceProtocol {
        partitionAssignmentStrategy.allSatisfy { $0 == .cooperativeSticky } ? .cooperative : .eager
    }
}

public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
