import GroupCore
import GroupSim
import NIOCore

/// What the broker keeps beside the simulation, on the simulation's loop: open connections, group requests waiting for
/// the coordinator's answer, and fetches waiting for data (long polling).
final class BrokerState {
    let config: BrokerConfig
    /// What Metadata and FindCoordinator return as node 0's address.
    var advertised: (host: String, port: Int) = ("127.0.0.1", 0)
    private var connections: [Int: Connection] = [:]
    /// Group requests the coordinator has not answered yet, by ticket.
    private var groupWaiters: [Int32: EventLoopPromise<ClientResponse>] = [:]
    private var fetchWaiters: [FetchWaiter] = []
    /// Per topic, how synthesized records get their keys (nil: keyless), built on first use.
    private var keyTables: [String: SynthesizedKeys?] = [:]

    struct Connection {
        var info: ConnectionInfo
        var channel: any Channel
        /// Member ids whose group requests came over this connection.
        var memberIds: Set<String> = []
        var clientId: String?
    }

    /// A fetch parked until enough data arrives or its deadline passes.
    struct FetchWaiter {
        var deadline: NIODeadline
        /// Answers if there is enough data now (or `force`); returns whether it answered.
        var attempt: (Simulation, _ force: Bool) -> Bool
    }

    init(config: BrokerConfig) { self.config = config }

    // MARK: Connections

    func opened(_ info: ConnectionInfo, channel: any Channel) {
        connections[info.id] = Connection(info: info, channel: channel)
    }

    func closed(_ info: ConnectionInfo) { connections[info.id] = nil }

    func noteClient(_ clientId: String, on connection: ConnectionInfo) {
        if connections[connection.id]?.clientId == nil { connections[connection.id]?.clientId = clientId }
    }

    func noteMember(_ memberId: String, on connection: ConnectionInfo) {
        connections[connection.id]?.memberIds.insert(memberId)
    }

    /// Closes every connection a member's group requests came over: what the dashboard's `k` does to a real member.
    /// Returns how many it closed.
    @discardableResult
    func closeConnections(ofMember memberId: String) -> Int {
        let matching = connections.values.filter { $0.memberIds.contains(memberId) }
        for connection in matching { connection.channel.close(promise: nil) }
        return matching.count
    }

    func closeAllConnections() {
        for connection in connections.values { connection.channel.close(promise: nil) }
    }

    var connectionCount: Int { connections.count }

    // MARK: Synthesized records

    /// The key table of a topic's simulated producer; nil when it writes keyless records or there is none.
    func synthesizedKeys(for topic: String, _ simulation: Simulation) -> SynthesizedKeys? {
        if let table = keyTables[topic] { return table }
        let partitions = simulation.topicPartitionCounts.first { $0.name == topic }?.partitions ?? 0
        let table = SynthesizedKeys(
            topic: topic, spec: simulation.scenario.producer(forTopic: topic), partitions: partitions,
            seed: simulation.scenario.seed)
        keyTables[topic] = table
        return table
    }

    // MARK: Waiting requests

    func awaitGroupAnswer(ticket: Int32, promise: EventLoopPromise<ClientResponse>) { groupWaiters[ticket] = promise }

    func park(_ waiter: FetchWaiter) { fetchWaiters.append(waiter) }

    /// After the clock moved or a request changed the simulation: hand out the coordinator's answers and wake the
    /// fetches that can answer now.
    func afterClockMoved(_ simulation: Simulation, host: SimulationHost) {
        for (ticket, response) in simulation.takeExternalResponses() {
            groupWaiters.removeValue(forKey: ticket)?.succeed(response)
        }
        guard !fetchWaiters.isEmpty else { return }
        let now = NIODeadline.now()
        var waiting: [FetchWaiter] = []
        for waiter in fetchWaiters where !waiter.attempt(simulation, now >= waiter.deadline) {
            waiting.append(waiter)
        }
        fetchWaiters = waiting
    }
}
