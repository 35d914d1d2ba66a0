import GroupCore
import GroupSim

/// The observed cluster as the dashboard's snapshot, so the simulation's panes show a real cluster unchanged.
/// What a real cluster cannot tell a watcher is left neutral rather than invented: no leader (DescribeGroups does
/// not name one), no generation for classic groups (nil: DescribeGroups has none), processing rate = the observed
/// commit rate.
///
/// Built once per refresh over every partition of every group (10,000 partitions × 200 groups is 100,000 pairs),
/// so nothing in the walk is hashed per pair: it goes partition by partition, and for each the groups reading its
/// topic, finding each group's owner and history by binary search in its track; each partition's list of group views
/// is made in one go, and each group's totals are added up on the way.
extension MonitorModel {
    /// A shown group as the walk needs it: its members by name, its track, and the totals of its partitions so far.
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
        var walks = shownGroups.map { walk(of: $0, trackIsTheirs: idsAreUnique) }
        // The groups reading each metadata topic, in the order of the snapshot's groups.
        let topicIndex = Dictionary(
            observation.topics.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        var readers = [[Reader]](repeating: [], count: observation.topics.count)
        for (g, walk) in walks.enumerated() {
            for name in walk.topics {
                guard let t = topicIndex[name] else { continue }
                let committed = walk.track.topicIndex(name).map { walk.track.topics[$0] }
                let partitions = observation.topics[t].partitions
                let slots = partitions.map { p in
                    committed.flatMap { c in c.partitions.partitionIndex(of: p.partition).map { c.slots[$0] } } ?? -1
                }
                let owners = numbering.topicNumbers[t].map { n in
                    walk.track.owner(of: n).flatMap { walk.shownIndex[$0] } ?? -1
                }
                readers[t].append(Reader(walk: g, slots: slots, owners: owners))
            }
        }

        var topicViews: [TopicView] = []
        var produceRate = 0.0
        for (t, topic) in observation.topics.enumerated() {
            let numbers = numbering.topicNumbers[t]
            // An internal topic is not shown, but the groups reading it count its lag.
            var partitionViews: [PartitionView] = []
            var rates: [Double] = []
            var topicRate = 0.0
            if !topic.isInternal {
                rates = numbers.map { partitionStates[$0].logEnds?.rate(now: observation.time, window: rateWindow) ?? 0 }
                topicRate = rates.reduce(0, +)
                produceRate += topicRate
                partitionViews.reserveCapacity(topic.partitions.count)
            }
            let fairShare = topic.partitions.isEmpty ? 0 : topicRate / Double(topic.partitions.count)
            for (i, partition) in topic.partitions.enumerated() {
                let n = numbers[i]
                let logEndHistory = partitionStates[n].logEnds
                let recentEnds = partitionStates[n].recentEnds
                var groupViews: [PartitionGroupView] = []
                groupViews.reserveCapacity(readers[t].count)
                for r in readers[t].indices {
                    let slot = readers[t][r].slots[i]
                    let owner = readers[t][r].owners[i]
                    groupViews.append(
                        view(
                            of: &walks[readers[t][r].walk], on: partition, topic: topic.name, slot: slot < 0 ? nil : slot,
                            owner: owner < 0 ? nil : owner, logEndHistory: logEndHistory, recentEnds: recentEnds))
                }
                guard !topic.isInternal else { continue }
                let rate = rates[i]
                partitionViews.append(
                    PartitionView(
                        partition: partition.partition, logStartOffset: partition.logStartOffset ?? 0,
                        logEndOffset: partition.logEndOffset ?? logEndHistory?.samples.last?.logEndOffset ?? 0,
                        produceRate: rate,
                        // The simulation's rule for a hot partition: well above its share of the topic's traffic.
                        isHot: topic.partitions.count > 1 && rate > 2 * fairShare && rate >= 10, groups: groupViews))
            }
            if !topic.isInternal { topicViews.append(TopicView(name: topic.name, rate: topicRate, partitions: partitionViews)) }
        }
        let groupViews = walks.map(Self.groupView)
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
            shownIndex: group.members.map { indexById[$0.memberId] }, track: track, trackIsTheirs: trackIsTheirs,
            memberLag: [Int64](repeating: 0, count: members.count), memberRate: [Double](repeating: 0, count: members.count))
    }

    /// The group's view of one partition, its lag and status added to the group's totals. A partition of a topic the
    /// cluster does not list has no log end, hence no lag, and adds nothing.
    private func view(
        of walk: inout GroupWalk, on partition: ObservedPartition, topic: String, slot: Int?, owner: Int?,
        logEndHistory: LogEndHistory?, recentEnds: [Int64]?
    ) -> PartitionGroupView {
        // The track is read in place: a copy of it per pair would retain each of its arrays 100,000 times.
        let committed: Int64?
        let verdict: CommitHistories.Verdict
        if walk.trackIsTheirs {
            // Judged when the refresh was taken in; a partition without a commit has nothing to judge.
            committed = slot.flatMap { walk.track.histories.lastCommitted[$0]?.offset }
            verdict = slot.map { walk.track.histories.verdicts[$0] } ?? CommitHistories.Verdict()
        } else {
            committed = walk.group.committedOffset(on: TopicPartition(topic, partition.partition))
            let judgement = judge(
                committed: committed, logEnd: partition.logEndOffset, logEndHistory: logEndHistory, recentEnds: recentEnds,
                window: slot.map { walk.track.histories.windows.values($0) }, now: latest?.time)
            verdict = CommitHistories.Verdict(
                lag: judgement.lag, timeLagMs: judgement.timeLag?.millis, status: judgement.status)
        }
        walk.lag += verdict.lag ?? 0
        if let partitionStatus = verdict.status { walk.status = max(walk.status ?? partitionStatus, partitionStatus) }
        if let owner {
            walk.memberLag[owner] += verdict.lag ?? 0
            walk.memberRate[owner] += slot.map { walk.track.histories.commitRates[$0] } ?? 0
        }
        let ownerName = owner.map { walk.memberNames[$0] }
        return PartitionGroupView(
            groupId: walk.group.id, owner: ownerName, ownership: ownerName == nil ? .unassigned : .owned,
            committedOffset: committed, lag: verdict.lag, timeLagMs: verdict.timeLagMs ?? 0,
            lagHistory: slot.map { walk.track.histories.lagSamples($0) } ?? [], lagStatus: verdict.status)
    }

    /// The group's view, once its partitions are added up: its lag, its members' lags and rates, and its status.
    private static func groupView(_ walk: GroupWalk) -> GroupView {
        let group = walk.group
        let memberViews = walk.members.enumerated().map { i, member in
            MemberView(
                name: walk.memberNames[i], memberId: member.memberId, groupInstanceId: member.groupInstanceId,
                status: group.isRebalancing ? .joining : .stable, partitions: sorted(member.assignment ?? []),
                lag: walk.memberLag[i], processingRate: walk.memberRate[i], consumeRate: walk.memberRate[i],
                isLeader: false, clientId: member.clientId, host: member.host, isExternal: true, generation: group.epoch)
        }
        return GroupView(
            id: group.id, topics: walk.topics, state: group.state, generation: group.epoch, protocolName: group.assignor,
            configuredStrategy: group.assignor.flatMap { AssignmentStrategy(name: $0) } ?? .range, leader: nil,
            members: memberViews, lag: walk.lag,
            // Burrow rates a group by its worst partition.
            lagStatus: walk.status)
    }

    /// `partitions` in order; assignments usually come sorted already, which is checked rather than sorted again.
    private static func sorted(_ partitions: [TopicPartition]) -> [TopicPartition] {
        zip(partitions, partitions.dropFirst()).allSatisfy { $0 <= $1 } ? partitions : partitions.sorted()
    }
}
