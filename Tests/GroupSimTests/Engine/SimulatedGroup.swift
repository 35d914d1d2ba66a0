import GroupCore

@testable import GroupSim

/// One consumer group `g` on topic `t`, built in code and run by the real `Simulation`: members, coordinator and
/// log are wired by the very event path `simulate`, the dashboard, broker mode and the schedule fuzzer use (requests,
/// parked answers, a paused process's socket, events recorded when they happen). Faults are the simulation's own
/// commands (`hang`, `pause`, `crash`, `leave`, `restart`), so a lifecycle test sees whatever that wiring does.
final class SimulatedGroup {
    let simulation: Simulation
    private(set) var events: [SimEvent] = []

    init(
        members: Int, isStatic: Bool = false, partitions: Int = 4, produce: Double = 100,
        _ tweak: (inout ConsumerConfig) -> Void = { _ in }
    ) {
        var config = ConsumerConfig(groupId: "g")
        config.sessionTimeoutMs = 10_000
        config.partitionAssignmentStrategy = [.range]
        tweak(&config)
        let scenario = Scenario(
            name: "lifecycle", seed: 1, duration: 3_600_000, topics: [TopicSpec(name: "t", partitions: partitions)],
            producers: produce > 0 ? [ProducerSpec(topic: "t", pattern: .constant(produce))] : [],
            groups: [GroupSpec(id: "g", topics: ["t"], members: members, config: config, isStatic: isStatic)])
        simulation = Simulation(scenario: scenario)
        simulation.onEvent = { [unowned self] in self.events.append($0) }
    }

    var now: Millis { simulation.now }
    func run(until time: Millis) { simulation.run(until: time) }
    func run(for duration: Millis) { simulation.run(until: simulation.now + duration) }
    func apply(_ command: SimulationCommand) throws { try simulation.apply(command) }

    /// Member n's membership logic (nil while its process is crashed or gone).
    func membership(_ n: Int) -> ConsumerMembership? { simulation.groups[0].members[n - 1].membership }
    var summary: GroupSummary? { simulation.coordinator.groupSummary("g") }

    /// Events of one type (about one member, if given) at or after `time`.
    func events(_ type: String, member: String? = nil, from time: Millis = 0) -> [SimEvent] {
        events.filter { event in
            event.type == type && event.time >= time
                && (member == nil || event.details.contains { $0.key == "member" && $0.value == .string(member!) })
        }
    }

    func detail(_ event: SimEvent, _ key: String) -> JSONValue? { event.details.first { $0.key == key }?.value }
}
