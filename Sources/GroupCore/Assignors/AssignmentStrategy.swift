/// The four strategies `partition.assignment.strategy` accepts, by Kafka's names and class names.
public enum AssignmentStrategy: String, CaseIterable, Sendable, CustomStringConvertible {
    case range
    case roundrobin
    case sticky
    case cooperativeSticky = "cooperative-sticky"

    public var description: String { rawValue }

    /// Kafka's Java class name, accepted as an alias.
    public var className: String {
        switch self {
        case .range: "org.apache.kafka.clients.consumer.RangeAssignor"
        case .roundrobin: "org.apache.kafka.clients.consumer.RoundRobinAssignor"
        case .sticky: "org.apache.kafka.clients.consumer.StickyAssignor"
        case .cooperativeSticky: "org.apache.kafka.clients.consumer.CooperativeStickyAssignor"
        }
    }

    /// Accepts `range`, `cooperative-sticky`, … or a Kafka class name.
    public init?(name: String) {
        let trimmed = name.trimmingSpaces
        if let byName = AssignmentStrategy(rawValue: trimmed) {
            self = byName
        } else if let byClass = AssignmentStrategy.allCases.first(where: { $0.className == trimmed }) {
            self = byClass
        } else {
            return nil
        }
    }

    /// Every name, for error messages: "range, roundrobin, sticky or cooperative-sticky".
    public static let expectedNames: String = {
        let names = allCases.map(\.rawValue)
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }()

    /// The strategy after this one, for cycling through them.
    public var next: AssignmentStrategy {
        let all = AssignmentStrategy.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}
