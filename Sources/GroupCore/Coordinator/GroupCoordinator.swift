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
    var groups: [String: ClassicGroup] = [:]
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
        defer { outbox.removeAll(keepingCapacity: true) }
        return outbox
    }

    public mutating func takeEvents() -> [CoordinatorEvent] {
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
    }

    // MARK: Member ids

    /// Kafka's `clientId + "-" + UUID`, with the UUID drawn from the seeded generator.
    mutating func newMemberId(clientId: String) -> String {
        let a = random.next(), b = random.next()
        func hex(_ v: UInt64, _ digits: Int) -> String {
            let s = String(v, radix: 16)
            return String(repeating: "0", count: max(0, digits - s.count)) + s.suffix(digits)
        }
        let uuid =
            "\(hex(a >> 32, 8))-\(hex((a >> 16) & 0xffff, 4))-4\(hex(a & 0xfff, 3))-\(hex(0x8000 | (b >> 48) & 0x3fff, 4))-\(hex(b & 0xffff_ffff_ffff, 12))"
        return "\(clientId)-\(uuid)"
    }

    // MARK: State transitions

    mutating func transition(_ group: inout ClassicGroup, to state: GroupState, now: Millis) {
        precondition(state.validPreviousStates.contains(group.state), "illegal transition \(group.state) → \(state)")
        let from = group.state
        group.state = state
        if from != state { emit(now, group.groupId, .stateChanged(from: from, to: state)) }
    }

    /// Kafka's maybePrepareRebalance: only from Stable, CompletingRebalance or Empty.
    mutating func maybePrepareRebalance(_ group: inout ClassicGroup, reason: String, now: Millis) {
        guard [.stable, .completingRebalance, .empty].contains(group.state) else { return }
        prepareRebalance(&group, reason: reason, now: now)
    }

    mutating func prepareRebalance(_ group: inout ClassicGroup, reason: String, now: Millis) {
        if group.state == .completingRebalance {
            // The leader's assignment of this generation will never come: tell members waiting in SyncGroup.
            for id in group.memberOrder {
                if let waiting = group[id]?.awaitingSync {
                    send(waiting, .syncGroup(SyncGroupResponse(errorCode: .rebalanceInProgress)))
                    group[id]?.awaitingSync = nil
                }
            }
        }
        group.syncDeadline = nil
        group.pendingSyncMembers.removeAll()
        if group.state == .empty {
            group.initialDelay = (
                remainingMs: max(group.rebalanceTimeoutMs - config.initialRebalanceDelayMs, 0), newMemberAdded: false
            )
            group.joinDeadline = now + config.initialRebalanceDelayMs
        } else {
            group.initialDelay = nil
            group.joinDeadline = now + group.rebalanceTimeoutMs
        }
        if group.rebalanceStartedAt == nil { group.rebalanceStartedAt = now }
        emit(now, group.groupId, .rebalanceStarted(generation: group.generationId, reason: reason))
        transition(&group, to: .preparingRebalance, now: now)
        // Kafka's tryCompleteElseWatch: the join phase ends at once if everyone is already in — the last member left,
        // or the only member is the one whose JoinGroup started it — instead of waiting out the rebalance timeout.
        tryCompleteJoin(&group, now: now)
    }

    /// Completes the join phase if everyone is in; an initial-delay phase only ends on its timer.
    mutating func tryCompleteJoin(_ group: inout ClassicGroup, now: Millis) {
        guard group.state == .preparingRebalance, group.initialDelay == nil, group.hasAllMembersJoined else { return }
        completeJoin(&group, now: now)
    }

    /// Kafka's onCompleteJoin: drop dynamic members that did not rejoin, start the next generation,
    /// and answer every parked JoinGroup (the leader gets everyone's metadata).
    mutating func completeJoin(_ group: inout ClassicGroup, now: Millis) {
        group.joinDeadline = nil
        group.initialDelay = nil
        for member in group.allMembers where member.awaitingJoin == nil && member.groupInstanceId == nil {
            group.remove(member.memberId)
            emit(now, group.groupId, .memberRemovedNotRejoined(memberId: member.memberId))
        }
        // A leader that did not rejoin (a static member) hands leadership to one that did.
        if let leader = group.leaderId, group[leader]?.awaitingJoin == nil,
            let joined = group.allMembers.first(where: { $0.awaitingJoin != nil })
        {
            group.leaderId = joined.memberId
        }
        if !group.allMembers.isEmpty, !group.allMembers.contains(where: { $0.awaitingJoin != nil }) {
            // Only static members remain and none rejoined: as Kafka (maybeElectNewJoinedLeader failing), do not start
            // a generation nobody would hear of; wait another rebalance timeout, until session expiry removes them.
            group.joinDeadline = now + group.rebalanceTimeoutMs
            return
        }
        group.generationId += 1
        if group.allMembers.isEmpty {
            group.protocolName = nil
            group.protocolType = nil
            group.rebalanceStartedAt = nil
            emit(now, group.groupId, .joinCompleted(generation: group.generationId, protocolName: nil, leader: nil, members: []))
            transition(&group, to: .empty, now: now)
            return
        }
        group.protocolName = group.selectProtocol()
        group.pendingSyncMembers = Set(group.memberOrder)
        group.syncDeadline = now + group.rebalanceTimeoutMs
        transition(&group, to: .completingRebalance, now: now)
        emit(
            now, group.groupId,
            .joinCompleted(
                generation: group.generationId, protocolName: group.protocolName, leader: group.leaderId,
                members: group.memberOrder))
        for id in group.memberOrder {
            guard var member = group[id], let waiting = member.awaitingJoin else { continue }
            send(waiting, .joinGroup(joinResponse(group, for: member, isLeaderView: id == group.leaderId)))
            member.awaitingJoin = nil
            member.isNew = false
            member.lastHeartbeat = now
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

    /// Removes a member for any reason and moves the group on, as Kafka's removeMemberAndUpdateGroup.
    mutating func removeMember(_ group: inout ClassicGroup, _ memberId: String, reason: String, now: Millis) {
        guard let removed = group.remove(memberId) else { return }
        if let waiting = removed.awaitingJoin {
            send(waiting, .joinGroup(JoinGroupResponse(errorCode: .unknownMemberId)))
        }
        if let waiting = removed.awaitingSync {
            send(waiting, .syncGroup(SyncGroupResponse(errorCode: .unknownMemberId)))
        }
        switch group.state {
        case .dead, .empty: break
        case .stable, .completingRebalance: maybePrepareRebalance(&group, reason: reason, now: now)
        case .preparingRebalance: tryCompleteJoin(&group, now: now)
        }
    }
}
