import GroupCore
import GroupSim

/// The observed cluster as the dashboard's snapshot, so the simulation's panes show a real cluster unchanged.
/// What a real cluster cannot tell a watcher is left neutral rather than invented: no leader (DescribeGroups does
/// not name one), no generation for classic groups (nil: DescribeGroups has none), processing rate = the observed
/// commit rate.
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
                topics: [], groups: [], sourceStatus: sourceStatus, eventsHappened: events.count)
        }
        let shownGroups = observation.groups.filter { $0.protocolType == "consumer" || $0.protocolType.isEmpty }
        var groupViews: [GroupView] = []
        var positionsByGroup: [String: [TopicPartition: GroupPartitionPosition]] = [:]
        for group in shownGroups {
            var byPartition: [TopicPartition: GroupPartitionPosition] = [:]
            for tp in partitions(of: group) { byPartition[tp] = position(of: group, on: tp) }
            positionsByGroup[group.id] = byPartition
            groupViews.append(groupView(group, positions: byPartition, now: observation.time, rateWindow: rateWindow))
        }
        var topicViews: [TopicView] = []
        var produceRate = 0.0
        for topic in observation.topics where !topic.isInternal {
            let rates = topic.partitions.map {
                logEnds[TopicPartition(topic.name, $0.partition)]?.rate(now: observation.time, window: rateWindow) ?? 0
            }
            let topicRate = rates.reduce(0, +)
            produceRate += topicRate
            let fairShare = topic.partitions.isEmpty ? 0 : topicRate / Double(topic.partitions.count)
            let readers = groupViews.filter { $0.topics.contains(topic.name) }
            let partitionViews = zip(topic.partitions, rates).map { p, rate in
                let tp = TopicPartition(topic.name, p.partition)
                let history = logEnds[tp]?.samples.last?.logEndOffset
                return PartitionView(
                    partition: p.partition, logStartOffset: p.logStartOffset ?? 0, logEndOffset: p.logEndOffset ?? history ?? 0,
                    produceRate: rate,
                    // The simulation's rule for a hot partition: well above its share of the topic's traffic.
                    isHot: topic.partitions.count > 1 && rate > 2 * fairShare && rate >= 10,
                    groups: readers.map { reader in
                        partitionGroupView(reader.id, tp, positionsByGroup[reader.id]?[tp])
                    })
            }
            topicViews.append(TopicView(name: topic.name, rate: topicRate, partitions: partitionViews))
        }
        let consumeRate = shownGroups.reduce(0.0) { sum, group in
            sum + (positions[group.id] ?? [:]).keys.reduce(0.0) { $0 + commitRate(group: group.id, partition: $1) }
        }
        return SimulationSnapshot(
            scenarioName: label, seed: 0, time: now, produceRate: produceRate, consumeRate: consumeRate,
            totalLag: groupViews.reduce(0) { $0 + $1.lag }, producersPaused: false, topics: topicViews, groups: groupViews,
            sourceStatus: sourceStatus, eventsHappened: events.count)
    }

    private func partitionGroupView(_ groupId: String, _ tp: TopicPartition, _ position: GroupPartitionPosition?)
        -> PartitionGroupView
    {
        let owner = position?.ownerMemberId.map { memberName(group: groupId, memberId: $0) }
        return PartitionGroupView(
            groupId: groupId, owner: owner, ownership: owner == nil ? .unassigned : .owned,
            committedOffset: position?.committedOffset, lag: position?.lag, timeLagMs: position?.timeLagMs ?? 0,
            lagHistory: lagHistory(group: groupId, partition: tp), lagStatus: position?.status)
    }

    private func groupView(
        _ group: ObservedGroup, positions: [TopicPartition: GroupPartitionPosition], now: Millis, rateWindow: Millis
    ) -> GroupView {
        let members = group.members.sorted {
            memberName(group: group.id, memberId: $0.memberId) < memberName(group: group.id, memberId: $1.memberId)
        }
        .map { member -> MemberView in
            let owned = (member.assignment ?? []).sorted()
            let lag = owned.reduce(Int64(0)) { $0 + (positions[$1]?.lag ?? 0) }
            let rate = owned.reduce(0.0) { $0 + commitRate(group: group.id, partition: $1) }
            return MemberView(
                name: memberName(group: group.id, memberId: member.memberId), memberId: member.memberId,
                groupInstanceId: member.groupInstanceId, status: group.isRebalancing ? .joining : .stable,
                partitions: owned, lag: lag, processingRate: rate, consumeRate: rate, isLeader: false,
                clientId: member.clientId, host: member.host, isExternal: true, generation: group.epoch)
        }
        return GroupView(
            id: group.id, topics: group.topics, state: group.state, generation: group.epoch, protocolName: group.assignor,
            configuredStrategy: group.assignor.flatMap { AssignmentStrategy(name: $0) } ?? .range, leader: nil,
            members: members, lag: positions.values.reduce(0) { $0 + ($1.lag ?? 0) },
            // Burrow rates a group by its worst partition.
            lagStatus: positions.values.compactMap(\.status).max())
    }
}
