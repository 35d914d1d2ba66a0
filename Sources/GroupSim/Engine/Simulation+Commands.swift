import GroupCore

extension Simulation {
    /// Applies one command of the shared vocabulary now. Every applied command appears in the event log.
    public func apply(_ command: SimulationCommand) throws {
        if !started { startMembers() }
        switch command {
        case .crash(let name):
            let (g, m) = try member(name, mustBe: "running", { $0.isAlive })
            groups[g].members[m].frozenOwned = groups[g].members[m].membership!.owned
            groups[g].members[m].crashedMemberId = groups[g].members[m].membership!.memberId
            groups[g].members[m].process = .crashed
            groups[g].members[m].membership = nil
            record(
                "member.crashed", group: groups[g].spec.id, "\(name) crashed (no more heartbeats, no LeaveGroup)",
                [("member", .string(name))])
        case .hang(let name):
            let (g, m) = try member(name, mustBe: "running", { $0.process == .running && $0.isAlive })
            groups[g].members[m].frozenOwned = groups[g].members[m].membership!.owned
            groups[g].members[m].process = .hung
            record(
                "member.hung", group: groups[g].spec.id, "\(name) hung (poll loop stuck, heartbeats go on)",
                [("member", .string(name))])
        case .leave(let name):
            let (g, m) = try member(name, mustBe: "running", { $0.isAlive })
            // The application stops between records: what it fetched but did not process is not committed.
            for run in groups[g].members[m].unprocessed.reversed() {
                groups[g].members[m].membership!.setPosition(groups[g].partitions[run.statsIndex], run.offset)
            }
            groups[g].members[m].clearBatch()
            let requests = groups[g].members[m].membership!.close(now: now)
            groups[g].members[m].process = .left
            record(
                "member.closing", group: groups[g].spec.id,
                "\(name) shuts down cleanly"
                    + (groups[g].spec.isStatic
                        ? " (static: no LeaveGroup, the coordinator keeps its place until session.timeout.ms)"
                        : " (commit, LeaveGroup)"),
                [("member", .string(name))])
            send(requests, group: g, member: m)
            groups[g].members[m].membership = nil
        case .restart(let name):
            let (g, m) = try member(name, mustBe: "crashed, hung or left", { !$0.isAlive || $0.process == .hung })
            groups[g].members[m].frozenOwned = []
            record(
                "member.restarted", group: groups[g].spec.id,
                "\(name) restarted" + (groups[g].spec.isStatic ? " with group.instance.id \(name)" : ""),
                [("member", .string(name))])
            start(group: g, member: m)
        case .addMember(let groupId):
            guard let g = groups.firstIndex(where: { $0.spec.id == groupId }) else {
                throw CommandError("unknown group \(groupId)")
            }
            let number = groups[g].nextNumber
            groups[g].nextNumber += 1
            groups[g].members.append(
                MemberRuntime(
                    name: groups[g].spec.memberName(number), number: number, processingRate: groups[g].spec.processingRate))
            let name = groups[g].spec.memberName(number)
            record("member.added", group: groupId, "\(name) added to \(groupId)", [("member", .string(name))])
            start(group: g, member: groups[g].members.count - 1)
        case .pause(let name, let seconds):
            guard seconds > 0, let length = ScenarioDuration.milliseconds(seconds: seconds) else {
                throw CommandError("pause needs a positive number of seconds, at most a year")
            }
            let (g, m) = try member(name, mustBe: "running", { $0.process == .running && $0.isAlive })
            let until = now + length
            groups[g].members[m].process = .paused(until: until)
            record(
                "member.paused", group: groups[g].spec.id, "\(name) paused for \(formatNumber(seconds)) s (stop-the-world GC)",
                [("member", .string(name)), ("seconds", .double(seconds))])
        case .slow(let name, let rate):
            guard rate >= 0, rate <= ScenarioLimits.maxRate else {
                throw CommandError("processing rate must be between 0 and \(formatNumber(ScenarioLimits.maxRate)) msg/s")
            }
            let (g, m) = try member(name, mustBe: "known", { _ in true })
            groups[g].members[m].processingRate = rate
            record(
                "member.rate", group: groups[g].spec.id, "\(name) now processes \(formatNumber(rate)) msg/s",
                [("member", .string(name)), ("rate", .double(rate))])
        case .strategy(let groupId, let strategy):
            guard let g = groups.firstIndex(where: { $0.spec.id == groupId }) else {
                throw CommandError("unknown group \(groupId)")
            }
            startStrategyChange(group: g, to: strategy)
        case .rate(let topic, let rate):
            guard rate >= 0, rate <= ScenarioLimits.maxRate else {
                throw CommandError("produce rate must be between 0 and \(formatNumber(ScenarioLimits.maxRate)) msg/s")
            }
            guard let t = log.topicIndex(topic) else { throw CommandError("unknown topic \(topic)") }
            // A topic a real client created (broker mode) has only real producers; the simulation has none to set.
            guard isScenarioTopic(t) else {
                throw CommandError("\(topic) was created by a real client: only real producers write to it")
            }
            if let p = producers.firstIndex(where: { $0.topicIndex == t }) {
                producers[p].accumulator.pattern = producers[p].accumulator.pattern.withRate(rate)
            } else {
                // A topic without a producer gets a keyless, constant one.
                let spec = ProducerSpec(
                    topic: topic, pattern: .constant(rate), keys: .none, keySpace: ProducerSpec.defaultKeySpace,
                    batchSize: ProducerSpec.defaultBatchSize)
                producers.append(
                    ProducerRuntime(
                        topicIndex: t, accumulator: RateAccumulator(spec.pattern),
                        partitioner: spec.partitioner(
                            partitions: scenario.topics[t].partitions, seed: scenario.seed &+ UInt64(t)),
                        counts: Array(repeating: 0, count: scenario.topics[t].partitions)))
            }
            record(
                "producer.rate", group: nil, "producer rate of \(topic) set to \(formatNumber(rate)) msg/s",
                [("topic", .string(topic)), ("rate", .double(rate))])
        case .pauseProducers:
            producersPaused = true
            record("producers.paused", group: nil, "producers paused")
        case .resumeProducers:
            producersPaused = false
            record("producers.resumed", group: nil, "producers resumed")
        }
    }

    private func member(_ name: String, mustBe expected: String, _ condition: (MemberRuntime) -> Bool) throws -> (Int, Int) {
        for g in groups.indices {
            if let m = groups[g].memberIndex(named: name) {
                guard condition(groups[g].members[m]) else {
                    throw CommandError("\(name) is \(groups[g].members[m].status.rawValue), not \(expected)")
                }
                return (g, m)
            }
        }
        throw CommandError("unknown member \(name)")
    }

    /// A rolling change of `partition.assignment.strategy`, done as Kafka's upgrade guide says: first every member
    /// lists the new strategy ahead of the old ones (so the vote can move to it without a member being refused),
    /// then, once the group runs on the new strategy, the old ones are dropped.
    func startStrategyChange(group g: Int, to strategy: AssignmentStrategy) {
        let old = groups[g].spec.config.partitionAssignmentStrategy
        let transitional = [strategy] + old.filter { $0 != strategy }
        groups[g].spec.config.partitionAssignmentStrategy = transitional
        groups[g].pendingStrategy = strategy
        record(
            "strategy.changed", group: groups[g].spec.id,
            "\(groups[g].spec.id): rolling change of partition.assignment.strategy from \(old.map(\.rawValue).joined(separator: ",")) to \(strategy)",
            [("from", .array(old.map { .string($0.rawValue) })), ("to", .string(strategy.rawValue))])
        for m in groups[g].members.indices where groups[g].members[m].isAlive {
            groups[g].members[m].membership!.changeAssignmentStrategy(transitional)
        }
    }

    /// Second step of a rolling strategy change, once the group has moved to the new strategy.
    func finishStrategyChange(group g: Int, protocolName: String) {
        guard let target = groups[g].pendingStrategy, target.rawValue == protocolName else { return }
        groups[g].pendingStrategy = nil
        guard groups[g].spec.config.partitionAssignmentStrategy != [target] else { return }
        groups[g].spec.config.partitionAssignmentStrategy = [target]
        for m in groups[g].members.indices where groups[g].members[m].isAlive {
            groups[g].members[m].membership!.changeAssignmentStrategy([target])
        }
    }

    /// Whether log topic `t` is one of the scenario's (created first, in the scenario's order) rather than one a real
    /// client created in broker mode, which has no entry in `scenario.topics`.
    func isScenarioTopic(_ t: Int) -> Bool {
        t >= 0 && t < scenario.topics.count && scenario.topics[t].name == log.topics[t].name
    }
}
