import GroupCore
import OrderedCollections

/// The simulated world: a cluster log fed by producers, the group coordinator, and consumer members
/// running Kafka's membership logic — all on one virtual clock. It moves only when told to
/// (`advance(by:)` or `run(until:)`), so the same scenario and seed give the same events, byte for byte.
public final class Simulation: SimulationSource {
    public let scenario: Scenario
    /// Production and processing happen in steps of this length; protocol timers fire at their exact millisecond.
    public static let tickMs: Millis = 100

    public private(set) var now: Millis = 0
    var log = ClusterLog()
    var coordinator: GroupCoordinator
    var producers: [ProducerRuntime] = []
    var producersPaused = false
    var groups: [GroupRuntime] = []
    var timeline: [TimedCommand]
    var timelineIndex = 0
    var nextTick: Millis = 0
    var nextSecond: Millis = 1_000
    var lastStepAt: Millis?

    /// Requests in flight by correlation id: who sent it (group, member, incarnation) and what it was.
    var inFlight: [Int32: (group: Int, member: Int, incarnation: Int, request: ClientRequest)] = [:]
    var nextCorrelationId: Int32 = 0
    /// Coordinator member ids → member names (the client.id each member sends). Bounded: every restart or rejoin
    /// mints a new id, so only the most recent ids (several per member) are kept, oldest forgotten first: ordered
    /// by when each id was first seen.
    private(set) var nameByMemberId: OrderedDictionary<String, String> = [:]
    /// Broker mode: real clients' records, producers, members and pending answers (see External/).
    var external = ExternalState()

    /// 5,000 events: what the dashboard and a watch client can still fetch after falling behind.
    var eventLog = EventLog(capacity: 5_000)
    /// Optional sink for every event as it happens (headless output), so long runs need not keep them.
    public var onEvent: ((SimEvent) -> Void)?
    /// The viewer's pause, set only for the length of `advance(by:pausingAt:)` or `snapshot(pausingAt:)`.
    private var pauseHook: (() -> Void)?

    // Per-second gauges.
    var producedTotal: Int64 = 0
    var consumedTotal: Int64 = 0
    var producedAtLastSecond: Int64 = 0
    var consumedAtLastSecond: Int64 = 0
    var produceRate = 0.0
    var consumeRate = 0.0
    /// Log-end offsets one second ago and now, per topic and partition, for partition rates.
    var endOffsetsLastSecond: [[Int64]] = []
    var partitionRates: [[Double]] = []

    public init(scenario: Scenario) {
        self.scenario = scenario
        var seeds = SeededGenerator(seed: scenario.seed)
        coordinator = GroupCoordinator(seed: seeds.next())
        timeline = scenario.events
        for topic in scenario.topics {
            log.createTopic(
                topic.name, partitions: topic.partitions, retentionMs: topic.retentionMs,
                retentionMessages: topic.retentionMessages)
        }
        for (index, topic) in scenario.topics.enumerated() {
            let seed = seeds.next()
            guard let spec = scenario.producer(forTopic: topic.name) else { continue }
            producers.append(
                ProducerRuntime(
                    topicIndex: index, accumulator: RateAccumulator(spec.pattern),
                    partitioner: spec.partitioner(partitions: topic.partitions, seed: seed),
                    counts: Array(repeating: 0, count: topic.partitions)))
        }
        endOffsetsLastSecond = scenario.topics.map { Array(repeating: 0, count: $0.partitions) }
        partitionRates = scenario.topics.map { Array(repeating: 0, count: $0.partitions) }
        let partitionsPerTopic = log.partitionsPerTopic
        groups = scenario.groups.map { GroupRuntime(spec: $0, partitionsPerTopic: partitionsPerTopic) }
    }

    /// The members start with the first step, not in `init`, so that an `onEvent` sink set after creating
    /// the simulation sees their first events.
    var started = false

    func startMembers() {
        started = true
        for g in groups.indices {
            for m in groups[g].members.indices { start(group: g, member: m) }
        }
    }

    // MARK: Running

    public func advance(by duration: Millis) { run(until: now + duration) }

    public func advance(by duration: Millis, pausingAt pause: () -> Void) {
        pausing(at: pause) { run(until: now + duration) }
    }

    public func snapshot(pausingAt pause: () -> Void) -> SimulationSnapshot {
        pausing(at: pause) { snapshot() }
    }

    /// Runs `work` with `pause` called at every `pausePoint()` inside it. The pause points sit between units of work
    /// of a millisecond or less (a member's poll loop, a delivery, a group's accounting, a topic's view), so a viewer
    /// can answer keys in the middle of a step that, on a large scenario, takes tens of milliseconds (the tick where
    /// every member's auto-commit falls due). `pause` only reads keys and paints: nothing here depends on it.
    private func pausing<T>(at pause: () -> Void, _ work: () -> T) -> T {
        withoutActuallyEscaping(pause) { pause in
            let outer = pauseHook
            pauseHook = pause
            defer { pauseHook = outer }
            return work()
        }
    }

    /// A moment between two units of work where the viewer, if it asked, may answer keys.
    @inline(__always)
    func pausePoint() { pauseHook?() }

    /// Runs every step due up to and including `target`, then sets the clock to `target`.
    public func run(until target: Millis) {
        if !started { startMembers() }
        while true {
            var next = nextStepTime()
            // A deadline that a step did not consume must not spin the clock in place.
            if let last = lastStepAt, next <= last { next = last + 1 }
            guard next <= target else { break }
            now = next
            lastStepAt = next
            step()
        }
        now = max(now, target)
    }

    /// The earliest instant anything is due: a tick, a scripted command, a protocol timer, a pause ending.
    func nextStepTime() -> Millis {
        var next = nextTick
        if timelineIndex < timeline.count { next = min(next, timeline[timelineIndex].at) }
        if let deadline = coordinator.nextDeadline { next = min(next, deadline) }
        for group in groups {
            for member in group.members {
                if case .paused(let until) = member.process { next = min(next, until); continue }
                if member.isAlive, let deadline = member.membership!.nextDeadline { next = min(next, deadline) }
            }
        }
        return max(next, now)
    }

    func step() {
        while timelineIndex < timeline.count, timeline[timelineIndex].at <= now {
            let command = timeline[timelineIndex].command
            timelineIndex += 1
            do { try apply(command) } catch {
                record("command.failed", group: nil, "\(command): \(error)", [("command", .string(command.description))])
            }
        }
        resumePausedMembers()
        coordinator.advance(to: now)
        pump()
        for g in groups.indices {
            for m in groups[g].members.indices where groups[g].members[m].isAlive {
                if case .paused = groups[g].members[m].process { continue }
                send(tick(g, m), group: g, member: m)
            }
            pausePoint()
        }
        if now >= nextTick {
            produce()
            consume()
            // Deleted records show up where they matter: as out-of-range positions and skipped messages.
            _ = log.applyRetention(now: now)
            accountOwnership()
            nextTick += Self.tickMs
            if now >= nextSecond {
                sampleSecond()
                nextSecond += 1_000
            }
        }
    }

    private func tick(_ g: Int, _ m: Int) -> [ClientRequest] {
        groups[g].members[m].membership!.tick(now: now)
    }

    // MARK: Producers

    func produce() {
        guard !producersPaused else {
            for p in producers.indices { _ = producers[p].accumulator.messages(from: now, to: now + Self.tickMs) }
            return
        }
        for p in producers.indices {
            let records = producers[p].accumulator.messages(from: now, to: now + Self.tickMs)
            guard records > 0 else { continue }
            var counts = producers[p].counts
            for i in counts.indices { counts[i] = 0 }
            producers[p].partitioner.distribute(records, into: &counts)
            let topic = producers[p].topicIndex
            for (partition, count) in counts.enumerated() where count > 0 {
                log.append(topic: topic, partition: partition, count: Int64(count), at: now)
            }
            producers[p].counts = counts
            producedTotal = producedTotal.addingSaturating(Int64(records))
        }
    }

    // MARK: Gauges

    func sampleSecond() {
        produceRate = Double(producedTotal - producedAtLastSecond)
        consumeRate = Double(consumedTotal - consumedAtLastSecond)
        producedAtLastSecond = producedTotal
        consumedAtLastSecond = consumedTotal
        for t in log.topics.indices {
            for p in log.topics[t].partitions.indices {
                let end = log.offsets(topic: t, partition: p).end
                partitionRates[t][p] = Double(end - endOffsetsLastSecond[t][p])
                endOffsetsLastSecond[t][p] = end
            }
        }
        for g in groups.indices {
            var groupLag: Int64 = 0
            // Once per group, not per partition: the committed offsets and the partitions' places in the log.
            let committed = coordinator.committedOffsets(group: groups[g].spec.id)
            let places = logPlaces(group: g)
            for (i, tp) in groups[g].partitions.enumerated() {
                var lag: Int64 = 0
                if let place = places[i] {
                    // PartitionLog.backlog: records from where the group resumes (its commit, else the log start).
                    let (start, end) = log.offsets(topic: place.topic, partition: place.partition)
                    lag = max(0, end - max(committed.isEmpty ? start : committed[tp] ?? start, start))
                }
                groupLag = groupLag.addingSaturating(lag)
                groups[g].stats[i].lagHistory.record(lag)
            }
            groups[g].peakLag = max(groups[g].peakLag, groupLag)
            for m in groups[g].members.indices {
                groups[g].members[m].consumeRate = Double(groups[g].members[m].processedThisSecond)
                groups[g].members[m].processedThisSecond = 0
            }
            pausePoint()
        }
    }

    /// Where each of a group's partitions sits in the log (topic index, partition index), nil for a topic the log
    /// does not have; resolved once per group and kept while the group's partitions stay the same.
    func logPlaces(group g: Int) -> [(topic: Int, partition: Int)?] {
        if groups[g].logPlaces.count != groups[g].partitions.count {
            groups[g].logPlaces = groups[g].partitions.map { tp in
                guard let t = log.topicIndex(tp.topic), tp.partition >= 0, Int(tp.partition) < log.topics[t].partitions.count
                else { return nil }
                return (t, Int(tp.partition))
            }
        }
        return groups[g].logPlaces
    }

    /// Adds a tick of unowned time to every partition no live, processing member owns.
    func accountOwnership() {
        var owned: [Bool] = []
        for g in groups.indices {
            Self.accountOwnership(of: &groups[g], log: log, scratch: &owned)
            pausePoint()
        }
    }

    /// One group's tick of ownership accounting, on the group in place (`scratch` is reused from group to group).
    private static func accountOwnership(of group: inout GroupRuntime, log: ClusterLog, scratch owned: inout [Bool]) {
        owned.removeAll(keepingCapacity: true)
        owned.append(contentsOf: repeatElement(false, count: group.partitions.count))
        for m in group.members.indices where group.members[m].process == .running && group.members[m].membership != nil {
            group.members[m].refreshSlots(log: log, partitionIndex: group.partitionIndex)
            for k in group.members[m].slots.indices { owned[group.members[m].slots[k].statsIndex] = true }
        }
        var unowned = 0
        for i in owned.indices where !owned[i] {
            group.stats[i].unownedMs = group.stats[i].unownedMs.addingSaturating(tickMs)
            unowned += 1
        }
        // The first join phase is not a stop: nothing was being consumed yet.
        if group.rebalances > 0 { group.peakUnowned = max(group.peakUnowned, unowned) }
    }

    // MARK: SimulationSource

    public func events(from sequence: Int) -> [SimEvent] { eventLog.events(from: sequence) }
}

extension Simulation {
    /// How many member ids to remember: enough for every member's current and several earlier ids, which moves and
    /// reasons still name.
    var memberIdMemory: Int { max(64, 8 * groups.reduce(0) { $0 + $1.members.count }) }

    func remember(_ memberId: String, as name: String) {
        nameByMemberId[memberId] = name  // a known id keeps its age
        let memory = memberIdMemory
        if nameByMemberId.count > memory {
            // Removing from the front of an OrderedDictionary costs O(count), so forget an eighth more than needed
            // at once: the cost per remembered id stays O(1) on average.
            nameByMemberId.removeFirst(nameByMemberId.count - memory + memory / 8)
        }
    }
}
