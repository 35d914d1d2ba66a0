import GroupCore
import Yams

/// `producers:`: one per topic, its rate pattern within `ScenarioLimits.maxRate`, its keys and batches.
extension ScenarioLoader {
    static let producerKeys = ["topic", "rate", "pattern", "keys", "key-space", "batch-size"]

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
}
