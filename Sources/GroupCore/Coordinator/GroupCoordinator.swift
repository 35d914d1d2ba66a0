import HeapModule

/// The broker side of Kafka's classic group protocol for any number of groups.
///
/// Requests come in with the virtual time they arrive at; answers go to an outbox, some at once and some later
/// (JoinGroup waits for the join phase to end, SyncGroup for the leader's assignment), exactly as Kafka parks them.
/// Timers (session expiry, join and sync deadlines, the initial rebalance delay) fire from `advance(to:)`.
/// The coordinator never runs an assignor: the leader member does, and hands the result over in SyncGroup.
public struct GroupCoordinator: Sendable {
    public struct Config: Sendable {
        /// group.min.session.timeout.ms and group.max.session.timeout.ms (broker defaults).
        public var minSessionTimeoutMs: Millis = 6_000
        public var maxSessionTimeoutMs: Millis = 1_800_000
        /// group.initial.rebalance.delay.ms.
        public var initialRebalanceDelayMs: Millis = 3_000
        /// How long a new member waiting in a join phase is kept without heartbeats (Kafka: 5 minutes).
        public var newMemberJoinTimeoutMs: Millis = 300_000
        /// Whether dynamic members must first obtain their id with MEMBER_ID_REQUIRED (JoinGroup v4+).
        public var requireKnownMemberId = true
        public init() {}
    }

    public let config: Config
    /// A request or timer takes its group out (`removeValue`) while it changes it and puts it back after: a copy left
    /// here would share the member tables, and the first change would copy them whole — once per request, O(members).
    var groups: [String: ClassicGroup] = [:]
    /// Every timer armed, earliest first; a timer re-armed or cancelled since leaves a stale entry that is skipped.
    var timers = Heap<TimerEntry>()
    var nextTimerSequence: UInt64 = 0
    private var outbox: [(RequestHeader, ClientResponse)] = []
    private var events: [CoordinatorEvent] = []
    private var random: SeededGenerator

    public init(config: Config = Config(), seed: UInt64) {
        self.config = config
        self.random = SeededGenerator(seed: seed)
    }

    // MARK: Outputs

    /// Responses ready to deliver, in the order they were produced.
    public mutating func takeResponses() -> [(RequestHeader, ClientResponse)] {
        // Nothing to hand over is the common case; returning early spares a fresh buffer per call.
        if outbox.isEmpty { return [] }
        defer { outbox.removeAll(keepingCapacity: true) }
        return outbox
    }

    public mutating func takeEvents() -> [CoordinatorEvent] {
        // Nothing to hand over is the common case; returning early spares a fresh buffer per call.
        if events.isEmpty { return [] }
        defer { events.removeAll(keepingCapacity: true) }
        return events
    }

    mutating func send(_ header: RequestHeader, _ response: ClientResponse) { outbox.append((header, response)) }

    mutating func emit(_ time: Millis, _ groupId: String, _ kind: CoordinatorEvent.Kind) {
        events.append(CoordinatorEvent(time: time, groupId: groupId, kind: kind))
    }

    // MARK: Entry point

    /// Handles one request that arrives at `now`. Answers appear in `takeResponses()`.
    public mutating func handle(_ request: ClientRequest, header: RequestHeader, now: Millis) {
        switch request {
        case .joinGroup(let r): joinGroup(r, header: header, now: now)
        case .syncGroup(let r): syncGroup(r, header: header, now: now)
        case .heartbeat(let r): send(header, .heartbeat(HeartbeatResponse(errorCode: heartbeat(r, now: now))))
        case .leaveGroup(let r): send(header, .leaveGroup(leaveGroup(r, now: now)))
        case .offsetCommit(let r): send(header, .offsetCommit(offsetCommit(r, now: now)))
        case .offsetFetch(let r): send(header, .offsetFetch(offsetFetch(r)))
        case .listOffsets(let r):
            // The partition leader answers ListOffsets (here: `ClusterLog`); the coordinator knows no offsets.
            send(header, .listOffsets(ListOffsetsResponse(partitions: r.partitions.map { ($0.0, nil) })))
        }
        dropStaleTimers()
    }

    // MARK: Member ids

    /// Kafka's `prefix + "-" + UUID` (the prefix is the instance id of a static member, else the client id),
    /// with the UUID drawn from the seeded generator.
    mutating func newMemberId(prefix: String) -> String {
        let a = random.next(), b = random.next()
        func hex(_ v: UInt64, _ digits: Int) -> String {
            let s = String(v, radix: 16)
            return String(repeating: "0", count: max(0, digits - s.count)) + s.suffix(digits)
        }
        let uuid =
            "\(hex(a >> 32, 8))-\(hex((a >> 16) & 0xffff, 4))-4\(hex(a & 0xfff, 3))-\(hex(0x8000 | (b >> 48) & 0x3fff, 4))-\(hex(b & 0xffff_ffff_ffff, 12))"
        return "\(prefix)-\(uuid)"
    }

    // MARK: State transitions

    mutating func transition(_ group: inout ClassicGroup, to state: GroupState, now: Millis) {
        precondition(state.validPreviousStates.contains(group.state), "illegal transition \(group.state) → \(state)")
        let from = group.state
        group.transition(to: state)
        if from != state { emit(now, group.groupId, .stateChanged(from: from, to: state)) }
    }

    /// Kafka's rescheduleClassicGroupMemberHeartbeat: the member's heartbeat timer now fires `timeoutMs` from now
    /// (its session timeout unless told otherwise).
    mutating func rescheduleHeartbeat(_ member: inout GroupMember, in groupId: String, now: Millis, timeoutMs: Millis? = nil) {
        let at = now + (timeoutMs ?? member.sessionTimeoutMs)
        member.heartbeatDeadline = at
        arm(.session(group: groupId, memberId: member.memberId), at: at)
    }

    /// Kafka's maybePrepareRebalanceOrCompleteJoin.
    mutating func maybePrepareRebalanceOrCompleteJoin(_ group: inout ClassicGroup, reason: String, now: Millis) {
        if GroupState.preparingRebalance.validPreviousStates.contains(group.state) {
            prepareRebalance(&group, reason: reason, now: now)
        } else {
            maybeCompleteJoinPhase(&group, now: now)
        }
    }

    /// Kafka's prepareRebalance. From Empty it is an initial rebalance: the join phase is held open by
    /// group.initial.rebalance.delay.ms, extended while members keep arriving, up to the rebalance timeout.
    mutating func prepareRebalance(_ group: inout ClassicGroup, reason: String, now: Millis) {
        if group.state == .completingRebalance {
            // The leader's assignment of this generation will never come: members waiting in SyncGroup are told
            // to rejoin (Kafka's resetAndPropagateAssignmentWithError), and their sessions start again.
            for id in group.memberOrder { group[id]?.assignment = [] }
            propagateAssignment(&group, error: .rebalanceInProgress, now: now)
        }
        group.syncDeadline = nil
        group.pendingSyncMembers.removeAll()
        let isInitialRebalance = group.state == .empty
        if isInitialRebalance {
            let delay = config.initialRebalanceDelayMs
            group.initialDelay = (delayMs: delay, remainingMs: max(group.rebalanceTimeoutMs - delay, 0))
            armJoin(&group, at: now + delay)
        }
        if group.rebalanceStartedAt == nil { group.rebalanceStartedAt = now }
        emit(now, group.groupId, .rebalanceStarted(generation: group.generationId, reason: reason))
        transition(&group, to: .preparingRebalance, now: now)
        if !isInitialRebalance { maybeCompleteJoinElseSchedule(&group, now: now) }
    }

    /// Kafka's maybeCompleteJoinElseSchedule: everyone is in (the last member left, or the only member is the one
    /// whose JoinGroup started it), or the join phase waits up to the rebalance timeout.
    private mutating func maybeCompleteJoinElseSchedule(_ group: inout ClassicGroup, now: Millis) {
        if group.hasAllMembersJoined {
            completeJoin(&group, now: now)
        } else {
            group.initialDelay = nil
            armJoin(&group, at: now + group.rebalanceTimeoutMs)
        }
    }

    /// Kafka's maybeCompleteJoinPhase: a JoinGroup or LeaveGroup completes the join phase once everyone is in,
    /// except in an initial rebalance (one that started from Empty), which only its delay timer ends.
    mutating func maybeCompleteJoinPhase(_ group: inout ClassicGroup, now: Millis) {
        guard group.state == .preparingRebalance, group.previousState != .empty, group.hasAllMembersJoined else { return }
        completeJoin(&group, now: now)
    }

    /// Kafka's tryCompleteInitialRebalanceElseSchedule: the delay timer fired.
    mutating func initialDelayExpired(_ group: inout ClassicGroup, now: Millis) {
        guard let (delayMs, remainingMs) = group.initialDelay else { return completeJoin(&group, now: now) }
        if group.newMemberAdded && remainingMs != 0 {
            // Members are still arriving: hold the join phase open a little longer.
            group.newMemberAdded = false
            let newDelayMs = min(config.initialRebalanceDelayMs, remainingMs)
            group.initialDelay = (delayMs: newDelayMs, remainingMs: max(remainingMs - delayMs, 0))
            armJoin(&group, at: now + newDelayMs)
        } else {
            completeJoin(&group, now: now)
        }
    }

    /// Kafka's completeClassicGroupJoin: drop dynamic members that did not rejoin, start the next generation,
    /// and answer every parked JoinGroup (the leader gets everyone's metadata).
    mutating func completeJoin(_ group: inout ClassicGroup, now: Millis) {
        group.joinDeadline = nil
        group.initialDelay = nil
        for member in group.allMembers where member.awaitingJoin == nil && member.groupInstanceId == nil {
            group.remove(member.memberId)
            emit(now, group.groupId, .memberRemovedNotRejoined(memberId: member.memberId))
        }
        if group.state == .dead { return }
        if !group.maybeElectNewJoinedLeader() && !group.members.isEmpty {
            // Only static members remain and none rejoined: do not start a generation nobody would hear of; wait
            // another rebalance timeout, until session expiry removes them.
            armJoin(&group, at: now + group.rebalanceTimeoutMs)
            return
        }
        // Kafka's initNextGeneration. The protocol type stays when the group empties; only the protocol name goes.
        // `generationId += 1` on a Java int wraps after 2³¹−1 rebalances rather than failing; so does this (a pinned
        // generation would stop fencing stale members).
        group.generationId &+= 1
        group.pendingSyncMembers.removeAll()
        if group.members.isEmpty {
            group.protocolName = nil
            group.rebalanceStartedAt = nil
            emit(now, group.groupId, .joinCompleted(generation: group.generationId, protocolName: nil, leader: nil, members: []))
            transition(&group, to: .empty, now: now)
            return
        }
        group.protocolName = group.selectProtocol()
        transition(&group, to: .completingRebalance, now: now)
        emit(
            now, group.groupId,
            .joinCompleted(
                generation: group.generationId, protocolName: group.protocolName, leader: group.leaderId,
                members: group.memberOrder))
        for id in group.memberOrder {
            guard var member = group[id] else { continue }
            if let waiting = member.awaitingJoin {
                send(waiting, .joinGroup(joinResponse(group, for: member, isLeaderView: id == group.leaderId)))
                member.awaitingJoin = nil
            }
            // Every member, rejoined or not, gets a fresh session and must sync.
            rescheduleHeartbeat(&member, in: group.groupId, now: now)
            member.isNew = false
            group[id] = member
            group.pendingSyncMembers.insert(id)
        }
        armSync(&group, at: now + group.rebalanceTimeoutMs)
    }

    /// Kafka's propagateAssignment: answers every parked SyncGroup with its assignment (or the error), and restarts
    /// those members' sessions — an expiry that came while they waited was ignored and scheduled nothing.
    mutating func propagateAssignment(_ group: inout ClassicGroup, error: KafkaError, now: Millis) {
        for id in group.memberOrder {
            guard var member = group[id], let waiting = member.awaitingSync else { continue }
            let response =
                error == .none
                ? SyncGroupResponse(
                    errorCode: .none, protocolType: group.protocolType, protocolName: group.protocolName,
                    assignment: member.assignment)
                : SyncGroupResponse(errorCode: error)
            send(waiting, .syncGroup(response))
            member.awaitingSync = nil
            rescheduleHeartbeat(&member, in: group.groupId, now: now)
            group[id] = member
        }
    }

    func joinResponse(_ group: ClassicGroup, for member: GroupMember, isLeaderView: Bool, skipAssignment: Bool = false)
        -> JoinGroupResponse
    {
        var response = JoinGroupResponse(errorCode: .none, memberId: member.memberId)
        response.generationId = group.generationId
        response.protocolType = group.protocolType
        response.protocolName = group.protocolName
        response.leader = group.leaderId ?? ""
        response.skipAssignment = skipAssignment
        if isLeaderView, let name = group.protocolName {
            response.members = group.allMembers.map {
                JoinGroupResponse.Member(
                    memberId: $0.memberId, groupInstanceId: $0.groupInstanceId, metadata: $0.metadata(for: name) ?? [])
            }
        }
        return response
    }

    /// Kafka's removeMemberAndUpdateClassicGroup (heartbeat expiry): a parked JoinGroup is answered with
    /// UNKNOWN_MEMBER_ID; then a rebalance starts, or the join phase ends at once if everyone left has rejoined —
    /// even during an initial rebalance's delay.
    mutating func expireMember(_ group: inout ClassicGroup, _ memberId: String, reason: String, now: Millis) {
        guard let removed = group.remove(memberId) else { return }
        if let waiting = removed.awaitingJoin {
            send(waiting, .joinGroup(JoinGroupResponse(errorCode: .unknownMemberId)))
        }
        switch group.state {
        case .stable, .completingRebalance: maybePrepareRebalanceOrCompleteJoin(&group, reason: reason, now: now)
        case .preparingRebalance: if group.hasAllMembersJoined { completeJoin(&group, now: now) }
        case .empty, .dead: break
        }
    }
}
