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
                if let at = sessionDeadline(member) { consider(at, .session(group: id, memberId: member.memberId)) }
            }
        }
        return best
    }

    /// Kafka keeps members parked in JoinGroup or SyncGroup alive; a new member waiting to join
    /// is kept for newMemberJoinTimeoutMs; everyone else must heartbeat within its session timeout.
    func sessionDeadline(_ member: GroupMember) -> Millis? {
        if member.awaitingJoin != nil {
            return member.isNew ? member.lastHeartbeat + config.newMemberJoinTimeoutMs : nil
        }
        if member.awaitingSync != nil { return nil }
        return member.lastHeartbeat + member.sessionTimeoutMs
    }

    private mutating func fire(_ timer: Timer, at now: Millis) {
        switch timer {
        case .join(let id):
            var group = groups[id]!
            if let delay = group.initialDelay, delay.newMemberAdded, delay.remainingMs > 0 {
                // Members are still arriving: hold the first join phase open a little longer.
                let extra = min(config.initialRebalanceDelayMs, delay.remainingMs)
                group.initialDelay = (remainingMs: max(delay.remainingMs - extra, 0), newMemberAdded: false)
                group.joinDeadline = now + extra
            } else {
                completeJoin(&group, now: now)
            }
            groups[id] = group
        case .sync(let id):
            var group = groups[id]!
            group.syncDeadline = nil
            let laggards = group.memberOrder.filter { group.pendingSyncMembers.contains($0) }
            for memberId in laggards {
                emit(now, id, .memberRemovedNotSynced(memberId: memberId))
                removeMember(&group, memberId, reason: "Removing member \(memberId) that did not sync in time", now: now)
            }
            groups[id] = group
        case .pendingMember(let id, let memberId):
            var group = groups[id]!
            group.pendingMembers[memberId] = nil
            tryCompleteJoin(&group, now: now)
            groups[id] = group
        case .session(let id, let memberId):
            var group = groups[id]!
            let timeout = group[memberId]!.sessionTimeoutMs
            emit(now, id, .memberExpired(memberId: memberId, sessionTimeoutMs: timeout))
            removeMember(&group, memberId, reason: "removing member \(memberId) on heartbeat expiration", now: now)
            groups[id] = group
        }
    }
}
