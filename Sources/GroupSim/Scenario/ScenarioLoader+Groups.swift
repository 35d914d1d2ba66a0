import GroupCore
import Yams

/// `groups:`: subscriptions, members, processing rate, static membership and the commit mode.
extension ScenarioLoader {
    static let groupKeys = ["id", "topics", "members", "processing-rate", "config", "static", "commit"]

    func parseGroups(_ node: Node, topics: TopicIndex) throws(ScenarioError) -> [GroupSpec] {
        var groups: [GroupSpec] = []
        var seen: [String: Int] = [:]
        var totalMembers: Int64 = 0
        var subscribedPartitions = 0
        for item in try list(node, "groups", limit: ScenarioLimits.maxGroups) {
            let f = try fields(item, of: "a group", allowed: Self.groupKeys)
            let idNode = try required(f, "id", in: "a group")
            let id = try boundedName(idNode, "id")
            if let line = seen[id] { throw error(idNode, "duplicate group '\(id)' (first at line \(line))") }
            seen[id] = idNode.mark?.line ?? 0

            let topicsNode = try required(f, "topics", in: "group '\(id)'")
            var groupTopics: [String] = []
            let topicItems: [Node] =
                if case .scalar = topicsNode { [topicsNode] } else {
                    try list(topicsNode, "topics", limit: ScenarioLimits.maxTopics)
                }
            var subscribed = Set<String>()
            for t in topicItems {
                let topic = try knownTopic(t, "topics", in: topics)
                if !subscribed.insert(topic).inserted { throw error(t, "duplicate topic '\(topic)' in group '\(id)'") }
                groupTopics.append(topic)
                // Each group keeps per-partition statistics of what it subscribes to: bound them together.
                subscribedPartitions += topics.partitions[topic] ?? 0
                guard subscribedPartitions <= ScenarioLimits.maxSubscribedPartitions else {
                    throw error(
                        t,
                        "the groups so far subscribe to \(subscribedPartitions) partitions in all; at most \(ScenarioLimits.maxSubscribedPartitions) are allowed"
                    )
                }
            }
            guard !groupTopics.isEmpty else { throw error(topicsNode, "group '\(id)' must subscribe to at least one topic") }

            var members: Int64 = 1
            if let n = f["members"] {
                members = try integer(n, "members", in: 0...Int64(ScenarioLimits.maxMembersPerGroup))
                guard members >= 0, members <= Int64(ScenarioLimits.maxMembersPerGroup) else {
                    throw error(n, "members must be between 0 and \(ScenarioLimits.maxMembersPerGroup) (got \(members))")
                }
                totalMembers += members
                guard totalMembers <= Int64(ScenarioLimits.maxTotalMembers) else {
                    throw error(
                        n,
                        "the groups so far have \(totalMembers) members; a scenario has at most \(ScenarioLimits.maxTotalMembers)"
                    )
                }
            }
            let processingRate =
                try f["processing-rate"].map { n throws(ScenarioError) in try rate(n, "processing-rate") }
                ?? GroupSpec.defaultProcessingRate
            let isStatic = try f["static"].map { n throws(ScenarioError) in try bool(n, "static") } ?? false

            var config = ConsumerConfig(groupId: id)
            var autoCommitNode: Node? = nil
            if let configNode = f["config"] {
                (config, autoCommitNode) = try consumerConfig(configNode, groupId: id)
            }

            var commit: CommitMode = config.enableAutoCommit ? .auto : .afterProcessing
            if let n = f["commit"] {
                let raw = try text(n, "commit")
                guard let mode = CommitMode(rawValue: raw) else {
                    throw error(n, "commit must be auto, after-processing or before-processing, not '\(shown(raw))'")
                }
                if autoCommitNode != nil, (mode == .auto) != config.enableAutoCommit {
                    throw error(
                        n,
                        "commit: \(raw) contradicts enable.auto.commit: \(config.enableAutoCommit) (line \(autoCommitNode?.mark?.line ?? 0))"
                    )
                }
                commit = mode
                config.enableAutoCommit = mode == .auto
            }

            groups.append(
                GroupSpec(
                    id: id, topics: groupTopics, members: Int(members), processingRate: processingRate, config: config,
                    isStatic: isStatic, commit: commit))
        }
        return groups
    }
}
