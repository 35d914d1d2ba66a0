import GroupCore

extension Simulation {
    /// The HOST every simulated member reports (`kafka-consumer-groups.sh` prints the client's address, `/10.0.0.7`).
    public static let simulatedHost = "/sim"

    /// Everything a viewer shows, built from the coordinator's and the members' state now.
    public func snapshot() -> SimulationSnapshot {
        var owners: [[TopicPartition: (name: String, ownership: Ownership)]] = []
        for group in groups {
            var map: [TopicPartition: (String, Ownership)] = [:]
            for member in group.members {
                if let membership = member.membership, member.isAlive {
                    // A hung member whose poll timer expired has left the group: it owns nothing any more.
                    if member.process == .hung && Self.leftOnPollTimeout(membership) { continue }
                    // An eager member that knows a rebalance is on is about to give everything up.
                    let leaving = membership.rejoinNeeded && membership.rebalanceProtocol == .eager
                    for tp in membership.owned { map[tp] = (member.name, leaving ? .revoking : .owned) }
                } else {
                    // A crashed member owns its partitions until the coordinator notices; a live owner wins.
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
            let groupColumns = groups.indices.filter { groups[$0].spec.topics.contains(topic.name) }
            return TopicView(
                name: topic.name, rate: rate, producing: !producersPaused && rate > 0,
                partitions: topic.partitions.enumerated().map { p, partition in
                    let tp = TopicPartition(topic.name, Int32(p))
                    let partitionRate = partitionRates[t][p]
                    return PartitionView(
                        partition: Int32(p), logStartOffset: partition.logStartOffset, logEndOffset: partition.logEndOffset,
                        produceRate: partitionRate,
                        isHot: topic.partitions.count > 1 && partitionRate > 2 * fairShare && partitionRate >= 10,
                        groups: groupColumns.compactMap { g in
                            guard let statsIndex = groups[g].partitionIndex[tp] else { return nil }
                            let committed = coordinator.committedOffset(group: groups[g].spec.id, tp)
                            let owner = owners[g][tp]
                            let position = owner.flatMap { positionOf(group: g, member: $0.name, tp) }
                            let timeLagFrom = max(position ?? committed ?? partition.logStartOffset, partition.logStartOffset)
                            return PartitionGroupView(
                                groupId: groups[g].spec.id, owner: owner?.name, ownership: owner?.ownership ?? .unassigned,
                                committedOffset: committed, lag: committed.map { partition.logEndOffset - $0 },
                                timeLagMs: partition.timeLag(position: timeLagFrom, now: now),
                                lagHistory: groups[g].stats[statsIndex].lagHistory.values, position: position)
                        })
                })
        }
        let groupViews = groups.indices.map { g -> GroupView in
            let group = groups[g]
            let summary = coordinator.groupSummary(group.spec.id)
            let sessionDeadlines = summary?.sessionDeadlines ?? [:]
            var groupLag: Int64 = 0
            var lagByOwner: [String: Int64] = [:]
            // LOG-END-OFFSET − CURRENT-OFFSET where the group committed, as kafka-consumer-groups.sh sums it.
            for tp in group.partitions {
                guard let committed = coordinator.committedOffset(group: group.spec.id, tp),
                    let partition = log.partition(tp)
                else { continue }
                let l = partition.logEndOffset - committed
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
                    memberView(
                        member, lag: lagByOwner[member.name] ?? 0, leaderName: leaderName, sessionDeadlines: sessionDeadlines)
                },
                lag: groupLag)
        }
        return SimulationSnapshot(
            scenarioName: scenario.name, seed: scenario.seed, time: now, produceRate: producersPaused ? 0 : produceRate,
            consumeRate: consumeRate, totalLag: groupViews.reduce(0) { $0 + $1.lag }, producersPaused: producersPaused,
            topics: topics, groups: groupViews, sourceStatus: nil, eventsHappened: eventLog.count)
    }

    /// A member in the group left after its poll timer expired (Kafka's maybeLeaveGroup): no member id any more.
    static func leftOnPollTimeout(_ membership: ConsumerMembership) -> Bool {
        membership.state == .unjoined && membership.memberId.isEmpty && membership.generation < 0
    }

    private func positionOf(group g: Int, member name: String, _ tp: TopicPartition) -> Int64? {
        guard let m = groups[g].memberIndex(named: name) else { return nil }
        return groups[g].members[m].membership?.positions[tp]
    }

    private func memberView(
        _ member: MemberRuntime, lag: Int64, leaderName: String?, sessionDeadlines: [String: Millis]
    ) -> MemberView {
        var error: String?
        if case .failed(let message)? = member.membership?.state { error = message }
        var status = member.status
        var partitions = member.membership?.owned ?? member.frozenOwned
        if member.process == .hung, let membership = member.membership, Self.leftOnPollTimeout(membership) {
            status = .hungLeftGroup
            partitions = []
        }
        let memberId = member.membership?.memberId ?? member.crashedMemberId ?? ""
        let membership = member.membership
        let inGroup = membership.map { $0.state == .stable || $0.state == .syncing } ?? false
        return MemberView(
            name: member.name, memberId: memberId,
            groupInstanceId: member.membership?.config.groupInstanceId,
            status: status, partitions: partitions, lag: lag,
            processingRate: member.processingRate, consumeRate: member.consumeRate,
            isLeader: leaderName == member.name && member.isAlive, error: error,
            detectionInMs: detectionIn(member, sessionDeadlines: sessionDeadlines),
            clientId: member.clientId, host: Self.simulatedHost, isExternal: false,
            generation: membership.flatMap { $0.generation >= 0 ? $0.generation : nil },
            sessionExpiresInMs: sessionDeadlines[memberId].map { max(0, $0 - now) },
            pollTimeoutInMs: inGroup && member.process != .left
                ? membership.map { max(0, $0.lastPollAt + $0.config.maxPollIntervalMs - now) } : nil)
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
