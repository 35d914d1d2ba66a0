extension GroupCoordinator {
    private enum Timer {
        case join(group: String)
        case sync(group: String)
        case pendingMember(group: String, memberId: String)
        case session(group: String, memberId: String)
    }

    /// When the earliest timer fires, nil when none is armed.
    public var nextDeadline: Millis? { earliestTimer()?.at }

    /// Fires every timer due at or before `now`, each at its own instant, in time order.
    public mutating func advance(to now: Millis) {
        while let (at, timer) = earliestTimer(), at <= now {
            fire(timer, at: at)
        }
    }

    private func earliestTimer() -> (at: Millis, timer: Timer)? {
        var best: (at: Millis, timer: Timer)?
        func consider(_ at: Millis, _ timer: Timer) {
            if best == nil || at < best!.at { best = (at, timer) }
        }
        for id in groups.keys.sorted() {
            let group = groups[id]!
            if let at = group.joinDeadline { consider(at, .join(group: id)) }
            if let at = group.syncDeadline { consider(at, .sync(group: id)) }
            for (memberId, at) in group.pendingMembers.sorted(by: { $0.key < $1.key }) {
                consider(at, .pendingMember(group: id, memberId: memberId))
            }
            for member in group.allMembers {
                if let at = member.heartbeatDeadline { consider(at, .session(group: id, memberId: member.memberId)) }
            }
        }
        return best
    }

    /// When the member's heartbeat timer would remove it, nil while none is armed or while it is parked in a join or
    /// sync (Kafka's hasSatisfiedHeartbeat: the timer then fires without effect).
    func sessionDeadline(_ member: GroupMember) -> Millis? {
        member.hasSatisfiedHeartbeat ? nil : member.heartbeatDeadline
    }

    private mutating func fire(_ timer: Timer, at now: Millis) {
        switch timer {
        case .join(let id):
            var group = groups[id]!
            group.joinDeadline = nil
            if group.initialDelay != nil { initialDelayExpired(&group, now: now) } else { completeJoin(&group, now: now) }
            groups[id] = group
        case .sync(let id):
            // Kafka's expirePendingSync: members that did not send SyncGroup in time are removed, then a rebalance.
            var group = groups[id]!
            group.syncDeadline = nil
            let laggards = group.memberOrder.filter { group.pendingSyncMembers.contains($0) }
            if !laggards.isEmpty && (group.state == .completingRebalance || group.state == .stable) {
                for memberId in laggards {
                    emit(now, id, .memberRemovedNotSynced(memberId: memberId))
                    group.remove(memberId)
                }
                prepareRebalance(
                    &group, reason: "Removing [\(laggards.joined(separator: ", "))] on pending sync request expiration", now: now)
            }
            groups[id] = group
        case .pendingMember(let id, let memberId):
            // Kafka's removePendingMemberAndUpdateClassicGroup.
            var group = groups[id]!
            group.remove(memberId)
            if group.state == .preparingRebalance && group.hasAllMembersJoined { completeJoin(&group, now: now) }
            groups[id] = group
        case .session(let id, let memberId):
            // Kafka's expireClassicGroupMemberHeartbeat.
            var group = groups[id]!
            guard var member = group[memberId] else { return }
            member.heartbeatDeadline = nil
            group[memberId] = member
            if !member.hasSatisfiedHeartbeat {
                emit(now, id, .memberExpired(memberId: memberId, sessionTimeoutMs: member.sessionTimeoutMs))
                expireMember(&group, memberId, reason: "removing member \(memberId) on heartbeat expiration.", now: now)
            }
            groups[id] = group
        }
    }
}
