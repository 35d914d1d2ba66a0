import Foundation
import GroupCore
import Yams

extension Scenario {
    /// Reads and checks a scenario file. Every problem is a `ScenarioError` located in the file.
    public static func load(path: String) throws(ScenarioError) -> Scenario {
        // Refuse a huge file before reading it: a scenario within ScenarioLimits is far smaller.
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int,
            size > ScenarioLimits.maxFileBytes
        {
            throw ScenarioError(
                file: path, line: 1, column: 1,
                message: "the file has \(size) bytes; a scenario file has at most \(ScenarioLimits.maxFileBytes)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioError(file: path, line: 1, column: 1, message: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(file: path, line: 1, column: 1, message: "the file is not UTF-8 text")
        }
        let base = (path as NSString).lastPathComponent
        let name = base.hasSuffix(".yaml") || base.hasSuffix(".yml") ? (base as NSString).deletingPathExtension : base
        return try parse(yaml: text, file: path, defaultName: name)
    }

    /// Parses and checks scenario YAML; `file` is only used in error locations.
    public static func parse(yaml: String, file: String, defaultName: String = "scenario") throws(ScenarioError) -> Scenario {
        var loader = ScenarioLoader(file: file)
        return try loader.load(yaml: yaml, defaultName: defaultName)
    }
}

/// Turns a YAML document (Yams' composed node tree, which keeps line and column marks) into a `Scenario`.
struct ScenarioLoader {
    let file: String

    static let topLevelKeys = ["name", "seed", "duration", "topics", "producers", "groups", "events"]
    static let topicKeys = ["name", "partitions", "retention.ms", "retention.messages"]
    static let producerKeys = ["topic", "rate", "pattern", "keys", "key-space", "batch-size"]
    static let groupKeys = ["id", "topics", "members", "processing-rate", "config", "static", "commit"]
    static let commandKeys = [
        "crash", "hang", "leave", "restart", "add-member", "pause", "slow", "strategy", "rate", "pause-producers",
        "resume-producers",
    ]
    /// Kafka's consumer settings of type INT (ConsumerConfig's ConfigDef): 32-bit in Kafka, so larger values are refused.
    static let kafkaIntConfigs: Set<String> = [
        "session.timeout.ms", "heartbeat.interval.ms", "max.poll.interval.ms", "max.poll.records", "auto.commit.interval.ms",
    ]
    /// A scenario nests five levels at most; this leaves room for any layout and none for a stack-exhausting one.
    static let maxNesting = 64
    static let defaultSeed: UInt64 = 1
    static let defaultDuration: Millis = 300_000

    init(file: String) { self.file = file }

    // MARK: - Errors and node access

    func error(_ node: Node?, _ message: String) -> ScenarioError {
        ScenarioError(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, message: message)
    }

    /// A mapping's entries by key, refusing unknown and duplicate keys.
    struct Fields {
        var node: Node
        var entries: [String: (key: Node, value: Node)] = [:]
        subscript(_ key: String) -> Node? { entries[key]?.value }
        func keyNode(_ key: String) -> Node? { entries[key]?.key }
    }

    func fields(_ node: Node, of what: String, allowed: [String]) throws(ScenarioError) -> Fields {
        guard case .mapping(let mapping) = node else {
            throw error(node, "\(what) must be a mapping (\(allowed.joined(separator: ", ")))")
        }
        var result = Fields(node: node)
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else { throw error(keyNode, "keys in \(what) must be plain names") }
            let key = scalar.string
            guard allowed.contains(key) else {
                throw error(keyNode, "unknown key '\(key)' in \(what) (expected \(allowed.joined(separator: ", ")))")
            }
            if let first = result.entries[key] {
                throw error(keyNode, "duplicate key '\(key)' in \(what) (first at line \(first.key.mark?.line ?? 0))")
            }
            result.entries[key] = (keyNode, value)
        }
        return result
    }

    func required(_ f: Fields, _ key: String, in what: String) throws(ScenarioError) -> Node {
        guard let node = f[key] else { throw error(f.node, "\(what) is missing '\(key)'") }
        return node
    }

    func text(_ node: Node, _ key: String) throws(ScenarioError) -> String {
        guard case .scalar(let scalar) = node else { throw error(node, "\(key) must be a single value, not a \(kind(node))") }
        return scalar.string
    }

    func name(_ node: Node, _ key: String) throws(ScenarioError) -> String {
        let value = try text(node, key).trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { throw error(node, "\(key) must not be empty") }
        return value
    }

    /// A whole number in `range`; digits beyond Int64 are "out of range", not "not an integer".
    func integer(_ node: Node, _ key: String, in range: ClosedRange<Int64> = Int64.min...Int64.max) throws(ScenarioError)
        -> Int64
    {
        let raw = try text(node, key)
        let digits = raw.replacingOccurrences(of: "_", with: "")
        guard let value = Int64(digits) else {
            if Self.isWholeNumber(digits) {
                throw error(node, "\(key) must be between \(range.lowerBound) and \(range.upperBound), not \(shown(raw))")
            }
            throw error(node, "\(key) must be an integer, not '\(shown(raw))'")
        }
        return value
    }

    static func isWholeNumber(_ text: String) -> Bool {
        let body = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
        return !body.isEmpty && body.allSatisfy { $0.isASCII && $0.isNumber }
    }

    func number(_ node: Node, _ key: String) throws(ScenarioError) -> Double {
        let raw = try text(node, key)
        guard let value = Double(raw.replacingOccurrences(of: "_", with: "")), value.isFinite else {
            throw error(node, "\(key) must be a number, not '\(shown(raw))'")
        }
        return value
    }

    /// Messages per second: 0 … `ScenarioLimits.maxRate`.
    func rate(_ node: Node, _ key: String) throws(ScenarioError) -> Double {
        let value = try number(node, key)
        guard value >= 0 else { throw error(node, "\(key) must not be negative (got \(formatNumber(value)))") }
        guard value <= ScenarioLimits.maxRate else {
            throw error(node, "\(key) \(formatNumber(value)) is above the limit of \(formatNumber(ScenarioLimits.maxRate)) msg/s")
        }
        return value
    }

    /// An echoed value, cut short and on one line, so that an error stays one readable line.
    func shown(_ raw: String) -> String {
        let flat = raw.unicodeScalars.map { $0.properties.generalCategory == .control ? "\u{FFFD}" : String($0) }.joined()
        return flat.count > 60 ? String(flat.prefix(60)) + "…" : flat
    }

    func bool(_ node: Node, _ key: String) throws(ScenarioError) -> Bool {
        let raw = try text(node, key)
        switch raw.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error(node, "\(key) must be true or false, not '\(shown(raw))'")
        }
    }

    /// A duration up to `ScenarioLimits.maxDurationMs`.
    func duration(_ node: Node, _ key: String) throws(ScenarioError) -> Millis {
        let raw = try text(node, key)
        guard let value = ScenarioDuration.parse(raw) else {
            throw error(node, "\(key) must be a duration with a unit (ms, s, m or h, e.g. 30s), not '\(shown(raw))'")
        }
        guard value <= ScenarioLimits.maxDurationMs else {
            throw error(
                node, "\(key) \(shown(raw)) is longer than the limit of \(ScenarioDuration.format(ScenarioLimits.maxDurationMs))")
        }
        return value
    }

    /// A list of at most `limit` items.
    func list(_ node: Node, _ key: String, limit: Int) throws(ScenarioError) -> [Node] {
        let items = try list(node, key)
        guard items.count <= limit else { throw error(node, "\(key) has \(items.count) entries; at most \(limit) are allowed") }
        return items
    }

    /// A topic name Kafka accepts (see `ScenarioLimits.topicNameProblem`).
    func topicName(_ node: Node, _ key: String) throws(ScenarioError) -> String {
        let name = try text(node, key)
        if let problem = ScenarioLimits.topicNameProblem(name) {
            throw error(node, "topic name '\(shown(name))' is illegal: \(problem)")
        }
        return name
    }

    /// A group id or member name: non-empty, printable, at most `ScenarioLimits.maxGroupIdLength` characters.
    func boundedName(_ node: Node, _ key: String) throws(ScenarioError) -> String {
        let value = try name(node, key)
        guard value.count <= ScenarioLimits.maxGroupIdLength else {
            throw error(node, "\(key) is \(value.count) characters long; at most \(ScenarioLimits.maxGroupIdLength) are allowed")
        }
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw error(node, "\(key) '\(shown(value))' contains control characters")
        }
        return value
    }

    func list(_ node: Node, _ key: String) throws(ScenarioError) -> [Node] {
        guard case .sequence(let sequence) = node else { throw error(node, "\(key) must be a list, not a \(kind(node))") }
        return Array(sequence)
    }

    func kind(_ node: Node) -> String {
        switch node {
        case .scalar: "single value"
        case .mapping: "mapping"
        case .sequence: "list"
        }
    }

    // MARK: - The document

    mutating func load(yaml: String, defaultName: String) throws(ScenarioError) -> Scenario {
        guard yaml.utf8.count <= ScenarioLimits.maxFileBytes else {
            throw ScenarioError(
                file: file, line: 1, column: 1,
                message: "the scenario has \(yaml.utf8.count) bytes; a scenario has at most \(ScenarioLimits.maxFileBytes)")
        }
        // Yams composes nodes recursively: refuse nesting deep enough to exhaust the stack before it starts.
        if let (line, column) = YAMLNesting.firstPlaceDeeperThan(Self.maxNesting, in: yaml) {
            throw ScenarioError(
                file: file, line: line, column: column, message: "nested deeper than \(Self.maxNesting) levels")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let yamlError as YamlError {
            throw syntaxError(yamlError)
        } catch {
            throw ScenarioError(file: file, line: 1, column: 1, message: "YAML: \(error)")
        }
        guard let root else { throw ScenarioError(file: file, line: 1, column: 1, message: "the scenario is empty") }
        let top = try fields(root, of: "the scenario", allowed: Self.topLevelKeys)

        let name = try top["name"].map { n throws(ScenarioError) in try self.boundedName(n, "name") } ?? defaultName
        var seed = Self.defaultSeed
        if let node = top["seed"] {
            let raw = try text(node, "seed")
            guard let value = UInt64(raw.replacingOccurrences(of: "_", with: "")) else {
                throw error(node, "seed must be a whole number from 0 to \(UInt64.max), not '\(shown(raw))'")
            }
            seed = value
        }
        var duration = Self.defaultDuration
        if let node = top["duration"] {
            duration = try self.duration(node, "duration")
            guard duration > 0 else { throw error(node, "duration must be longer than 0") }
        }

        guard let topicsNode = top["topics"] else { throw error(root, "the scenario is missing 'topics'") }
        let topics = try parseTopics(topicsNode)
        let index = TopicIndex(topics)
        let producers = try top["producers"].map { n throws(ScenarioError) in try parseProducers(n, topics: index) } ?? []
        let groups = try top["groups"].map { n throws(ScenarioError) in try parseGroups(n, topics: index) } ?? []
        let events =
            try top["events"].map { n throws(ScenarioError) in
                try parseEvents(n, topics: index, groups: groups, duration: duration)
            } ?? []
        return Scenario(
            name: name, seed: seed, duration: duration, topics: topics, producers: producers, groups: groups, events: events)
    }

    func syntaxError(_ e: YamlError) -> ScenarioError {
        func located(_ context: YamlError.Context?, _ problem: String, _ mark: Mark) -> ScenarioError {
            let detail = context.map { " (\($0.text))" } ?? ""
            return ScenarioError(file: file, line: mark.line, column: mark.column, message: "YAML syntax: \(problem)\(detail)")
        }
        switch e {
        case .scanner(let context, let problem, let mark, _): return located(context, problem, mark)
        case .parser(let context, let problem, let mark, _): return located(context, problem, mark)
        case .composer(let context, let problem, let mark, _): return located(context, problem, mark)
        default: return ScenarioError(file: file, line: 1, column: 1, message: "YAML: \(e)")
        }
    }

    // MARK: - Topics

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

    // MARK: - Producers

    func parseProducers(_ node: Node, topics: TopicIndex) throws(ScenarioError) -> [ProducerSpec] {
        var producers: [ProducerSpec] = []
        var seen: [String: Int] = [:]
        var totalKeySpace = 0
        for item in try list(node, "producers", limit: ScenarioLimits.maxTopics) {
            let f = try fields(item, of: "a producer", allowed: Self.producerKeys)
            let topicNode = try required(f, "topic", in: "a producer")
            let topic = try knownTopic(topicNode, "topic", in: topics)
            if let line = seen[topic] {
                throw error(topicNode, "duplicate producer for topic '\(topic)' (first at line \(line)); one producer per topic")
            }
            seen[topic] = topicNode.mark?.line ?? 0
            let rateNode = try required(f, "rate", in: "the producer for '\(topic)'")
            let base = try rate(rateNode, "rate")
            let pattern = try f["pattern"].map { n throws(ScenarioError) in try parsePattern(n, base: base) } ?? .constant(base)
            var producer = ProducerSpec(topic: topic, pattern: pattern)
            if let n = f["keys"] {
                let raw = try text(n, "keys")
                guard let keys = KeyDistribution(parsing: raw.trimmingCharacters(in: .whitespaces)) else {
                    throw error(n, "keys must be none, uniform, zipf:S (S > 0) or hot:F (0 ≤ F ≤ 1), not '\(shown(raw))'")
                }
                producer.keys = keys
            }
            if let n = f["key-space"] {
                let keySpace = try integer(n, "key-space", in: 1...Int64(ScenarioLimits.maxKeySpace))
                guard keySpace >= 1, keySpace <= Int64(ScenarioLimits.maxKeySpace) else {
                    throw error(n, "key-space must be between 1 and \(ScenarioLimits.maxKeySpace) (got \(keySpace))")
                }
                producer.keySpace = Int(keySpace)
            }
            // Keyed producers precompute every key's partition: bound the keys of all producers together.
            if producer.keys != .none {
                totalKeySpace += producer.keySpace
                guard totalKeySpace <= ScenarioLimits.maxKeySpace else {
                    throw error(
                        f.keyNode("key-space") ?? item,
                        "the keyed producers so far have \(totalKeySpace) keys; a scenario has at most \(ScenarioLimits.maxKeySpace)"
                    )
                }
            }
            if let n = f["batch-size"] {
                let batch = try integer(n, "batch-size", in: 1...Int64(Int32.max))
                guard batch >= 1, batch <= Int64(Int32.max) else {
                    throw error(n, "batch-size must be between 1 and \(Int32.max) records (got \(batch))")
                }
                producer.batchSize = Int(batch)
            }
            let peak = pattern.peakRate
            guard peak <= ScenarioLimits.maxRate else {
                throw error(
                    f["pattern"] ?? rateNode,
                    "this pattern peaks at \(formatNumber(peak)) msg/s, above the limit of \(formatNumber(ScenarioLimits.maxRate)) msg/s"
                )
            }
            producers.append(producer)
        }
        return producers
    }

    static let patternKeys: [String: [String]] = [
        "constant": ["type"],
        "ramp": ["type", "to", "over", "start"],
        "bursts": ["type", "factor", "length", "every"],
        "sine": ["type", "amplitude", "period"],
    ]

    func parsePattern(_ node: Node, base: Double) throws(ScenarioError) -> RatePattern {
        let typeNode: Node
        let type: String
        if case .scalar(let scalar) = node {
            typeNode = node
            type = scalar.string
        } else {
            guard case .mapping(let mapping) = node, let n = mapping["type"] else {
                throw error(node, "pattern must be constant, or a mapping with type: constant, ramp, bursts or sine")
            }
            typeNode = n
            type = try text(n, "type")
        }
        guard let allowed = Self.patternKeys[type] else {
            throw error(typeNode, "unknown pattern type '\(shown(type))' (expected constant, ramp, bursts or sine)")
        }
        if case .scalar = node {
            guard type == "constant" else {
                throw error(
                    node,
                    "a \(type) pattern needs its settings: { type: \(type), \(allowed.dropFirst().joined(separator: ", ")) }")
            }
            return .constant(base)
        }
        let f = try fields(node, of: "a \(type) pattern", allowed: allowed)
        switch type {
        case "ramp":
            let to = try rate(try required(f, "to", in: "a ramp pattern"), "to")
            let overNode = try required(f, "over", in: "a ramp pattern")
            let over = try duration(overNode, "over")
            guard over > 0 else { throw error(overNode, "over must be longer than 0") }
            let start = try f["start"].map { n throws(ScenarioError) in try duration(n, "start") } ?? 0
            return .ramp(from: base, to: to, start: start, duration: over)
        case "bursts":
            let factorNode = try required(f, "factor", in: "a bursts pattern")
            let factor = try number(factorNode, "factor")
            guard factor >= 0 else { throw error(factorNode, "factor must not be negative (got \(formatNumber(factor)))") }
            let lengthNode = try required(f, "length", in: "a bursts pattern")
            let length = try duration(lengthNode, "length")
            let everyNode = try required(f, "every", in: "a bursts pattern")
            let every = try duration(everyNode, "every")
            guard every > 0, length <= every else {
                throw error(everyNode, "every must be longer than 0 and at least the burst length")
            }
            return .bursts(base: base, factor: factor, length: length, period: every)
        case "sine":
            let amplitude = try rate(try required(f, "amplitude", in: "a sine pattern"), "amplitude")
            let periodNode = try required(f, "period", in: "a sine pattern")
            let period = try duration(periodNode, "period")
            guard period > 0 else { throw error(periodNode, "period must be longer than 0") }
            return .sine(mean: base, amplitude: amplitude, period: period)
        default:
            return .constant(base)
        }
    }

    // MARK: - Groups

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
            var configNodes: [String: Node] = [:]
            if let configNode = f["config"] {
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

    // MARK: - Events

    func parseEvents(_ node: Node, topics: TopicIndex, groups: [GroupSpec], duration: Millis) throws(ScenarioError)
        -> [TimedCommand]
    {
        var events: [TimedCommand] = []
        var memberCount = Dictionary(uniqueKeysWithValues: groups.map { ($0.id, $0.members) })
        var previous: Millis = 0
        let allowed = ["at"] + Self.commandKeys

        let groupIds = groups.map(\.id)
        let groupList =
            groupIds.count <= 10 ? groupIds.joined(separator: ", ") : groupIds.prefix(10).joined(separator: ", ") + ", …"
        func group(_ n: Node, _ key: String) throws(ScenarioError) -> String {
            let id = try name(n, key)
            guard memberCount[id] != nil else { throw error(n, "unknown group '\(shown(id))' (groups: \(groupList))") }
            return id
        }
        func member(_ n: Node, _ key: String) throws(ScenarioError) -> String {
            let member = try name(n, key)
            // A member name is `<group>-<n>`: only a group whose id prefixes it can own it.
            if member.count <= ScenarioLimits.maxGroupIdLength + 12 {
                for g in groups {
                    if let number = g.memberNumber(member), number <= memberCount[g.id, default: 0] { return member }
                }
            }
            let known = groups.prefix(10).map { g in
                let count = memberCount[g.id, default: 0]
                return count == 0 ? "\(g.id): none" : count == 1 ? g.memberName(1) : "\(g.memberName(1))…\(g.memberName(count))"
            }
            let more = groups.count > 10 ? ", …" : ""
            throw error(n, "unknown member '\(shown(member))' (members then: \(known.joined(separator: ", "))\(more))")
        }

        for item in try list(node, "events", limit: ScenarioLimits.maxEvents) {
            let f = try fields(item, of: "an event", allowed: allowed)
            let atNode = try required(f, "at", in: "an event")
            let at = try self.duration(atNode, "at")
            guard at >= previous else {
                throw error(
                    atNode,
                    "event at \(ScenarioDuration.format(at)) comes after one at \(ScenarioDuration.format(previous)); list events in time order"
                )
            }
            guard at <= duration else {
                throw error(
                    atNode,
                    "event at \(ScenarioDuration.format(at)) is after the end of the scenario (duration \(ScenarioDuration.format(duration)))"
                )
            }
            previous = at
            let commands = Self.commandKeys.filter { f[$0] != nil }
            guard commands.count == 1, let key = commands.first, let value = f[key] else {
                if commands.isEmpty {
                    throw error(item, "an event needs one command (\(Self.commandKeys.joined(separator: ", ")))")
                }
                throw error(f.keyNode(commands[1]), "one command per event (found \(commands.joined(separator: " and ")))")
            }

            let command: SimulationCommand
            switch key {
            case "crash": command = .crash(member: try member(value, key))
            case "hang": command = .hang(member: try member(value, key))
            case "leave": command = .leave(member: try member(value, key))
            case "restart": command = .restart(member: try member(value, key))
            case "add-member":
                let id = try group(value, key)
                guard memberCount[id, default: 0] < ScenarioLimits.maxMembersPerGroup else {
                    throw error(value, "group '\(id)' would have more than \(ScenarioLimits.maxMembersPerGroup) members")
                }
                memberCount[id, default: 0] += 1
                command = .addMember(group: id)
            case "pause":
                let p = try fields(value, of: "pause", allowed: ["member", "for"])
                let m = try member(try required(p, "member", in: "pause"), "member")
                let forNode = try required(p, "for", in: "pause")
                let length = try self.duration(forNode, "for")
                guard length > 0 else { throw error(forNode, "for must be longer than 0") }
                command = .pause(member: m, seconds: Double(length) / 1000)
            case "slow":
                let s = try fields(value, of: "slow", allowed: ["member", "rate"])
                let m = try member(try required(s, "member", in: "slow"), "member")
                command = .slow(member: m, rate: try rate(try required(s, "rate", in: "slow"), "rate"))
            case "strategy":
                let s = try fields(value, of: "strategy", allowed: ["group", "to"])
                let id = try group(try required(s, "group", in: "strategy"), "group")
                let toNode = try required(s, "to", in: "strategy")
                let raw = try text(toNode, "to")
                guard let strategy = AssignmentStrategy(name: raw) else {
                    throw error(
                        toNode, "unknown strategy '\(shown(raw))' (expected range, roundrobin, sticky or cooperative-sticky)")
                }
                command = .strategy(group: id, to: strategy)
            case "rate":
                let r = try fields(value, of: "rate", allowed: ["topic", "rate"])
                let topic = try knownTopic(try required(r, "topic", in: "rate"), "topic", in: topics)
                command = .rate(topic: topic, messagesPerSecond: try rate(try required(r, "rate", in: "rate"), "rate"))
            case "pause-producers", "resume-producers":
                guard try bool(value, key) else { throw error(value, "\(key) takes true (omit the event otherwise)") }
                command = key == "pause-producers" ? .pauseProducers : .resumeProducers
            default:
                throw error(f.keyNode(key), "unknown command '\(key)'")
            }
            events.append(TimedCommand(at: at, command: command, line: f.keyNode(key)?.mark?.line ?? 0))
        }
        return events
    }
}
