import HeapModule

/// One armed timer: what fires and when. Ties fire in the order they were armed.
struct TimerEntry: Comparable, Sendable {
    enum Timer: Equatable, Sendable {
        case join(group: String)
        case sync(group: String)
        case pendingMember(group: String, memberId: String)
        case session(group: String, memberId: String)
    }

    var at: Millis
    var sequence: UInt64
    var timer: Timer

    static func < (a: TimerEntry, b: TimerEntry) -> Bool { (a.at, a.sequence) < (b.at, b.sequence) }
    static func == (a: TimerEntry, b: TimerEntry) -> Bool { a.at == b.at && a.sequence == b.sequence }
}

extension GroupCoordinator {
    typealias Timer = TimerEntry.Timer

    /// When the earliest timer fires, nil when none is armed.
    public var nextDeadline: Millis? { timers.min?.at }

    /// Fires every timer due at or before `now`, each at its own instant, in time order.
    public mutating func advance(to now: Millis) {
        while let entry = timers.min, entry.at <= now {
            timers.removeMin()
            if isArmed(entry) { fire(entry.timer, at: entry.at) }
        }
        dropStaleTimers()
    }

    mutating func arm(_ timer: Timer, at: Millis) {
        nextTimerSequence += 1
        timers.insert(TimerEntry(at: at, sequence: nextTimerSequence, timer: timer))
    }

    mutating func armJoin(_ group: inout ClassicGroup, at: Millis) {
        group.joinDeadline = at
        arm(.join(group: group.groupId), at: at)
    }

    mutating func armSync(_ group: inout ClassicGroup, at: Millis) {
        group.syncDeadline = at
        arm(.sync(group: group.groupId), at: at)
    }

    /// An entry is live while the deadline it was armed for is still the one set; otherwise it was re-armed or cancelled.
    private func isArmed(_ entry: TimerEntry) -> Bool {
        switch entry.timer {
        case .join(let id): groups[id]?.joinDeadline == entry.at
        case .sync(let id): groups[id]?.syncDeadline == entry.at
        case .pendingMember(let id, let memberId): groups[id]?.pendingMembers[memberId] == entry.at
        case .session(let id, let memberId): groups[id]?[memberId]?.heartbeatDeadline == entry.at
        }
    }

    /// Keeps the earliest entry a live one, so that `nextDeadline` never names an instant when nothing fires.
    mutating func dropStaleTimers() {
        while let entry = timers.min, !isArmed(entry) { timers.removeMin() }
    }

    /// When the member's heartbeat timer would remove it, nil while none is armed or while it is parked in a join or
    /// sync (Kafka's hasSatisfiedHeartbeat: the timer then fires without effect).
    func sessionDeadline(_ member: GroupMember) -> Millis? {
        member.hasSatisfiedHeartbeat ? nil : member.heartbeatDeadline
    }

    private mutating func fire(_ timer: Timer, at now: Millis) {
        switch timer {
        case .join(let id):
            var group = groups.removeValue(forKey: id)!
            group.joinDeadline = nil
            if group.initialDelay != nil { initialDelayExpired(&group, now: now) } else { completeJoin(&group, now: now) }
            groups[id] = group
        case .sync(let id):
            // Kafka's expirePendingSync: members that did not send SyncGroup in time are removed, then a rebalance.
            var group = groups.removeValue(forKey: id)!
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
            var group = groups.removeValue(forKey: id)!
            group.remove(memberId)
            if group.state == .preparingRebalance && group.hasAllMembersJoined { completeJoin(&group, now: now) }
            groups[id] = group
        case .session(let id, let memberId):
            // Kafka's expireClassicGroupMemberHeartbeat.
            var group = groups.removeValue(forKey: id)!
            defer { groups[id] = group }
            guard var member = group[memberId] else { return }
            member.heartbeatDeadline = nil
            group[memberId] = member
            if !member.hasSatisfiedHeartbeat {
                emit(now, id, .memberExpired(memberId: memberId, sessionTimeoutMs: member.sessionTimeoutMs))
                expireMember(&group, memberId, reason: "removing member \(memberId) on heartbeat expiration.", now: now)
            }
        }
    }
}
