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
/// One file per part of the document: the node toolkit (+Nodes), topics, producers, groups, the Kafka consumer
/// config translation (+KafkaConfig) and the events timeline.
struct ScenarioLoader {
    let file: String

    static let topLevelKeys = ["name", "seed", "duration", "topics", "producers", "groups", "events"]
    /// A scenario nests five levels at most; this leaves room for any layout and none for a stack-exhausting one.
    static let maxNesting = 64
    static let defaultSeed: UInt64 = 1
    static let defaultDuration: Millis = 300_000

    init(file: String) { self.file = file }

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
}
