import GroupCore
import Yams

/// `topics:`: Kafka-legal names, bounded partition counts, retention.
extension ScenarioLoader {
    static let topicKeys = ["name", "partitions", "retention.ms", "retention.messages"]

    func parseTopics(_ node: Node) throws(ScenarioError) -> [TopicSpec] {
        var topics: [TopicSpec] = []
        var seen: [String: Int] = [:]
        var totalPartitions: Int64 = 0
        for item in try list(node, "topics", limit: ScenarioLimits.maxTopics) {
            let f = try fields(item, of: "a topic", allowed: Self.topicKeys)
            let nameNode = try required(f, "name", in: "a topic")
            let name = try topicName(nameNode, "name")
            if let line = seen[name] { throw error(nameNode, "duplicate topic '\(name)' (first at line \(line))") }
            seen[name] = nameNode.mark?.line ?? 0
            let partitionsNode = try required(f, "partitions", in: "topic '\(name)'")
            let partitions = try integer(partitionsNode, "partitions")
            guard partitions >= 1 else { throw error(partitionsNode, "partitions must be at least 1 (got \(partitions))") }
            guard partitions <= ScenarioLimits.maxPartitionsPerTopic else {
                throw error(
                    partitionsNode, "partitions must be at most \(ScenarioLimits.maxPartitionsPerTopic) (got \(partitions))")
            }
            totalPartitions += partitions
            guard totalPartitions <= Int64(ScenarioLimits.maxTotalPartitions) else {
                throw error(
                    partitionsNode,
                    "the topics so far have \(totalPartitions) partitions; a scenario has at most \(ScenarioLimits.maxTotalPartitions)"
                )
            }
            var topic = TopicSpec(name: name, partitions: Int(partitions))
            if let n = f["retention.ms"] {
                // Kafka's retention.ms is a LONG; -1 means unlimited. Beyond the longest run it is unlimited too,
                // which keeps `now - retention` arithmetic trivially safe.
                let ms = try integer(n, "retention.ms", in: -1...Int64.max)
                guard ms >= -1 else { throw error(n, "retention.ms must be -1 (unlimited) or ≥ 0 (got \(ms))") }
                topic.retentionMs = ms == -1 || ms > ScenarioLimits.maxDurationMs ? nil : ms
            }
            if let n = f["retention.messages"] {
                let count = try integer(n, "retention.messages", in: 1...Int64.max)
                guard count >= 1 else { throw error(n, "retention.messages must be at least 1 (got \(count))") }
                topic.retentionMessages = count
            }
            topics.append(topic)
        }
        guard !topics.isEmpty else { throw error(node, "topics must list at least one topic") }
        return topics
    }

    func knownTopic(_ node: Node, _ key: String, in topics: TopicIndex) throws(ScenarioError) -> String {
        let name = try self.name(node, key)
        guard topics.partitions[name] != nil else {
            let list =
                topics.names.count <= 10
                ? topics.names.joined(separator: ", ") : topics.names.prefix(10).joined(separator: ", ") + ", …"
            throw error(node, "unknown topic '\(shown(name))' (topics: \(list))")
        }
        return name
    }

    /// The declared topics by name, for O(1) lookups in producers, groups and events.
    struct TopicIndex {
        var names: [String]
        var partitions: [String: Int]
        init(_ topics: [TopicSpec]) {
            names = topics.map(\.name)
            partitions = Dictionary(topics.map { ($0.name, $0.partitions) }, uniquingKeysWith: { a, _ in a })
        }
    }
}
