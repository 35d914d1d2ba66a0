import GroupCore
import GroupSim

/// The observed cluster as the dashboard's snapshot, so the simulation's panes show a real cluster unchanged.
/// What a real cluster cannot tell a watcher is left neutral rather than invented: no leader (DescribeGroups does
/// not name one), no generation for classic groups (nil: DescribeGroups has none), processing rate = the observed
/// commit rate.
///
/// Built once per refresh over every partition of every group (10,000 partitions × 200 groups is 100,000 pairs),
/// so nothing in the walk is hashed per pair: partitions are read by their number, each group's owner and history
/// by binary search in its track, and each (group, partition) view is made once, straight into the partition's
/// list of group views.
extension MonitorModel {
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
        let groupTopics = shownGroups.map(\.topics)
        // Per topic and partition, the views of the groups reading it, in the order of the snapshot's groups; each
        // list made as long as the topic's readers at once rather than grown view by view.
        let topicIndex = Dictionary(
            observation.topics.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        var readers = [Int](repeating: 0, count: observation.topics.count)
        for names in groupTopics { for name in names { if let t = topicIndex[name] { readers[t] += 1 } } }
        var partitionGroups: [[[PartitionGroupView]]] = observation.topics.indices.map { t in
            observation.topics[t].partitions.map { _ in
                var views: [PartitionGroupView] = []
                views.reserveCapacity(readers[t])
                return views
            }
        }
        // Each partition's log-end histories, read out once per partition rather than once per group reading it.
        let logEnds = observation.topics.indices.map { t in
            numbering.topicNumbers[t].map { (history: partitionStates[$0].logEnds, recent: partitionStates[$0].recentEnds) }
        }
        let groupViews = shownGroups.indices.map { g in
            groupView(
                shownGroups[g], reading: groupTopics[g], topics: observation.topics, topicIndex: topicIndex, logEnds: logEnds,
                tracksAreTheirs: idsAreUnique, into: &partitionGroups)
        }

        var topicViews: [TopicView] = []
        var produceRate = 0.0
        for (t, topic) in observation.topics.enumerated() where !topic.isInternal {
            let rates = logEnds[t].map { $0.history?.rate(now: observation.time, window: rateWindow) ?? 0 }
            let topicRate = rates.reduce(0, +)
            produceRate += topicRate
            let fairShare = topic.partitions.isEmpty ? 0 : topicRate / Double(topic.partitions.count)
            let partitionViews = topic.partitions.indices.map { i in
                let p = topic.partitions[i]
                let rate = rates[i]
                return PartitionView(
                    partition: p.partition, logStartOffset: p.logStartOffset ?? 0,
                    logEndOffset: p.logEndOffset ?? logEnds[t][i].history?.samples.last?.logEndOffset ?? 0, produceRate: rate,
                    // The simulation's rule for a hot partition: well above its share of the topic's traffic.
                    isHot: topic.partitions.count > 1 && rate > 2 * fairShare && rate >= 10,
                    groups: partitionGroups[t][i])
            }
            topicViews.append(TopicView(name: topic.name, rate: topicRate, partitions: partitionViews))
        }
        let consumeRate = shownGroups.reduce(0.0) { sum, group in
            sum + (tracks[group.id]?.histories.commitRates ?? []).reduce(0, +)
        }
        return SimulationSnapshot(
            scenarioName: label, seed: 0, time: now, produceRate: produceRate, consumeRate: consumeRate,
            totalLag: groupViews.reduce(0) { $0 + $1.lag }, producersPaused: false, topics: topicViews, groups: groupViews,
            sourceStatus: sourceStatus, eventsHappened: events.happened)
    }

    /// The group's view, after adding its view of every partition of the topics it reads to `partitionGroups`. Its
    /// lag, status and members' lags and rates add up what those partitions say (a partition of a topic the cluster
    /// does not list has no log end, hence no lag, and adds nothing).
    private func groupView(
        _ group: ObservedGroup, reading groupTopics: [String], topics: [ObservedTopic], topicIndex: [String: Int],
        logEnds: [[(history: LogEndHistory?, recent: [Int64]?)]],
        tracksAreTheirs: Bool, into partitionGroups: inout [[[PartitionGroupView]]]
    ) -> GroupView {
        let groupNames = names[group.id] ?? MemberNames()
        let members = group.members.sorted { groupNames.name($0.memberId) < groupNames.name($1.memberId) }
        let memberNames = members.map { groupNames.name($0.memberId) }
        // The track's owners are indexes into the cluster's member order; the views list members by name.
        let indexById = Dictionary(members.enumerated().map { ($1.memberId, $0) }, uniquingKeysWith: { a, _ in a })
        let shownIndex = group.members.map { indexById[$0.memberId] }
        var track = tracks[group.id] ?? newTrack()
        if !tracksAreTheirs {
            // Two groups share this id and the track's owners may be the other's: this group's from its own members.
            var numbering = self.numbering
            track.updateOwners(group.members, numbering: &numbering)
        }
        var memberLag = [Int64](repeating: 0, count: members.count)
        var memberRate = [Double](repeating: 0, count: members.count)
        var groupLag: Int64 = 0
        var status: LagStatus?
        // The metadata's topics the group reads, by index, in the metadata's order (both are sorted by name).
        for t in groupTopics.compactMap({ topicIndex[$0] }) {
            let topic = topics[t]
            let committedTopic = track.topicIndex(topic.name)
            for (i, partition) in topic.partitions.enumerated() {
                let n = numbering.topicNumbers[t][i]
                let owner = track.owner(of: n).flatMap { shownIndex[$0] }
                let slot = committedTopic.flatMap { track.slot(topicIndex: $0, partition: partition.partition) }
                let committed =
                    tracksAreTheirs
                    ? slot.flatMap { track.histories.lastCommitted[$0]?.offset }
                    : group.committedOffset(on: TopicPartition(topic.name, partition.partition))
                let judgement = judge(
                    committed: committed, logEnd: partition.logEndOffset, logEndHistory: logEnds[t][i].history,
                    recentEnds: logEnds[t][i].recent, window: slot.map { track.histories.windows.values($0) })
                groupLag += judgement.lag ?? 0
                if let partitionStatus = judgement.status { status = max(status ?? partitionStatus, partitionStatus) }
                if let owner {
                    memberLag[owner] += judgement.lag ?? 0
                    memberRate[owner] += slot.map { track.histories.commitRates[$0] } ?? 0
                }
                let ownerName = owner.map { memberNames[$0] }
                partitionGroups[t][i].append(
                    PartitionGroupView(
                        groupId: group.id, owner: ownerName, ownership: ownerName == nil ? .unassigned : .owned,
                        committedOffset: committed, lag: judgement.lag, timeLagMs: judgement.timeLag?.millis ?? 0,
                        lagHistory: slot.map { track.histories.lags.array($0) } ?? [], lagStatus: judgement.status))
            }
        }
        let memberViews = members.enumerated().map { i, member in
            MemberView(
                name: memberNames[i], memberId: member.memberId, groupInstanceId: member.groupInstanceId,
                status: group.isRebalancing ? .joining : .stable, partitions: Self.sorted(member.assignment ?? []),
                lag: memberLag[i], processingRate: memberRate[i], consumeRate: memberRate[i], isLeader: false,
                clientId: member.clientId, host: member.host, isExternal: true, generation: group.epoch)
        }
        return GroupView(
            id: group.id, topics: groupTopics, state: group.state, generation: group.epoch, protocolName: group.assignor,
            configuredStrategy: group.assignor.flatMap { AssignmentStrategy(name: $0) } ?? .range, leader: nil,
            members: memberViews, lag: groupLag,
            // Burrow rates a group by its worst partition.
            lagStatus: status)
    }

    /// `partitions` in order; assignments usually come sorted already, which is checked rather than sorted again.
    private static func sorted(_ partitions: [TopicPartition]) -> [TopicPartition] {
        zip(partitions, partitions.dropFirst()).allSatisfy { $0 <= $1 } ? partitions : partitions.sorted()
    }
}
