extension GroupCoordinator {
    /// Kafka's classicGroupJoin.
    mutating func joinGroup(_ r: JoinGroupRequest, header: RequestHeader, now: Millis) {
        func fail(_ error: KafkaError, memberId: String = "") {
            send(header, .joinGroup(JoinGroupResponse(errorCode: error, memberId: memberId)))
        }
        guard !r.groupId.isEmpty else { return fail(.invalidGroupId) }
        guard r.sessionTimeoutMs >= config.minSessionTimeoutMs, r.sessionTimeoutMs <= config.maxSessionTimeoutMs else {
            return fail(.invalidSessionTimeout)
        }
        if groups[r.groupId] == nil {
            guard r.memberId.isEmpty else { return fail(.unknownMemberId, memberId: r.memberId) }
            groups[r.groupId] = ClassicGroup(groupId: r.groupId)
        }
        var group = groups.removeValue(forKey: r.groupId)!  // taken out: see GroupCoordinator.groups
        defer { groups[r.groupId] = group }

        if group.state == .dead { return fail(.coordinatorNotAvailable, memberId: r.memberId) }
        guard group.supportsProtocols(type: r.protocolType, r.protocols) else {
            return fail(.inconsistentGroupProtocol, memberId: r.memberId)
        }
        if r.memberId.isEmpty {
            newMemberJoin(&group, r, header: header, now: now)
        } else {
            existingMemberJoin(&group, r, header: header, now: now)
        }
    }

    /// Kafka's classicGroupJoinNewMember: a static member's id starts with its instance id, a dynamic one's with its
    /// client id (ClassicGroup.generateMemberId).
    private mutating func newMemberJoin(_ group: inout ClassicGroup, _ r: JoinGroupRequest, header: RequestHeader, now: Millis) {
        let memberId = newMemberId(prefix: r.groupInstanceId ?? header.clientId)
        if let instance = r.groupInstanceId, let oldMemberId = group.staticMembers[instance] {
            return staticMemberRejoin(
                &group, r, instance: instance, oldMemberId: oldMemberId, newMemberId: memberId, header: header, now: now)
        }
        if r.groupInstanceId == nil && config.requireKnownMemberId {
            // Hand out the id first; the member must come back with it within its session timeout (KIP-394).
            group.pendingMembers[memberId] = now + r.sessionTimeoutMs
            arm(.pendingMember(group: group.groupId, memberId: memberId), at: now + r.sessionTimeoutMs)
            send(header, .joinGroup(JoinGroupResponse(errorCode: .memberIdRequired, memberId: memberId)))
            return
        }
        addMemberThenRebalanceOrCompleteJoin(&group, r, memberId: memberId, header: header, now: now)
    }

    /// Kafka's classicGroupJoinExistingMember.
    private mutating func existingMemberJoin(
        _ group: inout ClassicGroup, _ r: JoinGroupRequest, header: RequestHeader, now: Millis
    ) {
        if group.pendingMembers[r.memberId] != nil {
            return addMemberThenRebalanceOrCompleteJoin(&group, r, memberId: r.memberId, header: header, now: now)
        }
        if let error = validateMember(group, memberId: r.memberId, instanceId: r.groupInstanceId) {
            return send(header, .joinGroup(JoinGroupResponse(errorCode: error, memberId: r.memberId)))
        }
        let member = group[r.memberId]!
        switch group.state {
        case .preparingRebalance:
            updateMemberThenRebalanceOrCompleteJoin(
                &group, r, header: header, reason: "Member \(r.memberId) is joining group during PreparingRebalance", now: now)
        case .completingRebalance:
            if member.matches(r.protocols) {
                // Nothing changed: the JoinGroup answer was probably lost; send it again.
                send(header, .joinGroup(joinResponse(group, for: member, isLeaderView: r.memberId == group.leaderId)))
            } else {
                updateMemberThenRebalanceOrCompleteJoin(
                    &group, r, header: header, reason: "Updating metadata for member \(r.memberId) during CompletingRebalance",
                    now: now)
            }
        case .stable:
            if r.memberId == group.leaderId {
                // The leader rejoining forces a rebalance (it may have seen metadata change).
                updateMemberThenRebalanceOrCompleteJoin(
                    &group, r, header: header, reason: "Leader \(r.memberId) re-joining group during Stable", now: now)
            } else if !member.matches(r.protocols) {
                updateMemberThenRebalanceOrCompleteJoin(
                    &group, r, header: header, reason: "Updating metadata for member \(r.memberId) during Stable", now: now)
            } else {
                // A follower rejoining with nothing new gets the current generation back.
                send(header, .joinGroup(joinResponse(group, for: member, isLeaderView: false)))
            }
        case .empty, .dead:
            send(header, .joinGroup(JoinGroupResponse(errorCode: .unknownMemberId, memberId: r.memberId)))
        }
    }

    private func withClientReason(_ reason: String, _ clientReason: String?) -> String {
        "\(reason); client reason: \(clientReason.flatMap { $0.isEmpty ? nil : $0 } ?? "not provided")"
    }

    /// Kafka's ClassicGroup.updateMember. A JoinGroup still parked from before is replaced, never answered:
    /// the client that retried has given up on it.
    private func updateMember(_ member: inout GroupMember, _ r: JoinGroupRequest, header: RequestHeader) {
        member.protocols = r.protocols
        member.sessionTimeoutMs = r.sessionTimeoutMs
        member.rebalanceTimeoutMs = r.rebalanceTimeoutMs
        member.awaitingJoin = header
    }

    /// Kafka's updateMemberThenRebalanceOrCompleteJoin.
    private mutating func updateMemberThenRebalanceOrCompleteJoin(
        _ group: inout ClassicGroup, _ r: JoinGroupRequest, header: RequestHeader, reason: String, now: Millis
    ) {
        guard var member = group[r.memberId] else { return }
        updateMember(&member, r, header: header)
        group[r.memberId] = member
        maybePrepareRebalanceOrCompleteJoin(&group, reason: withClientReason(reason, r.reason), now: now)
    }

    /// Kafka's addMemberThenRebalanceOrCompleteJoin. A new member waiting in JoinGroup is expired after
    /// newMemberJoinTimeoutMs if its join phase never ends for it.
    private mutating func addMemberThenRebalanceOrCompleteJoin(
        _ group: inout ClassicGroup, _ r: JoinGroupRequest, memberId: String, header: RequestHeader, now: Millis
    ) {
        var member = GroupMember(
            memberId: memberId, groupInstanceId: r.groupInstanceId, clientId: header.clientId,
            sessionTimeoutMs: r.sessionTimeoutMs, rebalanceTimeoutMs: r.rebalanceTimeoutMs, protocolType: r.protocolType,
            protocols: r.protocols, awaitingJoin: header)
        member.isNew = true
        // The initial rebalance is extended when a member arrives while it is held open.
        if group.state == .preparingRebalance && group.previousState == .empty { group.newMemberAdded = true }
        rescheduleHeartbeat(&member, in: group.groupId, now: now, timeoutMs: config.newMemberJoinTimeoutMs)
        group.add(member)
        emit(now, group.groupId, .memberJoined(memberId: memberId, clientId: header.clientId, groupInstanceId: r.groupInstanceId))
        let reason = withClientReason(
            "Adding new member \(memberId) with group instance id \(r.groupInstanceId ?? "null")", r.reason)
        maybePrepareRebalanceOrCompleteJoin(&group, reason: reason, now: now)
    }

    /// Kafka's updateStaticMemberThenRebalanceOrCompleteJoin: a static member's instance came back with no member
    /// id and takes over under a new one; whatever the old id had parked is answered with FENCED_INSTANCE_ID.
    /// In a Stable group whose protocol would not change, that happens without a rebalance.
    private mutating func staticMemberRejoin(
        _ group: inout ClassicGroup, _ r: JoinGroupRequest, instance: String, oldMemberId: String, newMemberId: String,
        header: RequestHeader, now: Millis
    ) {
        if let old = group[oldMemberId] {
            if let waiting = old.awaitingJoin {
                send(waiting, .joinGroup(JoinGroupResponse(errorCode: .fencedInstanceId, memberId: oldMemberId)))
            }
            if let waiting = old.awaitingSync {
                send(waiting, .syncGroup(SyncGroupResponse(errorCode: .fencedInstanceId)))
            }
        }
        guard var member = group.replaceStaticMember(instanceId: instance, oldMemberId: oldMemberId, newMemberId: newMemberId)
        else { return }
        // The new id's heartbeat timer starts with the session timeout the old instance had.
        rescheduleHeartbeat(&member, in: group.groupId, now: now)
        updateMember(&member, r, header: header)
        group[newMemberId] = member
        emit(
            now, group.groupId,
            .staticMemberReplaced(oldMemberId: oldMemberId, newMemberId: newMemberId, groupInstanceId: instance))
        switch group.state {
        case .stable:
            if let current = group.protocolName, group.selectProtocol() == current {
                let isLeader = group.leaderId == newMemberId
                member.awaitingJoin = nil
                group[newMemberId] = member
                send(header, .joinGroup(joinResponse(group, for: member, isLeaderView: isLeader, skipAssignment: isLeader)))
            } else {
                maybePrepareRebalanceOrCompleteJoin(
                    &group,
                    reason: withClientReason(
                        "Group's selectedProtocol will change because static member \(newMemberId) with instance id \(instance) joined with change of protocol",
                        r.reason),
                    now: now)
            }
        case .completingRebalance:
            // The leader may already be assigning to the old id: rebalance so the new id gets its share.
            prepareRebalance(
                &group,
                reason: withClientReason(
                    "Updating metadata for static member \(newMemberId) with instance id \(instance)", r.reason),
                now: now)
        case .preparingRebalance:
            maybeCompleteJoinPhase(&group, now: now)
        case .empty, .dead:
            break
        }
    }

    /// Kafka's ClassicGroup.validateMember: an instance id bound to another member id is fenced;
    /// an unknown member id is unknown.
    func validateMember(_ group: ClassicGroup, memberId: String, instanceId: String?) -> KafkaError? {
        if let instanceId {
            guard let bound = group.staticMembers[instanceId] else { return .unknownMemberId }
            if bound != memberId { return .fencedInstanceId }
        }
        return group.has(memberId) ? nil : .unknownMemberId
    }
}
