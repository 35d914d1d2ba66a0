import GroupCore

extension Simulation {
    /// Everything a viewer shows, built from the coordinator's and the members' state now.
    public func snapshot() -> SimulationSnapshot {
        var owners: [[TopicPartition: (name: String, ownership: Ownership)]] = []
        for group in groups {
            var map: [TopicPartition: (String, Ownership)] = [:]
            for member in group.members {
                if let membership = member.membership, member.isAlive {
                    // An eager member that knows a rebalance is on is about to give everything up.
                    let leaving = membership.rejoinNeeded && membership.rebalanceProtocol == .eager
                    for tp in membership.owned { map[tp] = (member.name, leaving ? .revoking : .owned) }
                } else {
                    for tp in member.frozenOwned where map[tp] == nil { map[tp] = (member.name, .owned) }
                }
                if member.process == .hung {
                    for tp in member.frozenOwned where map[tp] == nil { map[tp] = (member.name, .owned) }
                }
            }
            owners.append(map)
        }
        let topics = log.topics.enumerated().map { t, topic in
            let rate =
                producers.first(where: { $0.topicIndex == t }).map { $0.accumulator.pattern.rate(at: now) }
                ?? 0
            let total = partitionRates[t].reduce(0, +)
            let fairShare = total / Double(max(topic.partitions.count, 1))
            return TopicView(
                name: topic.name, rate: rate,
                partitions: topic.partitions.enumerated().map { p, partition in
                    let tp = TopicPartition(topic.name, Int32(p))
                    let partitionRate = partitionRates[t][p]
                    return PartitionView(
                        partition: Int32(p), logStartOffset: partition.logStartOffset, logEndOffset: partition.logEndOffset,
                        produceRate: partitionRate,
                        isHot: topic.partitions.count > 1 && partitionRate > 2 * fairShare && partitionRate >= 10,
                        groups: groups.indices.filter { groups[$0].partitionIndex[tp] != nil }.map { g in
                            let committed = coordinator.committedOffset(group: groups[g].spec.id, tp)
                            let owner = owners[g][tp]
                            return PartitionGroupView(
                                groupId: groups[g].spec.id, owner: owner?.name, ownership: owner?.ownership ?? .unassigned,
                                committedOffset: committed, lag: partition.lag(committed: committed),
                                timeLagMs: partition.timeLag(position: partition.resumePosition(committed: committed), now: now),
                                lagHistory: groups[g].stats[groups[g].partitionIndex[tp]!].lagHistory.values)
                        })
                })
        }
        let groupViews = groups.indices.map { g -> GroupView in
            let group = groups[g]
            let summary = coordinator.groupSummary(group.spec.id)
            var groupLag: Int64 = 0
            var lagByOwner: [String: Int64] = [:]
            for tp in group.partitions {
                let l = lag(group: g, tp)
                groupLag += l
                if let owner = owners[g][tp]?.name { lagByOwner[owner, default: 0] += l }
            }
            let leaderName = summary?.leaderId.map(name)
            return GroupView(
                id: group.spec.id, topics: group.spec.topics, state: (summary?.state ?? .empty).rawValue,
                generation: summary?.generationId ?? 0, protocolName: summary?.protocolName,
                configuredStrategy: group.pendingStrategy ?? group.spec.config.partitionAssignmentStrategy.first ?? .range,
                leader: leaderName,
                members: group.members.map { member in
                    var error: String?
                    if case .failed(let message)? = member.membership?.state { error = message }
                    let partitions = member.membership?.owned ?? member.frozenOwned
                    return MemberView(
                        name: member.name, memberId: member.membership?.memberId ?? "",
                        groupInstanceId: member.membership?.config.groupInstanceId,
                        status: member.status, partitions: partitions, lag: lagByOwner[member.name] ?? 0,
                        processingRate: member.processingRate, consumeRate: member.consumeRate,
                        isLeader: leaderName == member.name && member.isAlive, error: error,
                        detectionInMs: detectionIn(member, sessionDeadlines: summary?.sessionDeadlines ?? [:]))
                },
                lag: groupLag)
        }
        return SimulationSnapshot(
            scenarioName: scenario.name, seed: scenario.seed, time: now, produceRate: producersPaused ? 0 : produceRate,
            consumeRate: consumeRate, totalLag: groupViews.reduce(0) { $0 + $1.lag }, producersPaused: producersPaused,
            topics: topics, groups: groupViews)
    }

    /// How long until the group notices a failed member: its session expiry when it crashed or is paused
    /// (and has not been removed yet), its poll timeout when it hangs.
    private func detectionIn(_ member: MemberRuntime, sessionDeadlines: [String: Millis]) -> Millis? {
        switch member.process {
        case .crashed:
            return member.crashedMemberId.flatMap { sessionDeadlines[$0] }.map { max(0, $0 - now) }
        case .paused:
            return member.membership.flatMap { sessionDeadlines[$0.memberId] }.map { max(0, $0 - now) }
        case .hung:
            guard let membership = member.membership, membership.state == .stable || membership.state == .syncing else {
                return nil
            }
            return max(0, membership.lastPollAt + membership.config.maxPollIntervalMs - now)
        case .running, .left:
            return nil
        }
    }
}
