import Foundation
import GroupCore
import GroupSim
import NIOCore

/// The dashboard's view of broker mode: the simulation with real clients in it. The clock follows the wall clock, so
/// speed and pause are refused; on a real member only `k` applies (its connections are dropped and it is ignored until
/// its session expires); the other failure keys apply to simulated members only.
///
/// The simulation's thread publishes a snapshot and the new events every `publishInterval`; the dashboard reads the
/// latest without waiting for that thread, so a frame does not stall behind the requests being served. After a command
/// the view is refreshed at once, so that the next frame shows its effect.
public final class BrokerSource: DashboardSource {
    public let broker: Broker
    private let published = PublishedView()

    /// How often the simulation's thread publishes a view: twice per dashboard frame at its 10 frames a second.
    public static let publishInterval = TimeAmount.milliseconds(50)

    public init(broker: Broker) {
        self.broker = broker
        let published = self.published
        broker.host.every(Self.publishInterval) { simulation in published.publish(from: simulation) }
    }

    public var capabilities: SourceCapabilities {
        SourceCapabilities(
            // Short enough for an 80-column status line (the reason is the message, it must show in full).
            refusedClasses: [.clock: "broker mode: the clock follows the wall clock; speed and pause are off"],
            externalMemberFaults: [.crash],
            externalMemberRefusal:
                "a real client: only k applies (drops its connections)")
    }

    public func snapshot() -> SimulationSnapshot {
        var snapshot: SimulationSnapshot
        if let latest = published.latest {
            snapshot = latest
        } else {
            refresh()
            snapshot =
                published.latest
                ?? SimulationSnapshot(
                    scenarioName: "broker stopped", seed: 0, time: 0, produceRate: 0, consumeRate: 0, totalLag: 0,
                    producersPaused: false, topics: [], groups: [])
        }
        // Where real clients connect: the header shows it (the port the system picked for `--listen 0`), and says when
        // that address has no authentication and is reachable from other hosts.
        snapshot.listeningOn = BrokerConfig.headerAddress(host: broker.address.host, port: broker.address.port)
        return snapshot
    }

    public func events(from sequence: Int) -> [SimEvent] {
        if let kept = published.events(from: sequence) { return kept }
        return (try? broker.host.read { $0.events(from: sequence) }.wait()) ?? []
    }

    /// Publishes a view now, from the simulation's thread, and waits for it.
    private func refresh() {
        let published = self.published
        try? broker.host.read { published.publish(from: $0) }.wait()
    }

    /// The simulation runs on the wall clock by itself; a viewer asking to advance only makes it catch up now.
    public func advance(by duration: Millis) {}

    public func apply(_ command: SimulationCommand) throws {
        defer { refresh() }
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

/// The latest snapshot and the recent events, written on the simulation's thread and read by the dashboard's.
final class PublishedView: @unchecked Sendable {
    // @unchecked: every field is written and read under `lock`.
    private let lock = NSLock()
    private var snapshot: SimulationSnapshot?
    /// Events kept for readers; the dashboard's event log asks for the new ones every frame.
    private var recent = EventLog(capacity: 5_000)

    var latest: SimulationSnapshot? {
        lock.lock()
        defer { lock.unlock() }
        return snapshot
    }

    /// Events numbered `sequence` and later, or nil when some of them are no longer kept here.
    func events(from sequence: Int) -> [SimEvent]? {
        lock.lock()
        defer { lock.unlock() }
        guard snapshot != nil else { return nil }  // nothing published yet
        guard sequence >= recent.kept.first?.sequence ?? recent.happened else { return nil }
        return recent.events(from: sequence)
    }

    /// On the simulation's loop: takes a snapshot and the events since the last publication.
    func publish(from simulation: Simulation) {
        let fresh = simulation.snapshotWithExternalMembers()
        lock.lock()
        defer { lock.unlock() }
        let arrived = simulation.events(from: recent.happened)
        snapshot = fresh
        for event in arrived { recent.append(event) }
    }
}
