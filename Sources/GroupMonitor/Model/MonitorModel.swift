import GroupCore
import GroupSim

/// The observed cluster over time: the latest observation, the histories that the lag estimates and Burrow's rules
/// need, and the events inferred between refreshes. Pure: it is handed each refresh's outcome and the time; the
/// client that talks to the cluster lives elsewhere.
public struct MonitorModel: Sendable {
    public struct Options: Sendable {
        public var evaluator: LagEvaluator
        /// Lag samples kept per group and partition for the sparklines (one per refresh).
        public var lagHistoryLength: Int

        public init(evaluator: LagEvaluator = LagEvaluator(), lagHistoryLength: Int = 60) {
            self.evaluator = evaluator
            self.lagHistoryLength = max(1, lagHistoryLength)
        }
    }

    /// What is known about one group's position on one partition.
    public struct GroupPartitionHistory: Sendable {
        /// Burrow's window, oldest first.
        public var window: [CommitSample] = []
        /// Lag once per refresh, oldest first.
        public var lagHistory: [Int64] = []
        /// Messages per second the group's committed offset advanced between the last two refreshes that saw it move.
        /// Consumers commit every few seconds (Kafka's auto.commit.interval.ms is 5 s), so most refreshes see no
        /// change; the rate holds until the offset has stood still for twice the interval between those two changes,
        /// then it is 0.
        public var commitRate: Double = 0
        var lastCommitted: (time: Millis, offset: Int64)?
        /// The refresh that last saw the committed offset change, and how long before it the previous change was seen.
        var lastChange: (time: Millis, offset: Int64)?
        var changeInterval: Millis = 0
    }

    /// A group's rebalance as seen from outside: first and last refresh that saw it rebalancing, and the last
    /// refresh before that saw it settled.
    struct RebalanceWatch: Sendable {
        var settledBefore: Millis
        var firstSeen: Millis
        var lastSeen: Millis
    }

    /// What is known about one partition (by its number in `numbering`).
    struct PartitionState: Sendable {
        /// As the latest observation lists it; nil for a partition only a group's commits mention.
        var observed: ObservedPartition?
        var logEnds: LogEndHistory?
        /// The log-end offsets of the last refreshes, oldest first (Burrow's broker offsets).
        var recentEnds: [Int64]?
    }

    public let options: Options
    public private(set) var latest: ClusterObservation?
    /// Dense numbers of the partitions, renumbered only when the metadata's partitions change.
    private(set) var numbering = PartitionNumbering()
    /// Per partition, by its number.
    private(set) var partitionStates: [PartitionState] = []
    /// Since when refreshes fail, and why the latest failed; nil once a refresh succeeds again.
    public private(set) var failure: (time: Millis, reason: String)?
    /// Per group, its committed partitions' histories and its owners, by partition number.
    private(set) var tracks: [String: GroupTrack] = [:]

    public var logEnds: [TopicPartition: LogEndHistory] {
        var result: [TopicPartition: LogEndHistory] = [:]
        for (n, state) in partitionStates.enumerated() { if let h = state.logEnds { result[numbering.keys[n]] = h } }
        return result
    }
    /// The log-end offsets of the last refreshes per partition, oldest first (Burrow's broker offsets).
    public var recentLogEnds: [TopicPartition: [Int64]] {
        var result: [TopicPartition: [Int64]] = [:]
        for (n, state) in partitionStates.enumerated() { if let r = state.recentEnds { result[numbering.keys[n]] = r } }
        return result
    }
    public var positions: [String: [TopicPartition: GroupPartitionHistory]] {
        tracks.mapValues { track in
            var byPartition: [TopicPartition: GroupPartitionHistory] = [:]
            for topic in track.topics {
                for (i, p) in topic.partitions.enumerated() {
                    byPartition[TopicPartition(topic.name, p)] = track.histories.history(topic.slots[i])
                }
            }
            return byPartition
        }
    }
    /// The state of `tp`, when it has a number.
    func state(_ tp: TopicPartition) -> PartitionState? {
        numbering.number(tp).map { partitionStates[$0] }
    }
    /// The history of `group` on `tp`.
    func history(group: String, _ tp: TopicPartition) -> GroupPartitionHistory? {
        guard let track = tracks[group], let slot = track.slot(tp) else { return nil }
        return track.histories.history(slot)
    }
    /// A track for a group seen for the first time.
    func newTrack() -> GroupTrack {
        GroupTrack(
            windowLength: options.evaluator.window, lagHistoryLength: options.lagHistoryLength,
            allowedLag: options.evaluator.allowedLag)
    }
    /// The monitor's events; only the most recent 5,000 are kept so a long watch stays bounded.
    var events = EventLog(capacity: 5_000)
    var names: [String: MemberNames] = [:]
    var rebalances: [String: RebalanceWatch] = [:]
    /// Each group's owners from the last refresh that showed assignments, for moves across a rebalance during which
    /// the coordinator describes members without them.
    var lastAssignment: [String: (time: Millis, owners: [TopicPartition: String])] = [:]
    /// The members' assignments behind `lastAssignment`, member by member.
    var lastMemberAssignments: [String: [MemberAssignment]] = [:]
    /// Brokers currently unreachable, by address: why, and since when.
    var unreachable: [String: (reason: String, since: Millis)] = [:]

    public init(options: Options = Options()) {
        self.options = options
    }

    /// Takes in a successful refresh: updates the histories, then records what changed since the previous one.
    public mutating func ingest(_ observation: ClusterObservation) {
        let previous = latest
        for group in observation.groups {
            names[group.id, default: MemberNames()].add(group.members.map { ($0.memberId, $0.clientId) })
        }
        updateLogEnds(observation)
        updatePositions(observation)
        inferEvents(previous: previous, current: observation)
        // Departed members were reported under their names; now they can go.
        var live: [String: MemberNames] = [:]
        for group in observation.groups {
            var groupNames = names[group.id] ?? MemberNames()
            groupNames.keepOnly(Set(group.members.map(\.memberId)))
            live[group.id] = groupNames
        }
        names = live
        latest = observation
        failure = nil
    }

    /// Takes in a refresh that could not reach the cluster at all: the data is kept (and shown as stale), the event
    /// is recorded once per outage.
    public mutating func ingestFailure(reason: String, address: String, at time: Millis) {
        if unreachable[address] == nil {
            record(
                time, "broker.unreachable", group: nil, "cannot reach \(address): \(reason)",
                [("address", .string(address)), ("reason", .string(reason))])
            unreachable[address] = (reason, time)
        }
        failure = (failure?.time ?? time, reason)
    }

    /// Events with `sequence >= from`, oldest first.
    public func events(from sequence: Int) -> [SimEvent] { events.events(from: sequence) }

    /// The display name of a member of a group.
    public func memberName(group: String, memberId: String) -> String {
        names[group]?.name(memberId) ?? memberId
    }

    /// Numbers the observation's partitions (carrying the histories over when the metadata changed), then records
    /// each partition's log end.
    private mutating func updateLogEnds(_ observation: ClusterObservation) {
        if let previous = numbering.update(observation.topics) {
            // Only the listed partitions keep their log-end histories; the group histories keep every partition.
            var states = [PartitionState](repeating: PartitionState(), count: numbering.count)
            for (n, tp) in numbering.keys.enumerated() {
                if let old = previous.number(tp) { states[n] = partitionStates[old] }
            }
            partitionStates = states
            // The group tracks notice the new numbering themselves (by its version) and carry their histories over.
        }
        let window = options.evaluator.window
        for n in partitionStates.indices { partitionStates[n].observed = nil }
        for (t, topic) in observation.topics.enumerated() {
            let numbers = numbering.topicNumbers[t]
            for (i, p) in topic.partitions.enumerated() {
                let n = numbers[i]
                partitionStates[n].observed = p
                guard let end = p.logEndOffset else { continue }
                if partitionStates[n].logEnds == nil { partitionStates[n].logEnds = LogEndHistory() }
                partitionStates[n].logEnds?.record(time: observation.time, logEndOffset: end)
                if partitionStates[n].recentEnds == nil { partitionStates[n].recentEnds = [] }
                partitionStates[n].recentEnds?.append(end)
                if let count = partitionStates[n].recentEnds?.count, count > window {
                    partitionStates[n].recentEnds?.removeFirst(count - window)
                }
            }
        }
    }

    /// Each group's committed offsets into its track: laid out again only when the committed partitions changed,
    /// then recorded and judged topic by topic, so that the ~10 groups reading a topic find its partitions' log-end
    /// histories still in the cache.
    private mutating func updatePositions(_ observation: ClusterObservation) {
        // Taken out of the table (not copied), so that the updates below happen in place.
        var taken: [GroupTrack] = []
        taken.reserveCapacity(observation.groups.count)
        for group in observation.groups {
            var track = tracks.removeValue(forKey: group.id) ?? newTrack()
            track.layOut(group.committedTopics, numbering: &numbering)
            track.updateOwners(group.members, numbering: &numbering)
            taken.append(track)
        }
        if partitionStates.count < numbering.count {
            partitionStates.append(contentsOf: repeatElement(PartitionState(), count: numbering.count - partitionStates.count))
        }
        // Each partition's facts by number, read out once, not once per group that reads it.
        var logEnds = [Int64?](repeating: nil, count: numbering.count)
        for (t, topic) in observation.topics.enumerated() {
            for (i, p) in topic.partitions.enumerated() { logEnds[numbering.topicNumbers[t][i]] = p.logEndOffset }
        }
        let facts = GroupTrack.PartitionFacts(
            logEnds: logEnds, lowestRecentEnds: partitionStates.map { $0.recentEnds?.min() },
            logEndHistories: partitionStates.map(\.logEnds), newestStretches: partitionStates.map { $0.logEnds?.newestStretch })
        // The groups' committed topics by metadata topic (the last list: topics the metadata does not have).
        let topicIndex = Dictionary(
            observation.topics.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        var byTopic = [[(group: Int, topic: Int)]](repeating: [], count: observation.topics.count + 1)
        for (g, group) in observation.groups.enumerated() {
            for (k, topic) in group.committedTopics.enumerated() {
                byTopic[topicIndex[topic.topic] ?? observation.topics.count].append((g, k))
            }
        }
        for readers in byTopic {
            for (g, k) in readers {
                taken[g].record(
                    committedTopic: k, offsets: observation.groups[g].committedTopics[k].offsets, facts: facts,
                    evaluator: options.evaluator, time: observation.time)
            }
        }
        var next: [String: GroupTrack] = [:]
        for (g, group) in observation.groups.enumerated() {
            taken[g].histories.closeRefresh()
            next[group.id] = taken[g]
        }
        tracks = next
    }

    mutating func record(
        _ time: Millis, _ type: String, group: String?, _ message: String, _ details: [(key: String, value: JSONValue)] = []
    ) {
        events.append(
            SimEvent(sequence: events.happened, time: time, type: type, group: group, message: message, details: details))
    }
}
