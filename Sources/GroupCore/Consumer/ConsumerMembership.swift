/// The consumer side of the classic group protocol: what Kafka's ConsumerCoordinator does around `poll()`,
/// as a state machine driven by time and responses. It produces requests; the caller delivers them and
/// feeds back the responses. Positions (the next offset to read) live here, as in Kafka's SubscriptionState.
public struct ConsumerMembership: Sendable {
    public enum State: Sendable, Equatable {
        /// Not in the group: before the first join, after a poll timeout or a reset.
        case unjoined
        /// JoinGroup sent, waiting for the join phase to end.
        case joining
        /// SyncGroup sent, waiting for the assignment.
        case syncing
        case stable
        /// Closed cleanly.
        case closed
        /// A fatal error: fenced, inconsistent protocol, or no offset with `auto.offset.reset=none`.
        case failed(String)
    }

    public internal(set) var config: ConsumerConfig
    public let topics: [String]
    /// Topic → partition count, what the leader assigns from.
    public let partitionsPerTopic: [String: Int]

    public internal(set) var state: State = .unjoined
    public internal(set) var memberId = ""
    public internal(set) var generation: Int32 = -1
    public internal(set) var protocolName: String?
    public internal(set) var isLeader = false
    /// Partitions this member owns now, sorted.
    public internal(set) var owned: [TopicPartition] = []
    /// What the last assignment gave and in which generation (StickyAssignor.onAssignment's memberAssignment and
    /// generation), kept across an eager revoke; nil before the first assignment.
    var previousAssignment: (partitions: [TopicPartition], generation: Int32)?
    /// Next offset to read, per owned partition whose position is known.
    public internal(set) var positions: [TopicPartition: Int64] = [:] {
        didSet { positionsRevision &+= 1 }
    }
    /// Changes with every change of `positions` except a value written through `setPosition(at:_:)`: while it stays
    /// the same, indexes from `positionIndex(of:)` stay valid (see ConsumerMembership+PositionIndex.swift).
    public internal(set) var positionsRevision: UInt64 = 0
    /// The last offset this member knows to be committed, per partition.
    public internal(set) var lastCommitted: [TopicPartition: Int64] = [:]
    /// Set when a rebalance is needed; the JoinGroup goes out at the next poll.
    public internal(set) var rejoinNeeded = true
    var rejoinReason = "initial join"
    var joinPrepared = false
    var heartbeatInFlight = false
    var nextHeartbeatAt: Millis = 0
    public internal(set) var lastPollAt: Millis
    var nextAutoCommitAt: Millis
    var events: [MembershipEvent] = []

    public init(config: ConsumerConfig, topics: [String], partitionsPerTopic: [String: Int], now: Millis) {
        self.config = config
        self.topics = topics.sorted()
        self.partitionsPerTopic = partitionsPerTopic
        self.lastPollAt = now
        self.nextAutoCommitAt = now + config.autoCommitIntervalMs
    }

    public var rebalanceProtocol: RebalanceProtocol { config.rebalanceProtocol }
    public var isStatic: Bool { config.groupInstanceId != nil }
    var hasGeneration: Bool { generation >= 0 && !memberId.isEmpty }

    public mutating func takeEvents() -> [MembershipEvent] {
        defer { events.removeAll(keepingCapacity: true) }
        return events
    }

    /// The application consumed up to `position` (the next offset to read) on `tp`.
    public mutating func setPosition(_ tp: TopicPartition, _ position: Int64) {
        guard let index = positions.index(forKey: tp) else { return }
        positions.values[index] = position
    }

    // MARK: The application's poll()

    /// What `KafkaConsumer.poll()` does before fetching: note the poll (resetting the poll timer), rejoin if needed,
    /// auto-commit if due, and look up positions that are missing.
    public mutating func poll(now: Millis) -> [ClientRequest] {
        guard isRunning else { return [] }
        lastPollAt = now
        var out: [ClientRequest] = []
        if rejoinNeeded && (state == .stable || state == .unjoined) {
            out += prepareJoin(now: now)
            out.append(joinRequest())
            state = .joining
            return out
        }
        if state == .stable, config.enableAutoCommit, now >= nextAutoCommitAt {
            nextAutoCommitAt = now + config.autoCommitIntervalMs
            out += commitRequest()
        }
        return out
    }

    /// What Kafka's heartbeat thread does: heartbeat when due, and leave the group when the application
    /// has not polled within `max.poll.interval.ms`.
    public mutating func tick(now: Millis) -> [ClientRequest] {
        guard state == .syncing || state == .stable else { return [] }
        // Kafka's poll timer expires at lastPoll + max.poll.interval.ms exactly (Timer.isExpired is `now >= deadline`).
        if now - lastPollAt >= config.maxPollIntervalMs {
            events.append(.pollTimeout)
            return leave(reason: "consumer poll timeout has expired.", now: now)
        }
        guard !heartbeatInFlight, now >= nextHeartbeatAt else { return [] }
        heartbeatInFlight = true
        nextHeartbeatAt = now + config.heartbeatIntervalMs
        return [
            .heartbeat(
                HeartbeatRequest(
                    groupId: config.groupId, generationId: generation, memberId: memberId, groupInstanceId: config.groupInstanceId
                ))
        ]
    }

    /// The next instant `tick` has something to do (a heartbeat, the poll timeout). Auto-commit is not here:
    /// it happens inside the application's poll.
    public var nextDeadline: Millis? {
        guard state == .syncing || state == .stable else { return nil }
        var next = lastPollAt + config.maxPollIntervalMs
        if !heartbeatInFlight { next = min(next, nextHeartbeatAt) }
        return next
    }

    /// A manual `commitSync()` of everything consumed so far. As ConsumerCoordinator.sendOffsetCommitRequest
    /// (generationIfStable), nothing is sent unless the member is Stable: the commit fails locally with
    /// RebalanceInProgressException while rebalancing, CommitFailedException otherwise.
    public mutating func commit() -> [ClientRequest] {
        guard isRunning else { return [] }
        guard state == .stable else {
            let rebalancing = state == .joining || state == .syncing
            events.append(.commitRefused(rebalancing ? "RebalanceInProgressException" : "CommitFailedException"))
            return []
        }
        return commitRequest()
    }

    /// `KafkaConsumer.close()`: commit if auto-commit is on, then LeaveGroup — dynamic members only;
    /// a static member stays in the group until its session times out.
    public mutating func close(now: Millis) -> [ClientRequest] {
        guard isRunning else { return [] }
        var out: [ClientRequest] = []
        // maybeAutoCommitOffsetsSync: refused unless Stable (generationIfStable).
        if config.enableAutoCommit && state == .stable { out += commitRequest() }
        if hasGeneration && !isStatic {
            out.append(
                .leaveGroup(
                    LeaveGroupRequest(
                        groupId: config.groupId,
                        members: [.init(memberId: memberId, groupInstanceId: nil, reason: "the consumer is being closed")])))
        }
        owned = []
        positions = [:]
        state = .closed
        return out
    }

    var isRunning: Bool {
        switch state {
        case .closed, .failed: false
        default: true
        }
    }

    // MARK: Joining

    /// Kafka's onJoinPrepare: commit if auto-commit is on; an eager member then gives up everything,
    /// a cooperative one keeps what it owns (unless its generation is gone, in which case it lost it).
    mutating func prepareJoin(now: Millis) -> [ClientRequest] {
        guard !joinPrepared else { return [] }
        joinPrepared = true
        var out: [ClientRequest] = []
        if config.enableAutoCommit && state == .stable && hasGeneration { out += commitRequest() }
        if !owned.isEmpty {
            if !hasGeneration {
                events.append(.lost(owned))
                dropAll()
            } else if rebalanceProtocol == .eager {
                events.append(.revoked(owned))
                dropAll()
            }
        }
        return out
    }

    mutating func dropAll() {
        owned = []
        positions = [:]
    }

    /// ConsumerCoordinator.metadata: ownedPartitions are what the member still owns (nothing, for an eager member that
    /// revoked), the generation is the member's; the assignor adds its user data. The eager `sticky` assignor remembers
    /// its last assignment and that assignment's generation there (StickyAssignor.subscriptionUserData);
    /// `cooperative-sticky` sends its generation (CooperativeStickyAssignor.subscriptionUserData).
    func subscription(for strategy: AssignmentStrategy) -> ConsumerProtocol.Subscription {
        var userData: [UInt8]?
        switch strategy {
        case .sticky:
            userData = previousAssignment.map { StickyUserData.encode($0.partitions, generation: $0.generation) }
        case .cooperativeSticky:
            var w = ByteWriter()
            w.int32(previousAssignment?.generation ?? -1)
            userData = w.bytes
        default:
            userData = nil
        }
        return ConsumerProtocol.Subscription(
            topics: topics, userData: userData, ownedPartitions: owned, generationId: generation)
    }

    func joinRequest() -> ClientRequest {
        .joinGroup(
            JoinGroupRequest(
                groupId: config.groupId, sessionTimeoutMs: config.sessionTimeoutMs,
                rebalanceTimeoutMs: config.maxPollIntervalMs, memberId: memberId, groupInstanceId: config.groupInstanceId,
                protocolType: ConsumerProtocol.protocolType,
                protocols: config.partitionAssignmentStrategy.map {
                    JoinGroupRequest.ProtocolEntry(name: $0.rawValue, metadata: ConsumerProtocol.encode(subscription(for: $0)))
                },
                reason: rejoinReason))
    }

    mutating func requestRejoin(_ reason: String) {
        guard !rejoinNeeded else { return }
        rejoinNeeded = true
        rejoinReason = reason
        events.append(.rejoinRequested(reason: reason))
    }

    /// AbstractCoordinator.resetStateAndGeneration: forget the generation — and the member id unless the error was
    /// ILLEGAL_GENERATION, for which the id is still valid; what the member owned is lost.
    mutating func resetGeneration(_ reason: String, resetMemberId: Bool = true) {
        if resetMemberId { memberId = "" }
        generation = -1
        isLeader = false
        if !owned.isEmpty {
            events.append(.lost(owned))
            dropAll()
        }
        rejoinNeeded = true
        rejoinReason = reason
    }

    mutating func fail(_ message: String) {
        state = .failed(message)
        events.append(.error(message))
        dropAll()
    }

    func leaveRequest(reason: String) -> [ClientRequest] {
        guard hasGeneration && !isStatic else { return [] }
        return [.leaveGroup(LeaveGroupRequest(groupId: config.groupId, members: [.init(memberId: memberId, reason: reason)]))]
    }

    /// Kafka's maybeLeaveGroup after a poll timeout: LeaveGroup for a dynamic member, then forget the generation.
    mutating func leave(reason: String, now: Millis) -> [ClientRequest] {
        let out = leaveRequest(reason: reason)
        memberId = ""
        generation = -1
        isLeader = false
        state = .unjoined
        rejoinNeeded = true
        rejoinReason = reason
        joinPrepared = false
        return out
    }

    // MARK: Commits

    mutating func recordCommitted(_ offsets: [TopicPartition: Int64]) {
        for (tp, offset) in offsets { lastCommitted[tp] = offset }
    }

    mutating func commitRequest() -> [ClientRequest] {
        let changed = owned.filter { tp in positions[tp].map { $0 != lastCommitted[tp] } ?? false }
        guard !changed.isEmpty else { return [] }
        return [
            .offsetCommit(
                OffsetCommitRequest(
                    groupId: config.groupId, generationId: hasGeneration ? generation : -1, memberId: memberId,
                    groupInstanceId: config.groupInstanceId,
                    partitions: changed.map { .init($0, committedOffset: positions[$0]!) }))
        ]
    }
}
