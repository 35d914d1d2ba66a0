@testable import GroupCore

/// Speaks the protocol to one coordinator by hand: each request gets a fresh correlation id, and answers are kept
/// by it, whether they come at once or when a timer or another member's request releases them.
struct CoordinatorDriver {
    var coordinator: GroupCoordinator
    var now: Millis = 0
    private var nextId: Int32 = 0
    private var answers: [Int32: ClientResponse] = [:]
    var events: [CoordinatorEvent] = []

    init(config: GroupCoordinator.Config = .init()) {
        coordinator = GroupCoordinator(config: config, seed: 7)
    }

    /// Sends a request now; returns its correlation id.
    @discardableResult
    mutating func send(_ request: ClientRequest, client: String = "c") -> Int32 {
        nextId += 1
        coordinator.handle(request, header: RequestHeader(clientId: client, correlationId: nextId), now: now)
        collect()
        return nextId
    }

    /// Sends and returns the answer that came at once (nil when parked).
    mutating func call(_ request: ClientRequest, client: String = "c") -> ClientResponse? {
        answer(send(request, client: client))
    }

    /// The answer to a request, once it came (taken once).
    mutating func answer(_ id: Int32) -> ClientResponse? { answers.removeValue(forKey: id) }

    mutating func advance(to time: Millis) {
        now = time
        coordinator.advance(to: time)
        collect()
    }

    private mutating func collect() {
        for (h, r) in coordinator.takeResponses() {
            precondition(answers[h.correlationId] == nil, "two answers to one request")
            answers[h.correlationId] = r
        }
        events += coordinator.takeEvents()
    }

    var group: ClassicGroup? { coordinator.groups["g"] }
    var state: GroupState? { group?.state }

    /// A dynamic member's two-step join (MEMBER_ID_REQUIRED, then the join with its id); returns its id and the parked join.
    mutating func joinNew(
        client: String = "c", protocols: [String] = ["range"], session: Millis = 10_000, rebalance: Millis = 30_000
    )
        -> (memberId: String, join: Int32)
    {
        let first = call(Fixtures.join(session: session, rebalance: rebalance, protocols: protocols), client: client)?.join
        precondition(first?.errorCode == .memberIdRequired)
        let id = first!.memberId
        return (
            id, send(Fixtures.join(memberId: id, session: session, rebalance: rebalance, protocols: protocols), client: client)
        )
    }

    /// Brings `count` dynamic members to a Stable generation 1 (leader syncing an empty assignment for all).
    mutating func stableGroup(_ count: Int, session: Millis = 10_000, rebalance: Millis = 30_000) -> [String] {
        var joins: [(String, Int32)] = []
        for i in 0..<count { joins.append(joinNew(client: "c\(i)", session: session, rebalance: rebalance)) }
        advance(to: now + coordinator.config.initialRebalanceDelayMs * (count > 1 ? 2 : 1))
        let generation = group!.generationId
        for (id, j) in joins {
            precondition(answer(j)?.join?.errorCode == KafkaError.none)
            send(Fixtures.sync(memberId: id, generation: generation))
        }
        precondition(state == .stable)
        return joins.map(\.0)
    }
}
