import Testing

@testable import GroupCore

/// Random sequences of joins, clean leaves, crashes, restarts, consumption and commits, driven through the coordinator
/// and real members on the virtual clock, with Kafka's safety properties checked after every instant.
@Suite struct GroupPropertyTests {
    static let seeds: Range<UInt64> = 0..<25
    static let steps = 30
    static let topics = ["a": 6, "b": 3]

    @Test(arguments: AssignmentStrategy.allCases)
    func ownershipStaysSafeAndConverges(strategy: AssignmentStrategy) {
        var generations: [Int32] = []
        for seed in Self.seeds {
            let (failure, generation) = run(strategy: strategy, seed: seed)
            if let failure {
                Issue.record("\(strategy) seed \(seed): \(failure)")
                return
            }
            generations.append(generation)
        }
        // The histories are not trivial: groups went through many generations.
        #expect(generations.max()! >= 8)
        #expect(generations.reduce(0, +) >= Int32(Self.seeds.count) * 4)
    }

    private enum Action: CustomStringConvertible {
        case join(static: Bool, topics: [String], autoCommit: Bool)
        case close(Int), crash(Int), restart(Int), consume(Int), commit(Int), produce
        var description: String {
            switch self {
            case .join(let s, let t, let a): "join(static: \(s), \(t), autoCommit: \(a))"
            case .close(let i): "close(\(i))"
            case .crash(let i): "crash(\(i))"
            case .restart(let i): "restart(\(i))"
            case .consume(let i): "consume(\(i))"
            case .commit(let i): "commit(\(i))"
            case .produce: "produce"
            }
        }
    }

    /// Runs one random history; returns the first violation with the actions that led to it.
    private func run(strategy: AssignmentStrategy, seed: UInt64) -> (String?, Int32) {
        var h = GroupHarness(seed: seed)
        let failure = run(&h, strategy: strategy, seed: seed)
        return (failure, h.summary?.generationId ?? 0)
    }

    private func run(_ h: inout GroupHarness, strategy: AssignmentStrategy, seed: UInt64) -> String? {
        var random = SeededGenerator(seed: seed)
        for (name, count) in Self.topics.sorted(by: { $0.key < $1.key }) { h.log.createTopic(name, partitions: count) }
        var history: [String] = []
        var violation: String?
        h.afterEachStep = { h in
            if violation == nil, let v = Self.safetyViolation(h, cooperative: strategy == .cooperativeSticky) {
                violation = "at \(h.now): \(v)"
            }
        }
        var staticIds = 0
        for _ in 0..<Self.steps {
            let live = h.slots.indices.filter { h.mode($0) == .polling }
            let gone = h.slots.indices.filter { h.mode($0) == .crashed || h.mode($0) == .closed }
            var choices: [Action] = [.produce]
            if live.count < 6 {
                let topics = Bool.random(using: &random) ? ["a", "b"] : ["a"]
                choices.append(
                    .join(
                        static: Int.random(in: 0..<3, using: &random) == 0, topics: topics,
                        autoCommit: Bool.random(using: &random)))
            }
            if let i = live.randomElement(using: &random) {
                choices += [.close(i), .crash(i), .consume(i), .consume(i), .commit(i)]
            }
            if let i = gone.randomElement(using: &random) { choices.append(.restart(i)) }
            let action = choices.randomElement(using: &random)!
            history.append("\(h.now): \(action)")
            switch action {
            case .join(let isStatic, let topics, let autoCommit):
                var config = h.config {
                    $0.partitionAssignmentStrategy = [strategy]
                    $0.sessionTimeoutMs = 10_000
                    $0.heartbeatIntervalMs = 3_000
                    $0.maxPollIntervalMs = 30_000
                    $0.enableAutoCommit = autoCommit
                    $0.autoOffsetReset = .earliest
                }
                if isStatic {
                    staticIds += 1
                    config.groupInstanceId = "instance-\(staticIds)"
                }
                h.addMember(config, topics: topics)
            case .close(let i): h.close(i)
            case .crash(let i): h.crash(i)
            case .restart(let i): h.restart(i)
            case .produce:
                for t in h.log.topics.indices {
                    for p in h.log.topics[t].partitions.indices {
                        h.log.append(topic: t, partition: p, count: Int64.random(in: 0...50, using: &random), at: h.now)
                    }
                }
            case .consume(let i):
                let log = h.log
                h.with(i) { m in
                    for tp in m.fetchable {
                        let leo = log.partition(tp)!.logEndOffset
                        let from = m.positions[tp]!
                        if from < leo { m.setPosition(tp, Int64.random(in: from...leo, using: &random)) }
                    }
                    return []
                }
            case .commit(let i): h.with(i) { $0.commit() }
            }
            h.run(for: Int64.random(in: 0...12_000, using: &random))
            if let violation { return "\(violation)\n" + history.suffix(12).joined(separator: "\n") }
        }
        // A long quiet period: every crashed member expires, every rebalance completes.
        h.run(for: 100_000)
        if let violation { return "\(violation)\n" + history.suffix(12).joined(separator: "\n") }
        if let v = Self.convergenceViolation(h) {
            return "after the quiet period: \(v)\n" + history.suffix(12).joined(separator: "\n")
        }
        return nil
    }

    /// Safety, at any instant.
    static func safetyViolation(_ h: GroupHarness, cooperative: Bool) -> String? {
        var byGeneration: [TopicPartition: [Int32: Int]] = [:]
        for (tp, owners) in h.liveOwners() {
            for slot in owners {
                let generation = h[slot].generation
                if let other = byGeneration[tp]?[generation] {
                    return "\(tp) owned by slots \(other) and \(slot), both in generation \(generation)"
                }
                byGeneration[tp, default: [:]][generation] = slot
            }
            if cooperative, owners.count > 1 { return "\(tp) owned by slots \(owners) at once under cooperative" }
        }
        for tp in h.partitions(of: Array(topics.keys)) {
            if let committed = h.coordinator.committedOffset(group: h.groupId, tp),
                committed > h.log.partition(tp)!.logEndOffset
            {
                return "\(tp) committed \(committed) beyond its LEO \(h.log.partition(tp)!.logEndOffset)"
            }
        }
        return nil
    }

    /// Liveness, once nothing is left to happen: every subscribed partition has exactly one live owner.
    static func convergenceViolation(_ h: GroupHarness) -> String? {
        let live = h.slots.indices.filter { h.mode($0) == .polling }
        guard !live.isEmpty else {
            return h.summary.map { $0.state == .empty || $0.state == .dead } == false ? "group not Empty" : nil
        }
        if let pending = h.coordinator.groups[h.groupId], pending.joinDeadline != nil || pending.syncDeadline != nil {
            return "a join or sync deadline is still pending"
        }
        for slot in live where h[slot].state != .stable { return "slot \(slot) is \(h[slot].state)" }
        guard h.summary?.state == .stable else { return "group is \(String(describing: h.summary?.state))" }
        guard h.summary?.memberIds.count == live.count else {
            return "group has \(h.summary!.memberIds.count) members for \(live.count) live"
        }
        let subscribed = Set(live.flatMap { h[$0].topics })
        let owners = h.liveOwners()
        for tp in h.partitions(of: Array(subscribed)) where owners[tp]?.count != 1 {
            return "\(tp) has owners \(owners[tp] ?? [])"
        }
        return nil
    }
}
