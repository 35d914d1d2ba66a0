import GroupCore
import GroupSim

/// The dashboard's view of broker mode: the simulation with real clients in it. The clock follows the wall clock, so
/// speed and pause are refused; on a real member only `k` applies (its connections are dropped and it is ignored until
/// its session expires); the other failure keys apply to simulated members only.
public final class BrokerSource: DashboardSource {
    public let broker: Broker

    public init(broker: Broker) { self.broker = broker }

    public var capabilities: SourceCapabilities {
        SourceCapabilities(
            refusedClasses: [
                .clock:
                    "broker mode: the clock follows the wall clock (real clients' timers are wall-clock); speed and pause are off"
            ],
            externalMemberFaults: [.crash],
            externalMemberRefusal:
                "a real client: only k applies (drop its connections); other failures apply to simulated members only")
    }

    public func snapshot() -> SimulationSnapshot {
        (try? broker.host.read { $0.snapshotWithExternalMembers() }.wait())
            ?? SimulationSnapshot(
                scenarioName: "broker stopped", seed: 0, time: 0, produceRate: 0, consumeRate: 0, totalLag: 0,
                producersPaused: false, topics: [], groups: [])
    }

    public func events(from sequence: Int) -> [SimEvent] {
        (try? broker.host.read { $0.events(from: sequence) }.wait()) ?? []
    }

    /// The simulation runs on the wall clock by itself; a viewer asking to advance only makes it catch up now.
    public func advance(by duration: Millis) {}

    public func apply(_ command: SimulationCommand) throws {
        if case .crash(let name) = command {
            try broker.crash(member: name)
            return
        }
        let target: String? =
            switch command {
            case .hang(let m), .leave(let m), .restart(let m), .pause(let m, _), .slow(let m, _): m
            default: nil
            }
        try broker.host.run { simulation, _ in
            if let target, simulation.externalMember(named: target) != nil {
                throw CommandError("\(target) is a real client: only k (crash) applies; \(command) is for simulated members")
            }
            try simulation.apply(command)
        }.wait()
    }
}
