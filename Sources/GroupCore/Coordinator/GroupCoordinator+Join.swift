extension GroupCoordinator {
    /// Kafka's handleJoinGroup.
    mutating func joinGroup(_ r: JoinGroupRequest, header: RequestHeader, now: Millis) {
        func fail(_ error: KafkaError, memberId: String = "") {
            send(header, .joinGroup(JoinGroupResponse(errorCode: error, memberId: memberId)))
        }
        guard !r.groupId.isEmpty else { return fail(.invalidGroupId) }
        guard r.sessionTimeoutMs >= config.minSessionTimeoutMs, r.sessionTimeoutMs <= config.maxSessionTimeoutMs else {
            return fail(.invalidSessionTimeout)
        }
        if groups[r.groupId] == nil {
            guard r.memberId.isEmpty else { return fail(.unknownMemberId) }
            groups[r.groupId] = ClassicGroup(groupId: r.groupId)
        }
        var group = groups[r.groupId]!
        defer { groups[r.groupId] = group }

        if group.state == .dead { return fail(.coordinatorNotAvailable) }
        guard group.supportsProtocols(type: r.protocolType, r.protocols) else { return fail(.inconsistentGroupProtocol) }

        if r.memberId.isEmpty {
            newMemberJoin(&group, r, header: header, now: now)
        } else {
            currentMemberJoin(&group, r, header: header, now: now)
        }
    }

    private mutating func newMemberJoin(_ group: inout ClassicGroup, _ r: JoinGroupRequest, header: RequestHeader, now: Millis) {
        let memberId = newMemberId(clientId: header.clientId)
        if let instance = r.groupInstanceId, let oldMemberId = group.staticMembers[instance] {
            return staticMemberRejoin(
                &group, r, instance: instance, oldMemberId: oldMemberId, newMemberId: memberId, header: header, now: now)
        }
        if r.groupInstanceId == nil && config.requireKnownMemberId {
            // Hand out the id first; the member must come back with it (KIP-394).
            group.pendingMembers[memberId] = now + r.sessionTimeoutMs
            send(header, .joinGroup(JoinGroupResponse(errorCode: .memberIdRequired, memberId: memberId)))
            return
        }
        addMemberAndRebalance(&group, r, memberId: memberId, header: header, now: now)
    }

    private mutating func currentMemberJoin(
        _ group: inout ClassicGroup, _ r: JoinGroupRequest, header: RequestHeader, now: Millis
    ) {
        func fail(_ error: KafkaError) {
            send(header, .joinGroup(JoinGroupResponse(errorCode: error, memberId: r.memberId)))
        }
        if group.pendingMembers.removeValue(forKey: r.memberId) != nil {
            return addMemberAndRebalance(&group, r, memberId: r.memberId, header: header, now: now)
        }
        if let error = validateMember(group, memberId: r.memberId, instanceId: r.groupInstanceId) { return fail(error) }
        var member = group[r.memberId]!
        if let previous = member.awaitingJoin, previous != header {
            // A retried JoinGroup replaces the parked one; the old one is answered so the client is not left hanging.
            send(previous, .joinGroup(JoinGroupResponse(errorCode: .rebalanceInProgress, memberId: r.memberId)))
        }
        switch group.state {
        case .preparingRebalance:
            updateMember(&member, r, header: header)
            group[r.memberId] = member
            tryCompleteJoin(&group, now: now)
        case .completingRebalance:
            if member.matches(r.protocols) {
                // Nothing changed: the JoinGroup answer was probably lost; send it again.
                send(header, .joinGroup(joinResponse(group, for: member, isLeaderView: r.memberId == group.leaderId)))
            } else {
                updateMember(&member, r, header: header)
                group[r.memberId] = member
                prepareRebalance(
                    &group, reason: "Updating metadata for member \(r.memberId) during CompletingRebalance", now: now)
            }
        case .stable:
            if r.memberId == group.leaderId || !member.matches(r.protocols) {
                updateMember(&member, r, header: header)
                group[r.memberId] = member
                let reason =
                    r.memberId == group.leaderId
                    ? "Leader \(r.memberId) re-joining group during Stable"
                    : "Updating metadata for member \(r.memberId) during Stable"
                prepareRebalance(&group, reason: withClientReason(reason, r.reason), now: now)
            } else {
                // A follower rejoining with nothing new gets the current generation back.
                send(header, .joinGroup(joinResponse(group, for: member, isLeaderView: false)))
            }
        case .empty, .dead:
            fail(.unknownMemberId)
        }
    }

    private func withClientReason(_ reason: String, _ clientReason: String?) -> String {
        guard let clientReason, !clientReason.isEmpty else { return reason }
        return "\(reason) (client reason: \(clientReason))"
    }

    private func updateMember(_ member: inout GroupMember, _ r: JoinGroupRequest, header: RequestHeader) {
        member.protocols = r.protocols
        member.sessionTimeoutMs = r.sessionTimeoutMs
        member.rebalanceTimeoutMs = r.rebalanceTimeoutMs
        member.awaitingJoin = header
        member.clientId = header.clientId
    }

    private mutating func addMemberAndRebalance(
        _ group: inout ClassicGroup, _ r: JoinGroupRequest, memberId: String, header: RequestHeader, now: Millis
    ) {
        let member = GroupMember(
            memberId: memberId, groupInstanceId: r.groupInstanceId, clientId: header.clientId,
            sessionTimeoutMs: r.sessionTimeoutMs, rebalanceTimeoutMs: r.rebalanceTimeoutMs, protocolType: r.protocolType,
            protocols: r.protocols, awaitingJoin: header, lastHeartbeat: now)
        if group.members.isEmpty { group.protocolType = r.protocolType }
        group.add(member)
        emit(now, group.groupId, .memberJoined(memberId: memberId, clientId: header.clientId, groupInstanceId: r.groupInstanceId))
        if group.state == .preparingRebalance, group.generationId == 0, group.initialDelay != nil {
            group.initialDelay?.newMemberAdded = true
        }
        let reason = withClientReason(
            "Adding new member \(memberId)" + (r.groupInstanceId.map { " with group instance id \($0)" } ?? ""), r.reason)
        if group.state == .preparingRebalance {
            tryCompleteJoin(&group, now: now)
        } else {
            maybePrepareRebalance(&group, reason: reason, now: now)
        }
    }

    /// A static member's instance came back with no member id: it takes over the old id's place.
    /// In a Stable group whose protocol would not change, that happens without a rebalance.
    private mutating func staticMemberRejoin(
        _ group: inout ClassicGroup, _ r: JoinGroupRequest, instance: String, oldMemberId: String, newMemberId: String,
        header: RequestHeader, now: Millis
    ) {
        // Whatever the old instance had parked is answered with FENCED_INSTANCE_ID.
        if let old = group[oldMemberId] {
            if let waiting = old.awaitingJoin {
                send(waiting, .joinGroup(JoinGroupResponse(errorCode: .fencedInstanceId, memberId: oldMemberId)))
            }
            if let waiting = old.awaitingSync {
                send(waiting, .syncGroup(SyncGroupResponse(errorCode: .fencedInstanceId)))
            }
        }
        let wasLeader = group.leaderId == oldMemberId
        var member = group.replaceStaticMember(instanceId: instance, oldMemberId: oldMemberId, newMemberId: newMemberId)
        member.awaitingJoin = nil
        member.awaitingSync = nil
        member.lastHeartbeat = now
        member.clientId = header.clientId
        emit(
            now, group.groupId,
            .staticMemberReplaced(oldMemberId: oldMemberId, newMemberId: newMemberId, groupInstanceId: instance))
        switch group.state {
        case .stable:
            member.protocols = r.protocols
            member.sessionTimeoutMs = r.sessionTimeoutMs
            member.rebalanceTimeoutMs = r.rebalanceTimeoutMs
            member.isNew = false
            group[newMemberId] = member
            if let current = group.protocolName, group.selectProtocol() == current {
                send(header, .joinGroup(joinResponse(group, for: member, isLeaderView: wasLeader, skipAssignment: wasLeader)))
            } else {
                member.awaitingJoin = header
                group[newMemberId] = member
                prepareRebalance(
                    &group,
                    reason:
                        "Group's selectedProtocol will change because static member \(newMemberId) with instance id \(instance) updated its protocols",
                    now: now)
            }
        case .completingRebalance, .preparingRebalance, .empty:
            member.protocols = r.protocols
            member.sessionTimeoutMs = r.sessionTimeoutMs
            member.rebalanceTimeoutMs = r.rebalanceTimeoutMs
            member.awaitingJoin = header
            group[newMemberId] = member
            if group.state == .preparingRebalance {
                tryCompleteJoin(&group, now: now)
            } else {
                prepareRebalance(
                    &group, reason: "Updating metadata for static member \(newMemberId) with instance id \(instance)", now: now)
            }
        case .dead:
            send(header, .joinGroup(JoinGroupResponse(errorCode: .coordinatorNotAvailable)))
        }
    }

    /// Kafka's member checks shared by every request: an instance id bound to another member id is fenced;
    /// an unknown member id is unknown.
    func validateMember(_ group: ClassicGroup, memberId: String, instanceId: String?) -> KafkaError? {
        if let instanceId, let bound = group.staticMembers[instanceId], bound != memberId { return .fencedInstanceId }
        guard let member = group[memberId] else { return .unknownMemberId }
        if let instanceId, member.groupInstanceId != instanceId { return .fencedInstanceId }
        return nil
    }
}
