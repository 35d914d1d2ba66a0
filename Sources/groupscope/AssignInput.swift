import Foundation
import GroupCore
import GroupSim

/// A bad `groupscope assign` input: which argument (or `--input` path), and what is wrong with it.
struct AssignInputError: Error, Equatable, CustomStringConvertible {
    var argument: String
    var problem: String
    init(_ argument: String, _ problem: String) {
        self.argument = argument
        self.problem = problem
    }
    var description: String { "\(argument): \(problem)" }
}

/// Turns `assign`'s flags and optional `--input` JSON document into an `AssignmentRequest`, checking every
/// count against a bound before anything is allocated from it.
///
/// The document: `{"strategy": S, "topics": {NAME: PARTITIONS}, "members": [{"id", "topics", "owned",
/// "generation", "instance"}]}`; unknown and duplicate keys are refused (a typo must not change the result).
struct AssignInput {
    static let maxPartitionsPerTopic = 1_000_000
    static let maxTotalPartitions = 10_000_000
    static let maxMembers = 100_000
    static let maxInputBytes = 64 << 20

    var strategy: String?
    var topics: [(name: String, partitions: Int, argument: String)] = []
    var members: [(id: String, topics: [String], argument: String)] = []
    var owned: [(id: String, partitions: [String], argument: String)] = []
    var generations: [(id: String, generation: Int32, argument: String)] = []
    var instances: [(id: String, instance: String, argument: String)] = []

    // MARK: Flags

    /// Adds the flags' data (after any document's).
    mutating func addFlags(
        strategy: String?, topics: [String], members: [String], owned: [String], generations: [String], instances: [String]
    ) throws(AssignInputError) {
        if let strategy { self.strategy = strategy }
        for arg in topics {
            guard let colon = arg.lastIndex(of: ":"), !arg[..<colon].isEmpty else {
                throw AssignInputError("--topic \(arg)", "expected NAME:PARTITIONS with PARTITIONS ≥ 1")
            }
            let count = String(arg[arg.index(after: colon)...])
            self.topics.append(
                (String(arg[..<colon]), try Self.partitionCount(count, argument: "--topic \(arg)"), "--topic \(arg)"))
        }
        for arg in members {
            let (id, value) = try Self.split(arg, flag: "--member", expecting: "ID=TOPIC[,TOPIC...]")
            self.members.append((id, Self.commaList(value), "--member \(arg)"))
        }
        for arg in owned {
            let (id, value) = try Self.split(arg, flag: "--owned", expecting: "ID=TOPIC-P[,TOPIC-P...]")
            self.owned.append((id, Self.commaList(value), "--owned \(arg)"))
        }
        for arg in generations {
            let (id, value) = try Self.split(arg, flag: "--generation", expecting: "ID=N")
            guard let g = Int32(value), g >= -1 else {
                throw AssignInputError(
                    "--generation \(arg)", "'\(value)' is not a generation (a 32-bit integer ≥ -1; -1 means none)")
            }
            self.generations.append((id, g, "--generation \(arg)"))
        }
        for arg in instances {
            let (id, value) = try Self.split(arg, flag: "--instance", expecting: "ID=GROUP_INSTANCE_ID")
            self.instances.append((id, value, "--instance \(arg)"))
        }
    }

    static func commaList(_ value: String) -> [String] {
        value.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    }

    static func split(_ arg: String, flag: String, expecting: String) throws(AssignInputError) -> (String, String) {
        guard let eq = arg.firstIndex(of: "="), eq != arg.startIndex else {
            throw AssignInputError("\(flag) \(arg)", "expected \(expecting)")
        }
        return (String(arg[..<eq]), String(arg[arg.index(after: eq)...]))
    }

    /// A partition count from text, bounded before anything is allocated for it.
    static func partitionCount(_ text: String, argument: String) throws(AssignInputError) -> Int {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw AssignInputError(argument, "'\(text)' is not a partition count (a whole number ≥ 1)")
        }
        guard let count = Int(text), count >= 1, count <= maxPartitionsPerTopic else {
            throw AssignInputError(argument, "a topic has 1 to \(maxPartitionsPerTopic) partitions here, not \(text)")
        }
        return count
    }

    // MARK: The JSON document

    /// Reads the `--input` document; `path` names it in errors.
    mutating func addDocument(_ data: Data, path: String) throws(AssignInputError) {
        let argument = "--input \(path)"
        let json: StrictJSON
        do { json = try StrictJSON.parse(Array(data)) } catch {
            throw AssignInputError(argument, "line \(error.line), column \(error.column): \(error.message)")
        }
        func fail(_ at: String, _ problem: String) -> AssignInputError { AssignInputError(argument, "\(at): \(problem)") }
        func fields(_ value: StrictJSON, at: String, allowed: [String]) throws(AssignInputError) -> [String: StrictJSON] {
            guard case .object(let entries) = value else { throw fail(at, "expected an object, got \(value.kind)") }
            var result: [String: StrictJSON] = [:]
            for (key, v) in entries {
                guard allowed.contains(key) else {
                    let path = at == "the document" ? key : "\(at).\(key)"
                    throw fail(path, "unknown key (expected \(allowed.joined(separator: ", ")))")
                }
                result[key] = v
            }
            return result
        }
        func text(_ value: StrictJSON, at: String) throws(AssignInputError) -> String {
            guard case .string(let s) = value else { throw fail(at, "expected text in quotes, got \(value.kind)") }
            return s
        }
        func texts(_ value: StrictJSON, at: String) throws(AssignInputError) -> [String] {
            guard case .array(let items) = value else { throw fail(at, "expected a list of text, got \(value.kind)") }
            var out: [String] = []
            for (i, item) in items.enumerated() { out.append(try text(item, at: "\(at)[\(i)]")) }
            return out
        }

        let top = try fields(json, at: "the document", allowed: ["strategy", "topics", "members"])
        if let s = top["strategy"] { strategy = try text(s, at: "strategy") }
        if let t = top["topics"] {
            guard case .object(let entries) = t else { throw fail("topics", "expected an object of NAME: PARTITIONS") }
            for (name, value) in entries {
                let at = "topics.\(name)"
                guard case .number(let n) = value else {
                    throw fail(at, "expected a partition count (a whole number ≥ 1), got \(value.kind)")
                }
                let count: Int
                do { count = try Self.partitionCount(n, argument: at) } catch { throw fail(at, error.problem) }
                topics.append((name, count, "\(argument): \(at)"))
            }
        }
        if let m = top["members"] {
            guard case .array(let items) = m else { throw fail("members", "expected a list of members, got \(m.kind)") }
            guard items.count <= Self.maxMembers else { throw fail("members", "more than \(Self.maxMembers) members") }
            for (i, item) in items.enumerated() {
                let at = "members[\(i)]"
                let f = try fields(item, at: at, allowed: ["id", "topics", "owned", "generation", "instance"])
                guard let idValue = f["id"] else { throw fail(at, "missing key 'id'") }
                let id = try text(idValue, at: "\(at).id")
                guard let topicsValue = f["topics"] else { throw fail(at, "missing key 'topics'") }
                members.append((id, try texts(topicsValue, at: "\(at).topics"), "\(argument): \(at)"))
                if let o = f["owned"] { owned.append((id, try texts(o, at: "\(at).owned"), "\(argument): \(at).owned")) }
                if let g = f["generation"] {
                    guard case .number(let n) = g, let generation = Int32(n), generation >= -1 else {
                        throw fail(
                            "\(at).generation", "expected a generation (a 32-bit integer ≥ -1; -1 means none), got \(g.kind)")
                    }
                    generations.append((id, generation, "\(argument): \(at).generation"))
                }
                if let s = f["instance"] {
                    instances.append((id, try text(s, at: "\(at).instance"), "\(argument): \(at).instance"))
                }
            }
        }
    }

    // MARK: Checking and building

    func request() throws(AssignInputError) -> AssignmentRequest {
        guard let strategyName = strategy else {
            throw AssignInputError("--strategy", "missing; use \(AssignmentStrategy.expectedNames)")
        }
        guard let chosen = AssignmentStrategy(name: strategyName) else {
            throw AssignInputError(
                "--strategy \(strategyName)", "unknown strategy; use \(AssignmentStrategy.expectedNames)")
        }

        var partitionsPerTopic: [String: Int] = [:]
        var total = 0
        for topic in topics {
            if let problem = ScenarioLimits.topicNameProblem(topic.name) {
                throw AssignInputError(topic.argument, "topic name '\(topic.name)' is illegal: \(problem)")
            }
            guard partitionsPerTopic[topic.name] == nil else {
                throw AssignInputError(topic.argument, "topic '\(topic.name)' declared twice")
            }
            total += topic.partitions
            guard total <= Self.maxTotalPartitions else {
                throw AssignInputError(topic.argument, "more than \(Self.maxTotalPartitions) partitions in all")
            }
            partitionsPerTopic[topic.name] = topic.partitions
        }

        guard members.count <= Self.maxMembers else {
            throw AssignInputError("--member", "more than \(Self.maxMembers) members")
        }
        var list: [MemberSubscription] = []
        var index: [String: Int] = [:]
        for member in members {
            guard !member.id.isEmpty else { throw AssignInputError(member.argument, "empty member id") }
            guard index[member.id] == nil else { throw AssignInputError(member.argument, "duplicate member id '\(member.id)'") }
            guard !member.topics.isEmpty else {
                throw AssignInputError(member.argument, "member '\(member.id)' subscribes to no topic")
            }
            for t in member.topics where partitionsPerTopic[t] == nil {
                throw AssignInputError(member.argument, "topic '\(t)' is not declared (add --topic \(t):PARTITIONS)")
            }
            index[member.id] = list.count
            list.append(MemberSubscription(memberId: member.id, topics: member.topics))
        }
        guard !list.isEmpty else {
            throw AssignInputError("--member", "the group is empty; give at least one --member ID=TOPIC")
        }

        var ownedSets = [Set<TopicPartition>](repeating: [], count: list.count)
        for entry in owned {
            guard let i = index[entry.id] else { throw AssignInputError(entry.argument, "unknown member '\(entry.id)'") }
            for item in entry.partitions {
                guard let p = TopicPartition(parsing: item) else {
                    throw AssignInputError(entry.argument, "'\(item)' is not TOPIC-PARTITION (e.g. orders-3)")
                }
                guard let count = partitionsPerTopic[p.topic] else {
                    throw AssignInputError(entry.argument, "topic '\(p.topic)' is not declared")
                }
                guard Int(p.partition) < count else {
                    throw AssignInputError(
                        entry.argument, "partition \(p.partition) is out of range: '\(p.topic)' has \(count) partitions")
                }
                guard ownedSets[i].insert(p).inserted else { throw AssignInputError(entry.argument, "'\(item)' listed twice") }
                list[i].ownedPartitions.append(p)
            }
        }
        for entry in generations {
            guard let i = index[entry.id] else { throw AssignInputError(entry.argument, "unknown member '\(entry.id)'") }
            list[i].generation = entry.generation
        }
        for entry in instances {
            guard let i = index[entry.id] else { throw AssignInputError(entry.argument, "unknown member '\(entry.id)'") }
            guard !entry.instance.isEmpty else { throw AssignInputError(entry.argument, "empty group.instance.id") }
            list[i].groupInstanceId = entry.instance
        }
        let statics = list.compactMap(\.groupInstanceId)
        if Set(statics).count != statics.count {
            throw AssignInputError("--instance", "two members share a group.instance.id")
        }
        return AssignmentRequest(
            strategy: chosen, group: GroupSubscription(members: list, partitionsPerTopic: partitionsPerTopic))
    }
}
