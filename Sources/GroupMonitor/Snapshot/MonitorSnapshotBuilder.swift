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
    /// A shown group as the walk needs it: its members by name and its track.
    private struct GroupWalk {
        var group: ObservedGroup
        var topics: [String]
        /// Sorted by name, as the groups pane lists them.
        var members: [ObservedMember]
        var memberNames: [String]
        /// The track's owners are indexes into the cluster's member order: each one's index in `members`.
        var shownIndex: [Int?]
        var track: GroupTrack
        /// False when another group has the same id, so the track's histories may be the other's commits.
        var trackIsTheirs: Bool
    }

    /// A group's totals over its partitions so far, kept apart from its walk so that adding to them copies nothing.
    private struct GroupTotals {
        var lag: Int64 = 0
        var status: LagStatus?
        var memberLag: [Int64]
        var memberRate: [Double]
    }

    /// A group reading a topic: which walk, and for each of the topic's partitions (aligned with the metadata's) the
    /// group's history slot and owner, -1 for none: looked up once per group and topic, so that the walk over the
    /// partitions reads plain integers.
    private struct Reader {
        var walk: Int
        var slots: [Int]
        var owners: [Int]
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
            // An internal topic is not shown, but the groups reading it count its lag.
            var viewLists = [[PartitionGroupView]](repeating: [], count: topic.isInternal ? 0 : topic.partitions.count)
            for i in viewLists.indices { viewLists[i].reserveCapacity(readers[t].count) }
            for reader in readers[t] {
                addViews(
                    of: walks[reader.walk], reading: reader, topic: topic, numbers: numbers, totals: &totals[reader.walk],
                    into: &viewLists)
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
                        isHot: topic.partitions.count > 1 && rate > 2 * fairShare && rate >= 10, groups: viewLists[i]))
            }
            topicViews.append(TopicView(name: topic.name, rate: topicRate, partitions: partitionViews))
        }
        let groupViews = zip(walks, totals).map(Self.groupView)
        let consumeRate = shownGroups.reduce(0.0) { sum, group in
            sum + (tracks[group.id]?.histories.commitRates ?? []).reduce(0, +)
        }
        return SimulationSnapshot(
            scenarioName: label, seed: 0, time: now, produceRate: produceRate, consumeRate: consumeRate,
            totalLag: groupViews.reduce(0) { $0 + $1.lag }, producersPaused: false, topics: topicViews, groups: groupViews,
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
                let committed = walk.track.topicIndex(name).map { walk.track.topics[$0] }
                let slots = observation.topics[t].partitions.map { p in
                    committed.flatMap { c in c.partitions.partitionIndex(of: p.partition).map { c.slots[$0] } } ?? -1
                }
                let owners = Self.owners(of: numbering.topicNumbers[t], in: walk.track.owners).map { member in
                    member.flatMap { walk.shownIndex[$0] } ?? -1
                }
                readers[t].append(Reader(walk: g, slots: slots, owners: owners))
            }
        }
        return readers
    }

    /// The owner (index in the cluster's member order) of each of `numbers`, as `GroupTrack.owner(of:)` finds it:
    /// a topic's numbers come in ascending order, so one search finds the first and the rest follow by stepping
    /// through `owners` (sorted by number) alongside; a number lower than the one before is searched for again.
    private static func owners(of numbers: [Int], in owners: [GroupTrack.Owner]) -> [Int?] {
        var result: [Int?] = []
        result.reserveCapacity(numbers.count)
        var k = 0
        var previous = Int.max
        for n in numbers {
            if n < previous {
                // The first owner whose number is not below n.
                var high = owners.count
                k = 0
                while k < high {
                    let mid = k + (high - k) / 2
                    if owners[mid].number < n { k = mid + 1 } else { high = mid }
                }
            } else {
                while k < owners.count && owners[k].number < n { k += 1 }
            }
            result.append(k < owners.count && owners[k].number == n ? owners[k].member : nil)
            previous = n
        }
        return result
    }

    /// The group's view of each partition of `topic` appended to the partition's list (none for an internal topic),
    /// its lags and statuses added to the group's totals. A partition of a topic the cluster does not list has no
    /// log end, hence no lag, and adds nothing.
    private func addViews(
        of walk: GroupWalk, reading reader: Reader, topic: ObservedTopic, numbers: [Int], totals: inout GroupTotals,
        into viewLists: inout [[PartitionGroupView]]
    ) {
        // What every pair reads, out of the walk once: the per-pair loop then indexes local arrays in slot order.
        let histories = walk.track.histories
        let verdicts = histories.verdicts
        let lastCommitted = histories.lastCommitted
        let commitRates = histories.commitRates
        let groupId = walk.group.id
        let memberNames = walk.memberNames
        let slots = reader.slots
        let owners = reader.owners
        let noSamples: LagSamples = []
        var lag = totals.lag
        var status = totals.status
        var memberLag = totals.memberLag
        var memberRate = totals.memberRate
        // Taken out so that the additions below happen in place.
        totals.memberLag = []
        totals.memberRate = []
        for (i, partition) in topic.partitions.enumerated() {
            let slot = slots[i]
            let owner = owners[i]
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
            lag += verdict.lag ?? 0
            if let partitionStatus = verdict.status { status = max(status ?? partitionStatus, partitionStatus) }
            var ownerName: String?
            if owner >= 0 {
                memberLag[owner] += verdict.lag ?? 0
                memberRate[owner] += slot < 0 ? 0 : commitRates[slot]
                ownerName = memberNames[owner]
            }
            guard !topic.isInternal else { continue }
            viewLists[i].append(
                PartitionGroupView(
                    groupId: groupId, owner: ownerName, ownership: ownerName == nil ? .unassigned : .owned,
                    committedOffset: committed, lag: verdict.lag, timeLagMs: verdict.timeLagMs ?? 0,
                    lagHistory: slot < 0 ? noSamples : histories.lagSamples(slot), lagStatus: verdict.status))
        }
        totals.lag = lag
        totals.status = status
        totals.memberLag = memberLag
        totals.memberRate = memberRate
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
