import Foundation
import GroupCore
import Yams

/// A group's `config:` mapping, Kafka consumer settings by Kafka's names, translated to a `ConsumerConfig` and
/// checked as Kafka would: ConfigDef types and ranges (INT settings are 32-bit), the consumer's own combination
/// checks, and the broker's session timeout bounds a JoinGroup must meet.
extension ScenarioLoader {
    /// Kafka's consumer settings of type INT (ConsumerConfig's ConfigDef): 32-bit in Kafka, so larger values are refused.
    static let kafkaIntConfigs: Set<String> = [
        "session.timeout.ms", "heartbeat.interval.ms", "max.poll.interval.ms", "max.poll.records", "auto.commit.interval.ms",
    ]

    /// The config and, if given, the `enable.auto.commit` node (which `commit:` must agree with).
    func consumerConfig(_ configNode: Node, groupId id: String) throws(ScenarioError) -> (ConsumerConfig, Node?) {
        var config = ConsumerConfig(groupId: id)
        var autoCommitNode: Node? = nil
        var configNodes: [String: Node] = [:]
        guard case .mapping(let mapping) = configNode else {
            throw error(configNode, "config must be a mapping of Kafka consumer settings")
        }
        for (keyNode, valueNode) in mapping {
            let key = try text(keyNode, "a config key")
            if configNodes[key] != nil { throw error(keyNode, "duplicate key '\(shown(key))' in config") }
            configNodes[key] = valueNode
            switch key {
            case "group.id":
                throw error(keyNode, "group.id comes from the group's id; remove it from config")
            case "group.instance.id":
                throw error(keyNode, "group.instance.id is per member; use static: true (members get <group>-<n>)")
            case _ where !ConsumerConfig.keys.contains(key):
                let known = ConsumerConfig.keys.filter { $0 != "group.id" && $0 != "group.instance.id" }
                throw error(keyNode, "unknown consumer config '\(shown(key))' (known: \(known.joined(separator: ", ")))")
            default:
                break
            }
            let value: String
            switch valueNode {
            case .scalar(let scalar): value = scalar.string
            case .sequence(let sequence):
                var parts: [String] = []
                for element in sequence.prefix(16) { parts.append(try text(element, key)) }
                guard sequence.count <= 16 else { throw error(valueNode, "\(key) lists more than 16 values") }
                value = parts.joined(separator: ",")
            default:
                throw error(valueNode, "\(key) must be a single value or a list, not a \(kind(valueNode))")
            }
            // Kafka declares these as INT (ConsumerConfig's ConfigDef): a 32-bit value or nothing.
            if Self.kafkaIntConfigs.contains(key), Self.isWholeNumber(value.trimmingCharacters(in: .whitespaces)),
                Int32(value.trimmingCharacters(in: .whitespaces)) == nil
            {
                throw error(
                    valueNode,
                    "invalid value \(shown(value)) for \(key): Kafka's \(key) is an INT (32-bit), at most \(Int32.max)")
            }
            do {
                try config.set(key, to: value)
            } catch {
                throw self.error(valueNode, error.message)
            }
            if key == "enable.auto.commit" { autoCommitNode = valueNode }
        }
        do {
            try config.validate()
        } catch {
            let at = configNodes["heartbeat.interval.ms"] ?? configNodes["session.timeout.ms"] ?? configNode
            throw self.error(at, error.message)
        }
        // The coordinator answers a JoinGroup outside the broker's session timeout bounds with
        // INVALID_SESSION_TIMEOUT (GroupMetadataManager.classicGroupJoin): the group would never form.
        let session = config.sessionTimeoutMs
        guard session >= ScenarioLimits.minSessionTimeoutMs, session <= ScenarioLimits.maxSessionTimeoutMs else {
            throw self.error(
                configNodes["session.timeout.ms"] ?? configNode,
                "session.timeout.ms \(session) is outside the broker's group.min.session.timeout.ms…group.max.session.timeout.ms (\(ScenarioLimits.minSessionTimeoutMs)…\(ScenarioLimits.maxSessionTimeoutMs)): every JoinGroup would fail with INVALID_SESSION_TIMEOUT"
            )
        }
        return (config, autoCommitNode)
    }
}
