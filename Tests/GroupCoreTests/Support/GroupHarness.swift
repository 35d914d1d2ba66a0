@testable import GroupCore

/// One group coordinator, one cluster log and N consumer members on a virtual clock, wired by an instant network:
/// for coordinator timing and protocol tests that need to reach into single requests. It knows only healthy, crashed
/// and closed members; a stuck poll loop, a stop-the-world pause and the application's poll loop live in the
/// simulation, and lifecycle tests drive them through it (GroupSimTests/Engine/MemberLifecycleTests), so that this
/// harness cannot hide a gap in the real wiring.
///
/// Each member's requests go to the coordinator (ListOffsets to the cluster log); answers come back by correlation id
/// together with the request they answer. Members are ticked and polled when their own deadlines come, and polled again
/// whenever an answer reaches them (the application's poll loop reacts at once). The clock steps exactly to the next
/// deadline of anyone, so every timer fires at its own millisecond.
struct GroupHarness {
    /// What a member's application is doing.
    enum Mode: Equatable {
        /// Polls at every wake-up: a healthy consumer.
        case polling
        /// The process is gone: no heartbeats, no polls, answers are lost.
        case crashed
        /// `close()` was called.
        case closed
    }

    struct Slot {
        var member: ConsumerMembership
        var mode: Mode
        let clientId: String
        /// Bumped on restart, so that answers meant for a previous instance are dropped.
        var incarnation: Int
        var events: [MembershipEvent] = []
    }

    private(set) var now: Millis = 0
    var coordinator: GroupCoordinator
    var log = ClusterLog()
    private(set) var slots: [Slot] = []
    let groupId: String
    /// Every event the coordinator emitted, in order.
    private(set) var coordinatorEvents: [CoordinatorEvent] = []
    /// Every answer delivered, with who got it: (slot, request api, error), to check error codes.
    private(set) var delivered: [(slot: Int, request: ClientRequest, response: ClientResponse, at: Millis)] = []
    /// Called after every instant's traffic has settled (the property test checks its invariants here).
    var afterEachStep: ((GroupHarness) -> Void)?

    private var nextCorrelationId: Int32 = 0
    private var inFlight: [Int32: (slot: Int, incarnation: Int, request: ClientRequest)] = [:]
    private var queue: [(slot: Int, request: ClientRequest)] = []

    init(groupId: String = "g", coordinatorConfig: GroupCoordinator.Config = .init(), seed: UInt64 = 1) {
        self.groupId = groupId
        self.coordinator = GroupCoordinator(config: coordinatorConfig, seed: seed)
    }

    // MARK: Members

    /// A config with this harness's group id and the given tweaks.
    func config(_ tweak: (inout ConsumerConfig) -> Void = { _ in }) -> ConsumerConfig {
        var c = ConsumerConfig(groupId: groupId)
        tweak(&c)
        return c
    }

    /// Adds a member (it joins at once, as its application's first poll runs now). Returns its slot.
    @discardableResult
    mutating func addMember(_ config: ConsumerConfig, topics: [String], clientId: String? = nil) -> Int {
        let slot = slots.count
        let member = ConsumerMembership(config: config, topics: topics, partitionsPerTopic: log.partitionsPerTopic, now: now)
        slots.append(Slot(member: member, mode: .polling, clientId: clientId ?? "consumer-\(slot + 1)", incarnation: 0))
        wake(slot)
        settle()
        return slot
    }

    subscript(slot: Int) -> ConsumerMembership { slots[slot].member }
    func mode(_ slot: Int) -> Mode { slots[slot].mode }

    /// The member stops without a word: no LeaveGroup, no heartbeats.
    mutating func crash(_ slot: Int) { slots[slot].mode = .crashed }

    /// `close()`: commit (auto-commit) and LeaveGroup for dynamic members.
    mutating func close(_ slot: Int) {
        let out = slots[slot].member.close(now: now)
        slots[slot].mode = .closed
        collectEvents(slot)
        for r in out { queue.append((slot, r)) }
        settle()
    }

    /// A new process in the same slot with the same config (same `group.instance.id` if static).
    mutating func restart(_ slot: Int) {
        let old = slots[slot].member
        slots[slot].member = ConsumerMembership(
            config: old.config, topics: old.topics, partitionsPerTopic: log.partitionsPerTopic, now: now)
        slots[slot].mode = .polling
        slots[slot].incarnation += 1
        wake(slot)
        settle()
    }

    /// Runs something against one member now (a manual commit, a position change) and sends what it produces.
    mutating func with(_ slot: Int, _ body: (inout ConsumerMembership) -> [ClientRequest]) {
        let out = body(&slots[slot].member)
        collectEvents(slot)
        for r in out { queue.append((slot, r)) }
        settle()
    }

    /// Events of one member since the last call.
    mutating func takeEvents(_ slot: Int) -> [MembershipEvent] {
        defer { slots[slot].events = [] }
        return slots[slot].events
    }

    /// Coordinator events since the last call.
    mutating func takeCoordinatorEvents() -> [CoordinatorEvent] {
        defer { coordinatorEvents = [] }
        return coordinatorEvents
    }

    /// Sends a request to the coordinator as an outside client; returns its answers (if it is answered now).
    mutating func send(_ request: ClientRequest, clientId: String = "admin") -> [ClientResponse] {
        nextCorrelationId += 1
        let header = RequestHeader(clientId: clientId, correlationId: nextCorrelationId)
        coordinator.handle(request, header: header, now: now)
        var mine: [ClientResponse] = []
        for (h, response) in coordinator.takeResponses() {
            if h == header { mine.append(response) } else { route(h, response) }
        }
        settle()
        return mine
    }

    // MARK: The clock

    /// The next instant anyone has something to do.
    var nextWake: Millis? {
        var next = coordinator.nextDeadline
        for slot in slots.indices {
            if let d = deadline(slot) { next = min(next ?? d, d) }
        }
        return next
    }

    /// When a member wakes next: its own deadline while it runs.
    private func deadline(_ slot: Int) -> Millis? {
        slots[slot].mode == .polling ? slots[slot].member.nextDeadline : nil
    }

    /// Steps from deadline to deadline, each at its exact millisecond, up to and including `time`; then sets the clock to `time`.
    mutating func run(until time: Millis) {
        var sameInstant = 0
        while let next = nextWake, next <= time {
            sameInstant = next <= now ? sameInstant + 1 : 0
            precondition(sameInstant < 1_000, "a deadline at \(next) does not move")
            step(to: max(next, now))
        }
        now = max(now, time)
    }

    mutating func run(for duration: Millis) { run(until: now + duration) }

    /// One wake-up at `time`: coordinator timers first, then every member due.
    mutating func step(to time: Millis) {
        now = time
        coordinator.advance(to: now)
        drainCoordinator()
        for slot in slots.indices {
            if let d = deadline(slot), d <= now { wake(slot) }
        }
        settle()
    }

    /// Ticks (heartbeat thread) and polls one running member now.
    private mutating func wake(_ slot: Int) {
        guard slots[slot].mode == .polling else { return }
        let out = slots[slot].member.tick(now: now) + slots[slot].member.poll(now: now)
        collectEvents(slot)
        for r in out { queue.append((slot, r)) }
    }

    /// Delivers requests and answers until nothing moves at this instant.
    private mutating func settle() {
        while !queue.isEmpty {
            let (slot, request) = queue.removeFirst()
            guard slots[slot].mode != .crashed else { continue }
            nextCorrelationId += 1
            let header = RequestHeader(clientId: slots[slot].clientId, correlationId: nextCorrelationId)
            inFlight[header.correlationId] = (slot, slots[slot].incarnation, request)
            if case .listOffsets(let r) = request {
                // Answered by the partition leader, here the cluster log.
                let answer = ListOffsetsResponse(partitions: r.partitions.map { ($0.0, log.listOffset($0.0, $0.1)) })
                route(header, .listOffsets(answer))
            } else {
                coordinator.handle(request, header: header, now: now)
                drainCoordinator()
            }
        }
        afterEachStep?(self)
    }

    private mutating func drainCoordinator() {
        for (header, response) in coordinator.takeResponses() { route(header, response) }
        coordinatorEvents += coordinator.takeEvents()
    }

    private mutating func route(_ header: RequestHeader, _ response: ClientResponse) {
        guard let (slot, incarnation, request) = inFlight.removeValue(forKey: header.correlationId) else { return }
        guard incarnation == slots[slot].incarnation, slots[slot].mode != .crashed else { return }
        delivered.append((slot, request, response, now))
        let out = slots[slot].member.receive(response, now: now, requested: request)
        collectEvents(slot)
        for r in out { queue.append((slot, r)) }
        // The application's poll loop notices at once (a rejoin request, a lost generation).
        if slots[slot].mode == .polling { wake(slot) }
    }

    private mutating func collectEvents(_ slot: Int) {
        slots[slot].events += slots[slot].member.takeEvents()
    }

    // MARK: Reading the outcome

    var summary: GroupSummary? { coordinator.groupSummary(groupId) }

    /// Owner slot(s) per partition among members that are not crashed or closed.
    func liveOwners() -> [TopicPartition: [Int]] {
        var owners: [TopicPartition: [Int]] = [:]
        for slot in slots.indices where slots[slot].mode == .polling {
            for tp in slots[slot].member.owned { owners[tp, default: []].append(slot) }
        }
        return owners
    }

    /// Every partition of these topics.
    func partitions(of topics: [String]) -> [TopicPartition] {
        topics.sorted().flatMap { t in (0..<(log.partitionsPerTopic[t] ?? 0)).map { TopicPartition(t, Int32($0)) } }
    }

    /// The errors the coordinator answered a member's requests of one API with, in order.
    func errors(_ slot: Int, _ api: String) -> [KafkaError] {
        delivered.filter { $0.slot == slot && $0.request.apiName == api }.map(\.response.errorCode)
    }
}

extension ClientResponse {
    /// The top-level error (the first per-partition or per-member one where there is no top-level code).
    var errorCode: KafkaError {
        switch self {
        case .joinGroup(let r): r.errorCode
        case .syncGroup(let r): r.errorCode
        case .heartbeat(let r): r.errorCode
        case .leaveGroup(let r): r.errorCode != .none ? r.errorCode : (r.members.first?.errorCode ?? .none)
        case .offsetCommit(let r): r.errorCode
        case .offsetFetch(let r): r.errorCode
        case .listOffsets: .none
        }
    }
}
