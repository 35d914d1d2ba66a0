import GroupCore

extension Simulation {
    /// The HOST every simulated member reports (`kafka-consumer-groups.sh` prints the client's address, `/10.0.0.7`).
    public static let simulatedHost = "/sim"

    /// Everything a viewer shows, built from the coordinator's and the members' state now.
    /// Built per group into arrays aligned with the group's partitions (no per-partition hashing of member names),
    /// so a frame of 10,000 partitions × 20 groups stays cheap.
    public func snapshot() -> SimulationSnapshot {
        let perGroup = groups.indices.map { g in
            defer { pausePoint() }
            return groupPartitionState(g)
        }
        let topics = log.topics.enumerated().map { t, topic in
            defer { pausePoint() }
            let rate =
                producers.first(where: { $0.topicIndex == t }).map { $0.accumulator.pattern.rate(at: now) }
                ?? 0
            let rates = partitionRates[t]
            let total = rates.reduce(0, +)
            let fairShare = total / Double(max(topic.partitions.count, 1))
            // The groups reading this topic, and where the topic's partition 0 sits in each group's arrays.
            let columns: [(g: Int, base: Int)] = groups.indices.compactMap { g in
                groups[g].partitionIndex[TopicPartition(topic.name, 0)].map { (g, $0) }
            }
            // Column by column (each group's arrays bound once), then partition rows.
            var views = [[PartitionGroupView]](repeating: [], count: topic.partitions.count)
            for p in views.indices { views[p].reserveCapacity(columns.count) }
            for column in columns {
                let state = perGroup[column.g]
                let (id, owners, ownerships, positions, committedOffsets) =
                    (state.id, state.owner, state.ownership, state.position, state.committed)
                for p in topic.partitions.indices {
                    let i = column.base + p
                    let committed = committedOffsets[i]
                    let position = positions[i]
                    // Offsets read in place; the partition's time marks are searched only when it is behind.
                    let (start, end) = log.offsets(topic: t, partition: p)
                    let timeLagFrom = max(position ?? committed ?? start, start)
                    let timeLag = timeLagFrom >= end ? 0 : log.topics[t].partitions[p].timeLag(position: timeLagFrom, now: now)
                    views[p].append(
                        PartitionGroupView(
                            groupId: id, owner: owners[i], ownership: ownerships[i],
                            committedOffset: committed, lag: PartitionLog.consumerLag(logEndOffset: end, committed: committed),
                            timeLagMs: timeLag,
                            lagHistory: groups[column.g].stats[i].lagHistory.sharedValues(), position: position))
                }
            }
            var partitions: [PartitionView] = []
            partitions.reserveCapacity(topic.partitions.count)
            for p in topic.partitions.indices {
                let partitionRate = rates[p]
                let (start, end) = log.offsets(topic: t, partition: p)
                partitions.append(
                    PartitionView(
                        partition: Int32(p), logStartOffset: start, logEndOffset: end,
                        produceRate: partitionRate,
                        isHot: topic.partitions.count > 1 && partitionRate > 2 * fairShare && partitionRate >= 10,
                        groups: views[p]))
            }
            return TopicView(
                name: topic.name, rate: rate, producing: !producersPaused && rate > 0,
                isExternal: !isScenarioTopic(t), partitions: partitions)
        }
        let groupViews = groups.indices.map { g -> GroupView in
            defer { pausePoint() }
            let group = groups[g]
            let state = perGroup[g]
            let summary = coordinator.groupSummary(group.spec.id)
            let sessionDeadlines = summary?.sessionDeadlines ?? [:]
            // LOG-END-OFFSET − CURRENT-OFFSET where the group committed, as kafka-consumer-groups.sh sums it.
            var groupLag: Int64 = 0
            var lagByOwner = [Int64](repeating: 0, count: group.members.count)
            let places = logPlaces(group: g)
            for i in group.partitions.indices {
                guard let place = places[i],
                    let l = PartitionLog.consumerLag(
                        logEndOffset: log.offsets(topic: place.topic, partition: place.partition).end,
                        committed: state.committed[i])
                else { continue }
                groupLag = groupLag.addingSaturating(l)
                if let owner = state.ownerMember[i] { lagByOwner[owner] = lagByOwner[owner].addingSaturating(l) }
            }
            let leaderName = summary?.leaderId.map(name)
            return GroupView(
                id: group.spec.id, topics: group.spec.topics, state: (summary?.state ?? .empty).rawValue,
                generation: summary?.generationId ?? 0, protocolName: summary?.protocolName,
                configuredStrategy: group.pendingStrategy ?? group.spec.config.partitionAssignmentStrategy.first ?? .range,
                leader: leaderName,
                members: group.members.indices.map { m in
                    memberView(group.members[m], lag: lagByOwner[m], leaderName: leaderName, sessionDeadlines: sessionDeadlines)
                },
                lag: groupLag)
        }
        return SimulationSnapshot(
            scenarioName: scenario.name, seed: scenario.seed, time: now, produceRate: producersPaused ? 0 : produceRate,
            consumeRate: consumeRate, totalLag: groupViews.reduce(0) { $0.addingSaturating($1.lag) },
            producersPaused: producersPaused,
            topics: topics, groups: groupViews, sourceStatus: nil, eventsHappened: eventLog.happened)
    }

    /// One group's view of its partitions, aligned with `GroupRuntime.partitions`.
    struct GroupPartitionState {
        var id: String
        var owner: [String?]
        /// The owner's index in the group's members (the same member as `owner`).
        var ownerMember: [Int?]
        var ownership: [Ownership]
        var position: [Int64?]
        var committed: [Int64?]
    }

    /// Who owns each of the group's partitions, where its owner reads, and what the group committed.
    /// A live member's partitions are read from its slots (indexes and positions resolved once per change, the same
    /// ones its fetch loop uses), so a frame does not hash every owned partition twice.
    func groupPartitionState(_ g: Int) -> GroupPartitionState {
        let count = groups[g].partitions.count
        var state = GroupPartitionState(
            id: groups[g].spec.id, owner: Array(repeating: nil, count: count), ownerMember: Array(repeating: nil, count: count),
            ownership: Array(repeating: .unassigned, count: count), position: Array(repeating: nil, count: count),
            committed: Array(repeating: nil, count: count))
        let committed = coordinator.committedOffsets(group: groups[g].spec.id)
        if !committed.isEmpty {
            for (i, tp) in groups[g].partitions.enumerated() { state.committed[i] = committed[tp] }
        }
        var liveOwned = [Bool](repeating: false, count: count)
        for m in groups[g].members.indices {
            if groups[g].members[m].isAlive, let membership = groups[g].members[m].membership {
                // A hung member whose poll timer expired has left the group: it owns nothing any more.
                if groups[g].members[m].process == .hung && Self.leftOnPollTimeout(membership) { continue }
                // An eager member that knows a rebalance is on is about to give everything up.
                let leaving = membership.rejoinNeeded && membership.rebalanceProtocol == .eager
                groups[g].members[m].refreshSlots(log: log, partitionIndex: groups[g].partitionIndex)
                groups[g].members[m].resolvePositionIndexes()
                let name = groups[g].members[m].name
                for slot in groups[g].members[m].slots {
                    let i = slot.statsIndex
                    state.owner[i] = name
                    state.ownerMember[i] = m
                    state.ownership[i] = leaving ? .revoking : .owned
                    state.position[i] = slot.positionIndex == nil ? nil : slot.position
                    liveOwned[i] = true
                }
            } else {
                // A crashed member owns its partitions until the coordinator notices; a live owner wins.
                for tp in groups[g].members[m].frozenOwned {
                    guard let i = groups[g].partitionIndex[tp], !liveOwned[i], state.owner[i] == nil else { continue }
                    state.owner[i] = groups[g].members[m].name
                    state.ownerMember[i] = m
                    state.ownership[i] = .owned
                }
            }
        }
        return state
    }

    /// A member in the group left after its poll timer expired (Kafka's maybeLeaveGroup): no member id any more.
    static func leftOnPollTimeout(_ membership: ConsumerMembership) -> Bool {
        membership.state == .unjoined && membership.memberId.isEmpty && membership.generation < 0
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
