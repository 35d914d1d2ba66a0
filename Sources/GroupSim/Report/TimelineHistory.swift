import GroupCore

/// Who owned each partition of each group, over time, as spans: what the ownership timeline (the dashboard's `t`
/// view and `simulate --timeline FILE.svg`) draws. Fed from snapshots (so every source can feed it) and events
/// (rebalance instants). Consecutive observations with the same owner extend one span.
public struct OwnershipHistory: Sendable {
    public struct Span: Sendable, Equatable {
        /// The owning member, nil when unassigned.
        public var owner: String?
        /// Owned by a member that consumes it (stable or joining, not revoking): what a coloured bar means.
        public var consuming: Bool
        public var start: Millis
        public var end: Millis
    }

    public struct GroupHistory: Sendable {
        public var id: String
        public var partitions: [TopicPartition] = []
        /// Spans per partition, aligned with `partitions`, oldest first.
        public var spans: [[Span]] = []
        /// Members in the order they first owned something (legend and colour order).
        public var members: [String] = []
        /// Instants a rebalance completed.
        public var rebalances: [Millis] = []
        /// (time, group lag) samples, one per observation at most once a second.
        public var lag: [(time: Millis, lag: Int64)] = []
        var indexByPartition: [TopicPartition: Int] = [:]
        /// Topic → index in `partitions` by partition number (-1: not seen yet); what `observe` reads per view.
        var indexByTopic: [String: [Int]] = [:]
    }

    public private(set) var groups: [GroupHistory] = []
    public private(set) var start: Millis?
    public private(set) var end: Millis = 0
    /// Spans kept per partition; the oldest go first (the dashboard runs for hours).
    public var maxSpansPerPartition: Int
    private var indexByGroup: [String: Int] = [:]

    public init(maxSpansPerPartition: Int = 2_000) { self.maxSpansPerPartition = maxSpansPerPartition }

    /// Records who owns what at the snapshot's instant.
    public mutating func observe(_ snapshot: SimulationSnapshot) {
        observe(snapshot, topics: snapshot.topics.indices)
    }

    /// `observe(_:)` for some of the snapshot's topics, so that a caller can spread a large snapshot (10,000
    /// partitions × 2 groups: tens of ms on a busy machine) over several calls and answer keys in between, as the
    /// dashboard does. The instant and the groups' lag are recorded with the part that starts at topic 0.
    /// `statuses`: the snapshot's `memberStatuses`, when the caller keeps them from part to part.
    public mutating func observe(
        _ snapshot: SimulationSnapshot, topics: Range<Int>, statuses: [String: MemberStatus]? = nil
    ) {
        let now = snapshot.time
        if topics.lowerBound == 0 {
            if start == nil { start = now }
            end = max(end, now)
        }
        let statusByMember = statuses ?? Self.memberStatuses(snapshot)
        // Neighbouring partitions mostly have the same owner: its status is looked up once per run of them.
        var lastOwner: String?
        var lastStatus: MemberStatus?
        for topic in snapshot.topics[topics.clamped(to: snapshot.topics.indices)] {
            // Per column (a group reading the topic): its group index and the topic's partition indexes there,
            // resolved once per topic, so a view costs no hashing while the columns stay the same partition to
            // partition (they do for every source; anything else takes the lookups below).
            var columnIds: [String] = []
            var columnGroups: [Int] = []
            var columnIndexes: [[Int]] = []
            for partition in topic.partitions {
                for (k, view) in partition.groups.enumerated() {
                    if k >= columnIds.count || columnIds[k] != view.groupId {
                        let g = groupIndex(view.groupId)
                        let indexes = groups[g].indexByTopic[topic.name] ?? []
                        if k >= columnIds.count {
                            columnIds.append(view.groupId)
                            columnGroups.append(g)
                            columnIndexes.append(indexes)
                        } else {
                            (columnIds[k], columnGroups[k], columnIndexes[k]) = (view.groupId, g, indexes)
                        }
                    }
                    let g = columnGroups[k]
                    let number = Int(partition.partition)
                    let p: Int
                    if number >= 0, number < columnIndexes[k].count, columnIndexes[k][number] >= 0 {
                        p = columnIndexes[k][number]
                    } else {
                        p = partitionIndex(g, TopicPartition(topic.name, partition.partition))
                        columnIndexes[k] = groups[g].indexByTopic[topic.name] ?? []
                    }
                    if view.owner != lastOwner {
                        lastOwner = view.owner
                        lastStatus = view.owner.flatMap { statusByMember[$0] }
                    }
                    let status = lastStatus
                    let consuming = view.ownership == .owned && (status == .stable || status == .joining)
                    extend(g, p, owner: view.owner, consuming: consuming, at: now)
                }
            }
        }
        guard topics.lowerBound == 0 else { return }
        for group in snapshot.groups {
            let g = groupIndex(group.id)
            if let last = groups[g].lag.last, now - last.time < 1_000 { continue }
            groups[g].lag.append((now, group.lag))
        }
    }

    /// Each member's status by name: what tells a consuming owner from one that is not.
    public static func memberStatuses(_ snapshot: SimulationSnapshot) -> [String: MemberStatus] {
        var statuses: [String: MemberStatus] = [:]
        statuses.reserveCapacity(snapshot.groups.reduce(0) { $0 + $1.members.count })
        for g in snapshot.groups.indices {
            // Fields read in place: copying whole member views costs more than the lookups.
            for m in snapshot.groups[g].members.indices {
                statuses[snapshot.groups[g].members[m].name] = snapshot.groups[g].members[m].status
            }
        }
        return statuses
    }

    /// Notes rebalance instants from the event stream.
    public mutating func observe(_ event: SimEvent) {
        guard event.type == "rebalance.completed", let group = event.group else { return }
        groups[groupIndex(group)].rebalances.append(event.time)
    }

    private mutating func groupIndex(_ id: String) -> Int {
        if let g = indexByGroup[id] { return g }
        groups.append(GroupHistory(id: id))
        indexByGroup[id] = groups.count - 1
        return groups.count - 1
    }

    private mutating func partitionIndex(_ g: Int, _ tp: TopicPartition) -> Int {
        if let p = groups[g].indexByPartition[tp] { return p }
        groups[g].partitions.append(tp)
        groups[g].spans.append([])
        groups[g].indexByPartition[tp] = groups[g].partitions.count - 1
        if tp.partition >= 0 {
            var indexes = groups[g].indexByTopic[tp.topic] ?? []
            if indexes.count <= Int(tp.partition) {
                indexes.append(contentsOf: repeatElement(-1, count: Int(tp.partition) + 1 - indexes.count))
            }
            indexes[Int(tp.partition)] = groups[g].partitions.count - 1
            groups[g].indexByTopic[tp.topic] = indexes
        }
        return groups[g].partitions.count - 1
    }

    private mutating func extend(_ g: Int, _ p: Int, owner: String?, consuming: Bool, at now: Millis) {
        if let last = groups[g].spans[p].last, last.owner == owner, last.consuming == consuming {
            groups[g].spans[p][groups[g].spans[p].count - 1].end = now
            return
        }
        if let owner, !groups[g].members.contains(owner) { groups[g].members.append(owner) }
        // The new span starts where the previous one ended (the change happened between two observations).
        let startAt = groups[g].spans[p].last?.end ?? now
        groups[g].spans[p].append(Span(owner: owner, consuming: consuming, start: startAt, end: now))
        if groups[g].spans[p].count > maxSpansPerPartition { groups[g].spans[p].removeFirst() }
    }
}

extension OwnershipHistory {
    /// Runs `scenario` from the start to `end` in a simulation of its own (the same seed gives the same run as any
    /// other), observing ownership every tick and every completed rebalance.
    public static func record(scenario: Scenario, until end: Millis) -> OwnershipHistory {
        var history = OwnershipHistory(maxSpansPerPartition: .max)
        let simulation = Simulation(scenario: scenario)
        var events: [SimEvent] = []
        simulation.onEvent = { events.append($0) }
        var t: Millis = 0
        simulation.run(until: 0)
        history.observe(simulation.snapshot())
        while t < end {
            t = min(end, t + Simulation.tickMs)
            simulation.run(until: t)
            history.observe(simulation.snapshot())
            for event in events { history.observe(event) }
            events.removeAll(keepingCapacity: true)
        }
        return history
    }
}
