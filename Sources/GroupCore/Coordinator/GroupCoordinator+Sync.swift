extension GroupCoordinator {
    /// Kafka's handleSyncGroup.
    mutating func syncGroup(_ r: SyncGroupRequest, header: RequestHeader, now: Millis) {
        func fail(_ error: KafkaError) { send(header, .syncGroup(SyncGroupResponse(errorCode: error))) }
        guard var group = groups[r.groupId] else { return fail(.unknownMemberId) }
        defer { groups[r.groupId] = group }
        if group.state == .dead { return fail(.coordinatorNotAvailable) }
        if let error = validateMember(group, memberId: r.memberId, instanceId: r.groupInstanceId) { return fail(error) }
        guard r.generationId == group.generationId else { return fail(.illegalGeneration) }
        if let type = r.protocolType, type != group.protocolType { return fail(.inconsistentGroupProtocol) }
        if let name = r.protocolName, name != group.protocolName { return fail(.inconsistentGroupProtocol) }
        group.pendingSyncMembers.remove(r.memberId)

        switch group.state {
        case .empty, .dead: fail(.unknownMemberId)
        case .preparingRebalance: fail(.rebalanceInProgress)
        case .completingRebalance:
            group[r.memberId]?.awaitingSync = header
            group[r.memberId]?.lastHeartbeat = now
            if r.memberId == group.leaderId { completeAssignment(&group, r.assignments, now: now) }
        case .stable:
            group[r.memberId]?.lastHeartbeat = now
            let member = group[r.memberId]!
            send(
                header,
                .syncGroup(
                    SyncGroupResponse(
                        errorCode: .none, protocolType: group.protocolType, protocolName: group.protocolName,
                        assignment: member.assignment)))
        }
        if group.pendingSyncMembers.isEmpty { group.syncDeadline = nil }
    }

    /// The leader's assignment arrived: store it, answer every parked SyncGroup, and go Stable.
    private mutating func completeAssignment(
        _ group: inout ClassicGroup, _ assignments: [(memberId: String, assignment: [UInt8])], now: Millis
    ) {
        var byMember: [String: [UInt8]] = [:]
        for (memberId, bytes) in assignments { byMember[memberId] = bytes }
        for id in group.memberOrder {
            // Members the leader left out get an empty assignment, as in Kafka.
            group[id]?.assignment = byMember[id] ?? []
        }
        transition(&group, to: .stable, now: now)
        for id in group.memberOrder {
            guard let waiting = group[id]?.awaitingSync else { continue }
            send(
                waiting,
                .syncGroup(
                    SyncGroupResponse(
                        errorCode: .none, protocolType: group.protocolType, protocolName: group.protocolName,
                        assignment: group[id]!.assignment)))
            group[id]?.awaitingSync = nil
        }
        if group.protocolType == ConsumerProtocol.protocolType { reportAssignment(&group, now: now) }
        group.rebalanceStartedAt = nil
    }

    /// Decodes the consumer assignment to report who owns what now, what moved, and what members had to revoke.
    private mutating func reportAssignment(_ group: inout ClassicGroup, now: Millis) {
        let protocolName = group.protocolName ?? ""
        var assignment: [(memberId: String, partitions: [TopicPartition])] = []
        var revoked: [(memberId: String, partitions: [TopicPartition])] = []
        var moved: [CoordinatorEvent.Move] = []
        for member in group.allMembers {
            let partitions = ((try? ConsumerProtocol.decodeAssignment(member.assignment)) ?? []).sorted()
            assignment.append((member.memberId, partitions))
            if let metadata = member.metadata(for: protocolName),
                let subscription = try? ConsumerProtocol.decodeSubscription(metadata)
            {
                let kept = Set(partitions)
                let gone = subscription.ownedPartitions.filter { !kept.contains($0) }.sorted()
                if !gone.isEmpty { revoked.append((member.memberId, gone)) }
            }
            for tp in partitions where group.lastOwners[tp] != member.memberId {
                moved.append(CoordinatorEvent.Move(partition: tp, from: group.lastOwners[tp], to: member.memberId))
                group.lastOwners[tp] = member.memberId
            }
        }
        moved.sort { $0.partition < $1.partition }
        emit(
            now, group.groupId,
            .assignmentCompleted(
                generation: group.generationId, protocolName: protocolName, assignment: assignment, moved: moved,
                revoked: revoked, durationMs: now - (group.rebalanceStartedAt ?? now)))
    }

    /// Kafka's handleHeartbeat.
    mutating func heartbeat(_ r: HeartbeatRequest, now: Millis) -> KafkaError {
        guard var group = groups[r.groupId] else { return .unknownMemberId }
        defer { groups[r.groupId] = group }
        if group.state == .dead { return .coordinatorNotAvailable }
        if let error = validateMember(group, memberId: r.memberId, instanceId: r.groupInstanceId) { return error }
        guard r.generationId == group.generationId else { return .illegalGeneration }
        switch group.state {
        case .empty, .dead: return .unknownMemberId
        case .completingRebalance, .stable:
            group[r.memberId]?.lastHeartbeat = now
            return .none
        case .preparingRebalance:
            group[r.memberId]?.lastHeartbeat = now
            return .rebalanceInProgress
        }
    }

    /// Kafka's handleLeaveGroup (batch form, v3+): each member is answered on its own.
    mutating func leaveGroup(_ r: LeaveGroupRequest, now: Millis) -> LeaveGroupResponse {
        guard var group = groups[r.groupId] else {
            return LeaveGroupResponse(
                errorCode: .none,
                members: r.members.map {
                    .init(memberId: $0.memberId, groupInstanceId: $0.groupInstanceId, errorCode: .unknownMemberId)
                })
        }
        defer { groups[r.groupId] = group }
        if group.state == .dead { return LeaveGroupResponse(errorCode: .coordinatorNotAvailable, members: []) }
        var results: [LeaveGroupResponse.Member] = []
        for leaving in r.members {
            var memberId = leaving.memberId
            // An admin may remove a static member by instance id alone.
            if memberId.isEmpty, let instance = leaving.groupInstanceId, let bound = group.staticMembers[instance] {
                memberId = bound
            }
            if group.pendingMembers.removeValue(forKey: memberId) != nil {
                results.append(.init(memberId: memberId, groupInstanceId: leaving.groupInstanceId, errorCode: .none))
                tryCompleteJoin(&group, now: now)
                continue
            }
            if let error = validateMember(group, memberId: memberId, instanceId: leaving.groupInstanceId) {
                results.append(.init(memberId: memberId, groupInstanceId: leaving.groupInstanceId, errorCode: error))
                continue
            }
            let reason = "removing member \(memberId) on LeaveGroup" + (leaving.reason.map { "; client reason: \($0)" } ?? "")
            emit(now, group.groupId, .memberLeft(memberId: memberId, reason: leaving.reason ?? "LeaveGroup"))
            removeMember(&group, memberId, reason: reason, now: now)
            results.append(.init(memberId: memberId, groupInstanceId: leaving.groupInstanceId, errorCode: .none))
        }
        return LeaveGroupResponse(errorCode: .none, members: results)
    }
}
