import GroupCore

extension Simulation {
    /// The snapshot with the real members (broker mode) in their groups, marked external, and as owners of the
    /// partitions the coordinator's current assignment gives them.
    public func snapshotWithExternalMembers() -> SimulationSnapshot {
        var snapshot = snapshot()
        let real = externalMembers
        guard !real.isEmpty else { return snapshot }
        var ownerByGroup: [String: [TopicPartition: String]] = [:]
        // The coordinator's view of every group, built once per snapshot (it is per frame in broker mode).
        let views = Dictionary(
            coordinator.snapshot(log: log, now: now).map { ($0.groupId, $0) }, uniquingKeysWith: { first, _ in first })
        for g in snapshot.groups.indices {
            let groupId = snapshot.groups[g].id
            let members = real.filter { $0.groupId == groupId }
            guard !members.isEmpty, let view = views[groupId] else { continue }
            let summary = coordinator.groupSummary(groupId)
            for member in members {
                guard let known = view.members.first(where: { $0.memberId == member.memberId }) else { continue }
                let ignored = external.ignored.contains(member.memberId)
                var lag: Int64 = 0
                for tp in known.assignment {
                    ownerByGroup[groupId, default: [:]][tp] = member.name
                    lag = lag.addingSaturating(
                        log.partition(tp)?.backlog(committed: coordinator.committedOffset(group: groupId, tp)) ?? 0)
                }
                let deadline = summary?.sessionDeadlines[member.memberId].map { max(0, $0 - now) }
                snapshot.groups[g].members.append(
                    MemberView(
                        name: member.name, memberId: member.memberId, groupInstanceId: known.groupInstanceId,
                        status: ignored ? .crashed : (view.state == .stable ? .stable : .joining),
                        partitions: known.assignment, lag: lag, processingRate: 0, consumeRate: 0,
                        isLeader: view.leaderId == member.memberId, detectionInMs: ignored ? deadline : nil,
                        clientId: member.clientId, host: member.host, isExternal: true,
                        generation: view.generationId >= 0 ? view.generationId : nil, sessionExpiresInMs: deadline))
            }
            if let leader = view.leaderId, let name = members.first(where: { $0.memberId == leader })?.name {
                snapshot.groups[g].leader = name
            }
        }
        for t in snapshot.topics.indices {
            for p in snapshot.topics[t].partitions.indices {
                let tp = TopicPartition(snapshot.topics[t].name, snapshot.topics[t].partitions[p].partition)
                for c in snapshot.topics[t].partitions[p].groups.indices {
                    let column = snapshot.topics[t].partitions[p].groups[c]
                    guard column.owner == nil, let name = ownerByGroup[column.groupId]?[tp] else { continue }
                    snapshot.topics[t].partitions[p].groups[c].owner = name
                    snapshot.topics[t].partitions[p].groups[c].ownership = .owned
                }
            }
        }
        return snapshot
    }
}
