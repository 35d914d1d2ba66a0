extension GroupCoordinator {
    /// Kafka's handleSyncGroup.
    mutating func syncGroup(_ r: SyncGroupRequest, header: RequestHeader, now: Millis) {
        func fail(_ error: KafkaError) { send(header, .syncGroup(SyncGroupResponse(errorCode: error))) }
        guard var group = groups.removeValue(forKey: r.groupId) else { return fail(.unknownMemberId) }
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
            if r.memberId == group.leaderId { completeAssignment(&group, r.assignments, now: now) }
        case .stable:
            // Kafka answers with the current assignment; the heartbeat timer runs on.
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

    /// The leader's assignment arrived: store it, answer every parked SyncGroup (Kafka's setAndPropagateAssignment),
    /// and go Stable.
    private mutating func completeAssignment(
        _ group: inout ClassicGroup, _ assignments: [(memberId: String, assignment: [UInt8])], now: Millis
    ) {
        var byMember: [String: [UInt8]] = [:]
        for (memberId, bytes) in assignments { byMember[memberId] = bytes }
        for id in group.memberOrder {
            // Members the leader left out get an empty assignment, as in Kafka.
            group[id]?.assignment = byMember[id] ?? []
        }
        propagateAssignment(&group, error: .none, now: now)
        transition(&group, to: .stable, now: now)
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

    /// Kafka's classicGroupHeartbeatToClassicGroup: a valid heartbeat restarts the session, also when it is answered
    /// with REBALANCE_IN_PROGRESS.
    mutating func heartbeat(_ r: HeartbeatRequest, now: Millis) -> KafkaError {
        guard var group = groups.removeValue(forKey: r.groupId) else { return .unknownMemberId }
        defer { groups[r.groupId] = group }
        if group.state == .dead { return .coordinatorNotAvailable }
        if let error = validateMember(group, memberId: r.memberId, instanceId: r.groupInstanceId) { return error }
        guard r.generationId == group.generationId else { return .illegalGeneration }
        switch group.state {
        case .empty, .dead: return .unknownMemberId
        case .completingRebalance, .stable:
            restartSession(&group, r.memberId, now: now)
            return .none
        case .preparingRebalance:
            restartSession(&group, r.memberId, now: now)
            return .rebalanceInProgress
        }
    }

    mutating func restartSession(_ group: inout ClassicGroup, _ memberId: String, now: Millis) {
        guard var member = group[memberId] else { return }
        rescheduleHeartbeat(&member, in: group.groupId, now: now)
        group[memberId] = member
    }

    /// Kafka's classicGroupLeaveToClassicGroup (batch form, v3+): each member is answered on its own; then, once,
    /// a rebalance starts or the join phase completes if everyone left has rejoined.
    mutating func leaveGroup(_ r: LeaveGroupRequest, now: Millis) -> LeaveGroupResponse {
        guard var group = groups.removeValue(forKey: r.groupId) else {
            return LeaveGroupResponse(
                errorCode: .none,
                members: r.members.map {
                    .init(memberId: $0.memberId, groupInstanceId: $0.groupInstanceId, errorCode: .unknownMemberId)
                })
        }
        defer { groups[r.groupId] = group }
        if group.state == .dead { return LeaveGroupResponse(errorCode: .coordinatorNotAvailable, members: []) }
        var results: [LeaveGroupResponse.Member] = []
        var left: [String] = []
        for leaving in r.members {
            func answer(_ error: KafkaError) {
                results.append(.init(memberId: leaving.memberId, groupInstanceId: leaving.groupInstanceId, errorCode: error))
                if error == .none { left.append(leaving.memberId) }
            }
            if leaving.memberId.isEmpty {
                // An admin may remove a static member by instance id alone.
                guard let instance = leaving.groupInstanceId, let bound = group.staticMembers[instance] else {
                    answer(.unknownMemberId)
                    continue
                }
                removeLeavingMember(&group, bound, reason: leaving.reason, now: now)
                answer(.none)
            } else if group.pendingMembers[leaving.memberId] != nil {
                group.remove(leaving.memberId)
                answer(.none)
            } else if let error = validateMember(group, memberId: leaving.memberId, instanceId: leaving.groupInstanceId) {
                answer(error)
            } else {
                removeLeavingMember(&group, leaving.memberId, reason: leaving.reason, now: now)
                answer(.none)
            }
        }
        if !left.isEmpty {
            let reason = "explicit `LeaveGroup` request for (\(left.joined(separator: ", "))) members."
            switch group.state {
            case .stable, .completingRebalance: maybePrepareRebalanceOrCompleteJoin(&group, reason: reason, now: now)
            case .preparingRebalance: maybeCompleteJoinPhase(&group, now: now)
            case .empty, .dead: break
            }
        }
        return LeaveGroupResponse(errorCode: .none, members: results)
    }

    /// Kafka's removeCurrentMemberFromClassicGroup: a parked JoinGroup is answered with UNKNOWN_MEMBER_ID.
    private mutating func removeLeavingMember(_ group: inout ClassicGroup, _ memberId: String, reason: String?, now: Millis) {
        emit(now, group.groupId, .memberLeft(memberId: memberId, reason: reason ?? "LeaveGroup"))
        guard let removed = group.remove(memberId) else { return }
        if let waiting = removed.awaitingJoin {
            send(waiting, .joinGroup(JoinGroupResponse(errorCode: .unknownMemberId)))
        }
    }
}
