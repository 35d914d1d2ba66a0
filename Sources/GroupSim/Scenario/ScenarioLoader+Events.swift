import GroupCore
import Yams

/// `events:`: the timeline, in time order, each naming a member, group or topic that exists at that point.
extension ScenarioLoader {
    static let commandKeys = [
        "crash", "hang", "leave", "restart", "add-member", "pause", "slow", "strategy", "rate", "pause-producers",
        "resume-producers",
    ]

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
                        toNode, "unknown strategy '\(shown(raw))' (expected \(AssignmentStrategy.expectedNames))")
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
