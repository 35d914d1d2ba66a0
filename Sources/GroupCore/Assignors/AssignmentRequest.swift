import Foundation
import GroupCore

/// A bad `groupscope assign` input: which argument, and what is wrong with it.
public struct AssignmentRequestError: Error, Equatable, CustomStringConvertible {
    public var argument: String
    public var problem: String
    public init(_ argument: String, _ problem: String) {
        self.argument = argument
        self.problem = problem
    }
    public var description: String { "\(argument): \(problem)" }
}

/// "What would strategy S give this group?": the calculator's input, parsed and validated.
public struct AssignmentRequest: Sendable {
    public var strategy: AssignmentStrategy
    public var group: GroupSubscription

    /// The JSON document accepted by `--input`.
    struct Document: Decodable {
        struct Member: Decodable {
            var id: String
            var topics: [String]
            var owned: [String]?
            var generation: Int32?
            var instance: String?
        }
        var strategy: String?
        var topics: [String: Int]?
        var members: [Member]?
    }

    /// Builds a request from the command-line arguments, optionally starting from a JSON document
    /// (flags add to it). Throws naming the first offending argument.
    public static func parse(
        strategy: String?, topics: [String], members: [String], owned: [String] = [],
        generations: [String] = [], instances: [String] = [], json: Data? = nil
    ) throws(AssignmentRequestError) -> AssignmentRequest {
        var document = Document()
        if let json {
            do { document = try JSONDecoder().decode(Document.self, from: json) } catch {
                throw AssignmentRequestError("--input", "not a valid assignment document (\(Self.describe(error)))")
            }
        }
        guard let strategyName = strategy ?? document.strategy else {
            throw AssignmentRequestError("--strategy", "missing; use range, roundrobin, sticky or cooperative-sticky")
        }
        guard let chosen = AssignmentStrategy(name: strategyName) else {
            throw AssignmentRequestError(
                "--strategy \(strategyName)", "unknown strategy; use range, roundrobin, sticky or cooperative-sticky")
        }

        var partitionsPerTopic: [String: Int] = [:]
        for (name, count) in (document.topics ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard !name.isEmpty, count >= 1 else {
                throw AssignmentRequestError("--input topics.\(name)", "a topic needs a name and at least one partition")
            }
            partitionsPerTopic[name] = count
        }
        for arg in topics {
            guard let colon = arg.lastIndex(of: ":"), let count = Int(arg[arg.index(after: colon)...]), count >= 1,
                !arg[..<colon].isEmpty
            else {
                throw AssignmentRequestError("--topic \(arg)", "expected NAME:PARTITIONS with PARTITIONS ≥ 1")
            }
            let name = String(arg[..<colon])
            guard partitionsPerTopic[name] == nil else {
                throw AssignmentRequestError("--topic \(arg)", "topic '\(name)' declared twice")
            }
            partitionsPerTopic[name] = count
        }

        var list: [MemberSubscription] = []
        var index: [String: Int] = [:]
        func addMember(_ id: String, _ subscribed: [String], argument: String) throws(AssignmentRequestError) {
            guard !id.isEmpty else { throw AssignmentRequestError(argument, "empty member id") }
            guard index[id] == nil else { throw AssignmentRequestError(argument, "duplicate member id '\(id)'") }
            guard !subscribed.isEmpty else { throw AssignmentRequestError(argument, "member '\(id)' subscribes to no topic") }
            for t in subscribed where partitionsPerTopic[t] == nil {
                throw AssignmentRequestError(argument, "topic '\(t)' is not declared (add --topic \(t):PARTITIONS)")
            }
            index[id] = list.count
            list.append(MemberSubscription(memberId: id, topics: subscribed))
        }
        for m in document.members ?? [] {
            try addMember(m.id, m.topics, argument: "--input member \(m.id)")
        }
        for arg in members {
            let (id, value) = try split(arg, flag: "--member", expecting: "ID=TOPIC[,TOPIC...]")
            try addMember(
                id, value.split(separator: ",", omittingEmptySubsequences: false).map(String.init), argument: "--member \(arg)")
        }
        guard !list.isEmpty else {
            throw AssignmentRequestError("--member", "the group is empty; give at least one --member ID=TOPIC")
        }

        func parseOwned(_ id: String, _ items: [String], argument: String) throws(AssignmentRequestError) {
            guard let i = index[id] else { throw AssignmentRequestError(argument, "unknown member '\(id)'") }
            for item in items {
                guard let p = TopicPartition(parsing: item) else {
                    throw AssignmentRequestError(argument, "'\(item)' is not TOPIC-PARTITION (e.g. orders-3)")
                }
                guard let count = partitionsPerTopic[p.topic] else {
                    throw AssignmentRequestError(argument, "topic '\(p.topic)' is not declared")
                }
                guard Int(p.partition) < count else {
                    throw AssignmentRequestError(
                        argument, "partition \(p.partition) is out of range: '\(p.topic)' has \(count) partitions")
                }
                guard !list[i].ownedPartitions.contains(p) else {
                    throw AssignmentRequestError(argument, "'\(item)' listed twice")
                }
                list[i].ownedPartitions.append(p)
            }
        }
        for m in document.members ?? [] {
            let argument = "--input member \(m.id)"
            try parseOwned(m.id, m.owned ?? [], argument: argument)
            if let g = m.generation { list[index[m.id]!].generation = g }
            if let s = m.instance { list[index[m.id]!].groupInstanceId = s }
        }
        for arg in owned {
            let (id, value) = try split(arg, flag: "--owned", expecting: "ID=TOPIC-P[,TOPIC-P...]")
            try parseOwned(
                id, value.split(separator: ",", omittingEmptySubsequences: false).map(String.init), argument: "--owned \(arg)")
        }
        for arg in generations {
            let (id, value) = try split(arg, flag: "--generation", expecting: "ID=N")
            guard let i = index[id] else { throw AssignmentRequestError("--generation \(arg)", "unknown member '\(id)'") }
            guard let g = Int32(value), g >= -1 else {
                throw AssignmentRequestError("--generation \(arg)", "'\(value)' is not a generation (an integer ≥ -1)")
            }
            list[i].generation = g
        }
        for arg in instances {
            let (id, value) = try split(arg, flag: "--instance", expecting: "ID=GROUP_INSTANCE_ID")
            guard let i = index[id] else { throw AssignmentRequestError("--instance \(arg)", "unknown member '\(id)'") }
            guard !value.isEmpty else { throw AssignmentRequestError("--instance \(arg)", "empty group.instance.id") }
            list[i].groupInstanceId = value
        }
        let statics = list.compactMap(\.groupInstanceId)
        if Set(statics).count != statics.count {
            throw AssignmentRequestError("--instance", "two members share a group.instance.id")
        }
        return AssignmentRequest(
            strategy: chosen, group: GroupSubscription(members: list, partitionsPerTopic: partitionsPerTopic))
    }

    private static func split(_ arg: String, flag: String, expecting: String) throws(AssignmentRequestError) -> (String, String) {
        guard let eq = arg.firstIndex(of: "="), eq != arg.startIndex else {
            throw AssignmentRequestError("\(flag) \(arg)", "expected \(expecting)")
        }
        return (String(arg[..<eq]), String(arg[arg.index(after: eq)...]))
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing key '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
            "wrong type at '\(c.codingPath.map(\.stringValue).joined(separator: "."))'"
        default: "malformed JSON"
        }
    }

    /// Runs the strategy: each member's partitions and, for cooperative-sticky, what each must revoke.
    public func run() -> AssignmentReport {
        let assignment = strategy.assignor.assign(group)
        var revoked: [String: [TopicPartition]] = [:]
        if strategy == .cooperativeSticky {
            for m in group.members {
                let kept = Set(assignment[m.memberId] ?? [])
                let lost = m.ownedPartitions.filter { !kept.contains($0) }.sorted()
                if !lost.isEmpty { revoked[m.memberId] = lost }
            }
        }
        return AssignmentReport(strategy: strategy, assignment: assignment, revoked: revoked)
    }
}

/// The calculator's answer, with its text and JSON renderings (members by id, partitions by topic then number).
public struct AssignmentReport: Sendable, Equatable {
    public var strategy: AssignmentStrategy
    public var assignment: [String: [TopicPartition]]
    public var revoked: [String: [TopicPartition]]

    private static func sortedIds<V>(_ d: [String: V]) -> [String] { d.keys.sorted(by: JavaOrder.less) }

    public var text: String {
        var lines: [String] = []
        for id in Self.sortedIds(assignment) {
            lines.append(([id + ":"] + assignment[id]!.sorted().map(\.description)).joined(separator: " "))
        }
        for id in Self.sortedIds(revoked) {
            lines.append(([id + " revokes:"] + revoked[id]!.sorted().map(\.description)).joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }

    public var json: String {
        func object(_ d: [String: [TopicPartition]]) -> String {
            let entries = Self.sortedIds(d).map { id in
                "\(quote(id)): [" + d[id]!.sorted().map { quote($0.description) }.joined(separator: ", ") + "]"
            }
            return "{" + entries.joined(separator: ", ") + "}"
        }
        return
            "{\"strategy\": \(quote(strategy.rawValue)), \"assignment\": \(object(assignment)), \"revoked\": \(object(revoked))}"
    }
}

private func quote(_ s: String) -> String {
    var out = ""
    JSONValue.writeString(s, to: &out)
    return out
}
