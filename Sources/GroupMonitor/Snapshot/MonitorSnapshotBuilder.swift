import GroupCore
import GroupSim

/// The observed cluster as the dashboard's snapshot, so the simulation's panes show a real cluster unchanged.
/// What a real cluster cannot tell a watcher is left neutral rather than invented: no leader (DescribeGroups does
/// not name one), no generation for classic groups (nil: DescribeGroups has none), processing rate = the observed
/// commit rate.
///
/// Built once per refresh over every partition of every group (10,000 partitions × 200 groups is 100,000 pairs),
/// so nothing in the walk is hashed or searched per pair. Topic by topic, each group reading the topic goes over
/// the topic's partitions in order: its histories are then read slot after slot (a group's slots follow its
/// committed partitions), a few streams of memory at a time, rather than jumping between every reading group's
/// arrays for each partition. Each partition's list of group views grows by one view per group, in the order of
/// the snapshot's groups; the group's totals are added up in local variables on the way.
extension MonitorModel {
    /// A shown group as the walk needs it: its members by name and its track. A class, so that handing it to the
    /// walk over each of its topics shares it instead of copying (and retaining) every array of its track.
    private final class GroupWalk {
        let group: ObservedGroup
        let topics: [String]
        /// Sorted by name, as the groups pane lists them.
        let members: [ObservedMember]
        let memberNames: [String]
        /// The track's owners are indexes into the cluster's member order: each one's index in `members`.
        let shownIndex: [Int?]
        let track: GroupTrack
        /// False when another group has the same id, so the track's histories may be the other's commits.
        let trackIsTheirs: Bool

        init(
            group: ObservedGroup, topics: [String], members: [ObservedMember], memberNames: [String], shownIndex: [Int?],
            track: GroupTrack, trackIsTheirs: Bool
        ) {
            self.group = group
            self.topics = topics
            self.members = members
            self.memberNames = memberNames
            self.shownIndex = shownIndex
            self.track = track
            self.trackIsTheirs = trackIsTheirs
        }
    }

    /// A group's totals over its partitions so far, kept apart from its walk so that adding to them copies nothing.
    private struct GroupTotals {
        var lag: Int64 = 0
        var status: LagStatus?
        var memberLag: [Int64]
        var memberRate: [Double]
    }

    /// A group reading a topic: which walk, and the topic's committed partitions in the group's track (nil when it
    /// committed none), looked up once per group and topic.
    private struct Reader {
        var walk: Int
        var committed: GroupTrack.Topic?
    }

    /// - Parameters:
    ///   - label: what the header shows in place of a scenario name (`cluster 127.0.0.1:9092`).
    ///   - now: the monitor's clock, for stale data.
    ///   - rateWindow: rates older than this (no refresh moved them) count as 0.
    ///   - sourceStatus: the connection line (`connecting to …`, `stale 12s`), nil when all is well.
    public func snapshot(label: String, now: Millis, rateWindow: Millis, sourceStatus: String?) -> SimulationSnapshot {
        guard let observation = latest else {
            return SimulationSnapshot(
                scenarioName: label, seed: 0, time: now, produceRate: 0, consumeRate: 0, totalLag: 0, producersPaused: false,
                topics: [], groups: [], sourceStatus: sourceStatus, eventsHappened: events.happened)
        }
        // Each group's track holds exactly its committed partitions (so a history's last commit is the group's
        // committed offset) and its owners, unless two groups share an id.
        let idsAreUnique = Set(observation.groups.map(\.id)).count == observation.groups.count
        let shownGroups = observation.groups.filter { $0.protocolType == "consumer" || $0.protocolType.isEmpty }
        let walks = shownGroups.map { walk(of: $0, trackIsTheirs: idsAreUnique) }
        var totals = walks.map { walk in
            GroupTotals(
                memberLag: [Int64](repeating: 0, count: walk.members.count),
                memberRate: [Double](repeating: 0, count: walk.members.count))
        }
        let readers = readers(of: walks, in: observation)

        var topicViews: [TopicView] = []
        topicViews.reserveCapacity(observation.topics.count)
        var produceRate = 0.0
        for (t, topic) in observation.topics.enumerated() {
            let numbers = numbering.topicNumbers[t]
            // The topic's group views, a row per partition and a column per group reading it, filled column by column
            // and then moved (not copied) row by row into each partition's list. An internal topic is not shown, but
            // the groups reading it count its lag: it gets no columns.
            let width = topic.isInternal ? 0 : readers[t].count
            let table = UnsafeMutablePointer<PartitionGroupView>.allocate(capacity: topic.partitions.count * width)
            defer { table.deallocate() }
            for (column, reader) in readers[t].enumerated() {
                addViews(
                    of: walks[reader.walk], reading: reader, topic: topic, numbers: numbers, totals: &totals[reader.walk],
                    into: width == 0 ? nil : (table + column, width))
            }
            guard !topic.isInternal else { continue }
            let rates = numbers.map { partitionStates[$0].logEnds?.rate(now: observation.time, window: rateWindow) ?? 0 }
            let topicRate = rates.reduce(0, +)
            produceRate += topicRate
            let fairShare = topic.partitions.isEmpty ? 0 : topicRate / Double(topic.partitions.count)
            var partitionViews: [PartitionView] = []
            partitionViews.reserveCapacity(topic.partitions.count)
            for (i, partition) in topic.partitions.enumerated() {
                let rate = rates[i]
                partitionViews.append(
                    PartitionView(
                        partition: partition.partition, logStartOffset: partition.logStartOffset ?? 0,
                        logEndOffset: partition.logEndOffset ?? partitionStates[numbers[i]].logEnds?.samples.last?.logEndOffset
                            ?? 0,
                        produceRate: rate,
                        // The simulation's rule for a hot partition: well above its share of the topic's traffic.
                        isHot: topic.partitions.count > 1 && rate > 2 * fairShare && rate >= 10,
                        groups: Self.moving(width, from: table + i * width)))
            }
            topicViews.append(TopicView(name: topic.name, rate: topicRate, partitions: partitionViews))
        }
        let groupViews = zip(walks, totals).map(Self.groupView)
        // From the walks' copies of the tracks (a group without one has a new, empty track there): looking each
        // group's track up again would copy it out of the dictionary once more.
        let consumeRate = walks.reduce(0.0) { sum, walk in sum + walk.track.histories.commitRates.reduce(0, +) }
        return SimulationSnapshot(
            scenarioName: label, seed: 0, time: now, produceRate: produceRate, consumeRate: consumeRate,
            totalLag: groupViews.reduce(0) { $0.addingSaturating($1.lag) }, producersPaused: false, topics: topicViews,
            groups: groupViews,
            sourceStatus: sourceStatus, eventsHappened: events.happened)
    }

    private func walk(of group: ObservedGroup, trackIsTheirs: Bool) -> GroupWalk {
        let groupNames = names[group.id] ?? MemberNames()
        let members = group.members.sorted { groupNames.name($0.memberId) < groupNames.name($1.memberId) }
        let indexById = Dictionary(members.enumerated().map { ($1.memberId, $0) }, uniquingKeysWith: { a, _ in a })
        var track = tracks[group.id] ?? newTrack()
        if !trackIsTheirs {
            // Two groups share this id and the track's owners may be the other's: this group's from its own members.
            var numbering = self.numbering
            track.updateOwners(group.members, numbering: &numbering)
        }
        return GroupWalk(
            group: group, topics: group.topics, members: members, memberNames: members.map { groupNames.name($0.memberId) },
            shownIndex: group.members.map { indexById[$0.memberId] }, track: track, trackIsTheirs: trackIsTheirs)
    }

    /// The groups reading each metadata topic, in the order of the snapshot's groups.
    private func readers(of walks: [GroupWalk], in observation: ClusterObservation) -> [[Reader]] {
        let topicIndex = Dictionary(
            observation.topics.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        var readers = [[Reader]](repeating: [], count: observation.topics.count)
        for (g, walk) in walks.enumerated() {
            for name in walk.topics {
                guard let t = topicIndex[name] else { continue }
                readers[t].append(Reader(walk: g, committed: walk.track.topicIndex(name).map { walk.track.topics[$0] }))
            }
        }
        return readers
    }

    /// The group's view of each partition of `topic`, its lags and statuses added to the group's totals. A partition
    /// of a topic the cluster does not list has no log end, hence no lag, and adds nothing.
    /// - Parameter views: where the view of the topic's first partition goes, and how far apart the next ones are
    ///   (uninitialized memory, initialized here); nil for an internal topic, which is counted but not shown.
    private func addViews(
        of walk: GroupWalk, reading reader: Reader, topic: ObservedTopic, numbers: [Int], totals: inout GroupTotals,
        into views: (first: UnsafeMutablePointer<PartitionGroupView>, stride: Int)?
    ) {
        // What every pair reads, out of the walk once: the per-pair loop then indexes local arrays in slot order.
        let histories = walk.track.histories
        let verdicts = histories.verdicts
        let lastCommitted = histories.lastCommitted
        let commitRates = histories.commitRates
        let groupId = walk.group.id
        let memberNames = walk.memberNames
        let shownIndex = walk.shownIndex
        let committedPartitions = reader.committed?.partitions ?? []
        let committedSlots = reader.committed?.slots ?? []
        var owners = GroupTrack.OwnerCursor(walk.track.owners)
        var lag = totals.lag
        var status = totals.status
        var memberLag = totals.memberLag
        var memberRate = totals.memberRate
        // Taken out so that the additions below happen in place.
        totals.memberLag = []
        totals.memberRate = []
        for (i, partition) in topic.partitions.enumerated() {
            // The group's history slot and owner (index in `members`) of the partition, -1 for none.
            let slot = committedPartitions.partitionIndex(of: partition.partition).map { committedSlots[$0] } ?? -1
            let owner = owners.owner(of: numbers[i]).flatMap { shownIndex[$0] } ?? -1
            let committed: Int64?
            let verdict: CommitHistories.Verdict
            if walk.trackIsTheirs {
                // Judged when the refresh was taken in; a partition without a commit has nothing to judge.
                committed = slot < 0 ? nil : lastCommitted[slot]?.offset
                verdict = slot < 0 ? CommitHistories.Verdict() : verdicts[slot]
            } else {
                committed = walk.group.committedOffset(on: TopicPartition(topic.name, partition.partition))
                let state = partitionStates[numbers[i]]
                let judgement = judge(
                    committed: committed, logEnd: partition.logEndOffset, logEndHistory: state.logEnds,
                    recentEnds: state.recentEnds, window: slot < 0 ? nil : histories.windows.values(slot), now: latest?.time)
                verdict = CommitHistories.Verdict(
                    lag: judgement.lag, timeLagMs: judgement.timeLag?.millis, status: judgement.status)
            }
            // Saturating: a broker may answer log ends near Int64.max, whose lags would overflow a plain sum.
            lag = lag.addingSaturating(verdict.lag ?? 0)
            if let partitionStatus = verdict.status { status = max(status ?? partitionStatus, partitionStatus) }
            if owner >= 0 {
                memberLag[owner] = memberLag[owner].addingSaturating(verdict.lag ?? 0)
                memberRate[owner] += slot < 0 ? 0 : commitRates[slot]
            }
            guard let views else { continue }
            (views.first + i * views.stride).initialize(
                to: PartitionGroupView(
                    groupId: groupId, owner: owner < 0 ? nil : memberNames[owner],
                    ownership: owner < 0 ? .unassigned : .owned, committedOffset: committed, lag: verdict.lag,
                    timeLagMs: verdict.timeLagMs ?? 0, lagHistory: slot < 0 ? [] : histories.lagSamples(slot),
                    lagStatus: verdict.status))
        }
        totals.lag = lag
        totals.status = status
        totals.memberLag = memberLag
        totals.memberRate = memberRate
    }

    /// An array of the `count` views at `views`, moved into it: `views` is uninitialized memory afterwards.
    private static func moving(_ count: Int, from views: UnsafeMutablePointer<PartitionGroupView>) -> [PartitionGroupView] {
        guard count > 0 else { return [] }
        return [PartitionGroupView](unsafeUninitializedCapacity: count) { array, initialized in
            array.baseAddress?.moveInitialize(from: views, count: count)
            initialized = count
        }
    }

    /// The group's view, once its partitions are added up: its lag, its members' lags and rates, and its status.
    private static func groupView(_ walk: GroupWalk, _ totals: GroupTotals) -> GroupView {
        let group = walk.group
        let memberViews = walk.members.enumerated().map { i, member in
            MemberView(
                name: walk.memberNames[i], memberId: member.memberId, groupInstanceId: member.groupInstanceId,
                status: group.isRebalancing ? .joining : .stable, partitions: sorted(member.assignment ?? []),
                lag: totals.memberLag[i], processingRate: totals.memberRate[i], consumeRate: totals.memberRate[i],
                isLeader: false, clientId: member.clientId, host: member.host, isExternal: true, generation: group.epoch)
        }
        return GroupView(
            id: group.id, topics: walk.topics, state: group.state, generation: group.epoch, protocolName: group.assignor,
            configuredStrategy: group.assignor.flatMap { AssignmentStrategy(name: $0) } ?? .range, leader: nil,
            members: memberViews, lag: totals.lag,
            // Burrow rates a group by its worst partition.
            lagStatus: totals.status)
    }

    /// `partitions` in order; assignments usually come sorted already, which is checked rather than sorted again.
    private static func sorted(_ partitions: [TopicPartition]) -> [TopicPartition] {
        zip(partitions, partitions.dropFirst()).allSatisfy { $0 <= $1 } ? partitions : partitions.sorted()
    }
}
