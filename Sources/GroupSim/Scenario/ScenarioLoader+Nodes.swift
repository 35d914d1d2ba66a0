import Foundation
import GroupCore
import Yams

/// The YAML node toolkit: typed, bounded reads of Yams nodes, each failure a `ScenarioError` at the node.
extension ScenarioLoader {
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
}
