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
        // Where real clients connect: the header shows it (the port the system picked for `--listen 0`).
        snapshot.listeningOn = "\(broker.address.host):\(broker.address.port)"
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
            // A topic a real client created (Metadata auto-creation, CreateTopics) is fed by real producers; the
            // simulated producers' rates are the scenario's topics'.
            if case .rate(let topic, _) = command, !simulation.scenario.topics.contains(where: { $0.name == topic }),
                simulation.topicPartitionCounts.contains(where: { $0.name == topic })
            {
                throw CommandError("\(topic) was created by a real client: only real producers write to it")
            }
            try simulation.apply(command)
        }.wait()
    }
}

/// The latest snapshot and the recent events, written on the simulation's thread and read by the dashboard's.
final class PublishedView: @unchecked Sendable {
    // @unchecked: every field is written under `lock`, and only on the simulation's loop (which may read
    // `nextSequence` without it).
    private let lock = NSLock()
    private var snapshot: SimulationSnapshot?
    private var recent: [SimEvent] = []
    private var nextSequence = 0

    /// Events kept for readers; the dashboard's event log asks for the new ones every frame.
    static let capacity = 5_000

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
        let first = recent.first?.sequence ?? nextSequence
        guard sequence >= first else { return nil }
        return Array(recent[min(recent.count, sequence - first)...])
    }

    /// On the simulation's loop: takes a snapshot and the events since the last publication.
    func publish(from simulation: Simulation) {
        let fresh = simulation.snapshotWithExternalMembers()
        let arrived = simulation.events(from: nextSequence)
        lock.lock()
        defer { lock.unlock() }
        if let last = arrived.last { nextSequence = last.sequence + 1 }
        snapshot = fresh
        recent += arrived
        if recent.count > Self.capacity { recent.removeFirst(recent.count - Self.capacity) }
    }
}
