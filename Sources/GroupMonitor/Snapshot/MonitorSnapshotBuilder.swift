import GroupCore
import GroupSim

/// The observed cluster as the dashboard's snapshot, so the simulation's panes show a real cluster unchanged.
/// What a real cluster cannot tell a watcher is left neutral rather than invented: no leader (DescribeGroups does
/// not name one), no generation for classic groups (nil: DescribeGroups has none), processing rate = the observed
/// commit rate.
///
/// Built once per refresh over every partition of every group (10,000 partitions × 200 groups is 100,000 pairs),
/// so it walks each group's topics partition by partition and looks each table up once per pair: the per-partition
/// tables once per partition, the per-group ones once per group.
extension MonitorModel {
    /// What one partition contributes to every group's view of it, looked up once.
    private struct PartitionFacts {
        var tp: TopicPartition
        var number: Int
        var observed: ObservedPartition
        var logEndHistory: LogEndHistory?
        var recentEnds: [Int64]?
    }

    /// One group's share of the snapshot: its view of each partition of each topic it reads (aligned with the
    /// topic's partitions), and its members' totals.
    private struct GroupWork {
        var view: GroupView
        var partitionViews: [String: [PartitionGroupView]]
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
        let facts: [String: [PartitionFacts]] = Dictionary(
            zip(observation.topics, numbering.topicNumbers).map { topic, numbers in
                (
                    topic.name,
                    zip(topic.partitions, numbers).map { p, n in
                        PartitionFacts(
                            tp: TopicPartition(topic.name, p.partition), number: n, observed: p,
                            logEndHistory: partitionStates[n].logEnds, recentEnds: partitionStates[n].recentEnds)
                    }
                )
            }, uniquingKeysWith: { a, _ in a })
        // Each group's histories hold exactly its committed partitions (so a history's last commit is the group's
        // committed offset) unless two groups share an id.
        let idsAreUnique = Set(observation.groups.map(\.id)).count == observation.groups.count
        let shownGroups = observation.groups.filter { $0.protocolType == "consumer" || $0.protocolType.isEmpty }
        let work = shownGroups.map { groupWork($0, topics: observation.topics, facts: facts, historiesHoldCommits: idsAreUnique) }
        let groupViews = work.map(\.view)

        var topicViews: [TopicView] = []
        var produceRate = 0.0
        for topic in observation.topics where !topic.isInternal {
            let partitionFacts = facts[topic.name] ?? []
            let rates = partitionFacts.map { $0.logEndHistory?.rate(now: observation.time, window: rateWindow) ?? 0 }
            let topicRate = rates.reduce(0, +)
            produceRate += topicRate
            let fairShare = topic.partitions.isEmpty ? 0 : topicRate / Double(topic.partitions.count)
            // The groups reading this topic, in the order of the snapshot's groups, each with its column of views.
            let columns = work.filter { $0.view.topics.contains(topic.name) }.map { $0.partitionViews[topic.name] ?? [] }
            let partitionViews = partitionFacts.indices.map { i in
                let p = partitionFacts[i].observed
                let rate = rates[i]
                return PartitionView(
                    partition: p.partition, logStartOffset: p.logStartOffset ?? 0,
                    logEndOffset: p.logEndOffset ?? partitionFacts[i].logEndHistory?.samples.last?.logEndOffset ?? 0,
                    produceRate: rate,
                    // The simulation's rule for a hot partition: well above its share of the topic's traffic.
                    isHot: topic.partitions.count > 1 && rate > 2 * fairShare && rate >= 10,
                    groups: columns.map { $0[i] })
            }
            topicViews.append(TopicView(name: topic.name, rate: topicRate, partitions: partitionViews))
        }
        let consumeRate = shownGroups.reduce(0.0) { sum, group in
            sum + (histories[group.id] ?? [:]).values.reduce(0.0) { $0 + $1.commitRate }
        }
        return SimulationSnapshot(
            scenarioName: label, seed: 0, time: now, produceRate: produceRate, consumeRate: consumeRate,
            totalLag: groupViews.reduce(0) { $0 + $1.lag }, producersPaused: false, topics: topicViews, groups: groupViews,
            sourceStatus: sourceStatus, eventsHappened: events.happened)
    }

    /// The group's view and its views of every partition of the topics it reads. Its lag, status and members' lags
    /// and rates add up what those partitions say (a partition of a topic the cluster does not list has no log end,
    /// hence no lag, and adds nothing).
    private func groupWork(
        _ group: ObservedGroup, topics: [ObservedTopic], facts: [String: [PartitionFacts]], historiesHoldCommits: Bool
    ) -> GroupWork {
        let groupNames = names[group.id] ?? MemberNames()
        let members = group.members.sorted { groupNames.name($0.memberId) < groupNames.name($1.memberId) }
        let memberNames = members.map { groupNames.name($0.memberId) }
        // Owner of each partition as `ObservedGroup.owners` has it (members in the cluster's order, the last claim
        // wins), as an index into `members`.
        let indexById = Dictionary(members.enumerated().map { ($1.memberId, $0) }, uniquingKeysWith: { a, _ in a })
        var ownerIndex: [TopicPartition: Int] = [:]
        for member in group.members {
            guard let index = indexById[member.memberId] else { continue }
            for tp in member.assignment ?? [] { ownerIndex[tp] = index }
        }
        let groupHistories = histories[group.id] ?? [:]
        var memberLag = [Int64](repeating: 0, count: members.count)
        var memberRate = [Double](repeating: 0, count: members.count)
        var groupLag: Int64 = 0
        var status: LagStatus?
        var partitionViews: [String: [PartitionGroupView]] = [:]
        let readTopics = Set(group.topics)
        for topic in topics where readTopics.contains(topic.name) {
            let partitionFacts = facts[topic.name] ?? []
            var column: [PartitionGroupView] = []
            column.reserveCapacity(partitionFacts.count)
            for fact in partitionFacts {
                let owner = ownerIndex[fact.tp]
                let history = groupHistories[fact.number]
                let committed = historiesHoldCommits ? history?.lastCommitted?.offset : group.committed[fact.tp]
                let position = position(
                    of: group, on: fact.tp, observed: fact.observed, logEndHistory: fact.logEndHistory,
                    recentEnds: fact.recentEnds, owner: owner.map { members[$0].memberId }, history: history,
                    committed: committed)
                groupLag += position.lag ?? 0
                if let partitionStatus = position.status { status = max(status ?? partitionStatus, partitionStatus) }
                if let owner {
                    memberLag[owner] += position.lag ?? 0
                    memberRate[owner] += history?.commitRate ?? 0
                }
                let ownerName = owner.map { memberNames[$0] }
                column.append(
                    PartitionGroupView(
                        groupId: group.id, owner: ownerName, ownership: ownerName == nil ? .unassigned : .owned,
                        committedOffset: position.committedOffset, lag: position.lag, timeLagMs: position.timeLagMs ?? 0,
                        lagHistory: history?.lagHistory ?? [], lagStatus: position.status))
            }
            partitionViews[topic.name] = column
        }
        let memberViews = members.enumerated().map { i, member in
            MemberView(
                name: memberNames[i], memberId: member.memberId, groupInstanceId: member.groupInstanceId,
                status: group.isRebalancing ? .joining : .stable, partitions: (member.assignment ?? []).sorted(),
                lag: memberLag[i], processingRate: memberRate[i], consumeRate: memberRate[i], isLeader: false,
                clientId: member.clientId, host: member.host, isExternal: true, generation: group.epoch)
        }
        let view = GroupView(
            id: group.id, topics: group.topics, state: group.state, generation: group.epoch, protocolName: group.assignor,
            configuredStrategy: group.assignor.flatMap { AssignmentStrategy(name: $0) } ?? .range, leader: nil,
            members: memberViews, lag: groupLag,
            // Burrow rates a group by its worst partition.
            lagStatus: status)
        return GroupWork(view: view, partitionViews: partitionViews)
    }
}
