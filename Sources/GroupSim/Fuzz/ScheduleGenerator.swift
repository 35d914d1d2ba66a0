import GroupCore

/// Random worlds for the schedule fuzzer: a few topics shared by up to three groups of static or dynamic members,
/// with every strategy, commit mode and a range of timeouts, and a timeline of joins, leaves, crashes, hangs,
/// GC pauses, restarts, strategy changes and rate changes. The same seed gives the same scenario.
///
/// The timeline ends by restarting every member, then leaves a quiet period long enough for any group to settle
/// (two session timeouts plus two rebalance timeouts, and a margin), so that "every partition owned once the group
/// settles" can be checked at the end.
public enum ScheduleGenerator {
    static let topicNames = ["orders", "payments", "audit"]
    static let groupIds = ["alpha", "beta", "gamma"]

    public static func scenario(seed: UInt64) -> Scenario {
        var random = SeededGenerator(seed: seed)
        func below(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }
        func chance(_ p: Double) -> Bool { random.nextUnit() < p }
        func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

        let topics = (0..<1 + below(3)).map { TopicSpec(name: topicNames[$0], partitions: 1 + below(8)) }
        var producers: [ProducerSpec] = []
        for topic in topics where chance(0.85) {
            let keys = pick([KeyDistribution.none, .uniform, .zipf(exponent: 1.2), .hot(share: 0.3)])
            producers.append(
                ProducerSpec(
                    topic: topic.name, pattern: .constant(Double(below(1_500))), keys: keys, keySpace: pick([10, 1_000]),
                    batchSize: pick([1, 16, 100])))
        }

        var groups: [GroupSpec] = []
        for id in groupIds.prefix(1 + below(3)) {
            var subscribed = topics.map(\.name).filter { _ in chance(0.6) }
            if subscribed.isEmpty { subscribed = [pick(topics).name] }
            var config = ConsumerConfig(groupId: id)
            config.sessionTimeoutMs = Millis(6 + below(10)) * 1_000
            config.heartbeatIntervalMs = Millis(1 + below(2)) * 1_000
            config.maxPollIntervalMs = Millis(10 + below(21)) * 1_000
            config.maxPollRecords = pick([50, 100, 500])
            config.autoCommitIntervalMs = Millis(1 + below(5)) * 1_000
            config.autoOffsetReset = chance(0.75) ? .earliest : .latest
            let strategy = pick(AssignmentStrategy.allCases)
            config.partitionAssignmentStrategy =
                chance(0.15) && strategy != .cooperativeSticky ? [strategy, .cooperativeSticky] : [strategy]
            let commit = pick(CommitMode.allCases)
            config.enableAutoCommit = commit == .auto
            groups.append(
                GroupSpec(
                    id: id, topics: subscribed, members: 1 + below(4), processingRate: Double(200 + below(2_800)),
                    config: config, isStatic: chance(0.3), commit: commit))
        }

        // The timeline: member names as the loader knows them (added members take the next number).
        var memberCount = Dictionary(uniqueKeysWithValues: groups.map { ($0.id, $0.members) })
        var events: [TimedCommand] = []
        var t: Millis = 0
        for _ in 0..<(3 + below(12)) {
            t += Millis(100 + below(3_000))
            let group = pick(groups)
            let count = memberCount[group.id, default: 0]
            let member = count > 0 ? group.memberName(1 + below(count)) : ""
            var choice = below(12)
            if member.isEmpty && choice <= 6 { choice = 11 }
            let command: SimulationCommand
            switch choice {
            case 0: command = .crash(member: member)
            case 1: command = .hang(member: member)
            case 2: command = .leave(member: member)
            case 3, 4: command = .restart(member: member)
            case 5: command = .pause(member: member, seconds: Double(1 + below(20)))
            case 6: command = .slow(member: member, rate: Double(200 + below(2_800)))
            case 7: command = .strategy(group: group.id, to: pick(AssignmentStrategy.allCases))
            case 8: command = .rate(topic: pick(topics).name, messagesPerSecond: Double(below(3_000)))
            case 9: command = chance(0.5) ? .pauseProducers : .resumeProducers
            default:
                guard count < 6 else { continue }
                memberCount[group.id] = count + 1
                command = .addMember(group: group.id)
            }
            events.append(TimedCommand(at: t, command: command))
        }
        // Everyone back: a restart of a running member fails harmlessly (and shows as command.failed).
        t += 1_000
        for group in groups {
            for n in 0..<memberCount[group.id, default: 0] {
                events.append(TimedCommand(at: t, command: .restart(member: group.memberName(n + 1))))
            }
        }
        events.append(TimedCommand(at: t, command: .resumeProducers))
        let settle = groups.map { 2 * ($0.config.sessionTimeoutMs + $0.config.maxPollIntervalMs) }.max() ?? 0
        return Scenario(
            name: "fuzz-\(seed)", seed: seed, duration: t + settle + 20_000, topics: topics, producers: producers, groups: groups,
            events: events)
    }
}
