import GroupCore

@testable import GroupSim

/// A scenario from YAML text, for tests.
func scenario(_ yaml: String) throws -> Scenario {
    try Scenario.parse(yaml: yaml, file: "test.yaml", defaultName: "test")
}

/// Runs a simulation and collects every event.
final class Recorder {
    let simulation: Simulation
    private(set) var events: [SimEvent] = []

    init(_ scenario: Scenario) {
        simulation = Simulation(scenario: scenario)
        simulation.onEvent = { [unowned self] in self.events.append($0) }
    }

    func run(until t: Millis) { simulation.run(until: t) }

    func first(_ type: String, member: String? = nil, after t: Millis = 0) -> SimEvent? {
        events.first { event in
            event.type == type && event.time >= t
                && (member == nil || event.details.contains { $0.key == "member" && $0.value == .string(member!) })
        }
    }

    func count(_ type: String, group: String? = nil) -> Int {
        events.filter { $0.type == type && (group == nil || $0.group == group) }.count
    }
}

/// One group of `members` on a topic of `partitions`, with the given config lines.
func oneGroup(
    partitions: Int = 6, members: Int = 3, rate: Double = 300, processing: Double = 400, strategy: String = "range",
    extra: String = "", groupExtra: String = "", events: String = ""
) -> String {
    """
    seed: 5
    duration: 5m
    topics:
      - name: orders
        partitions: \(partitions)
    producers:
      - topic: orders
        rate: \(rate)
        keys: uniform
    groups:
      - id: billing
        topics: [orders]
        members: \(members)
        processing-rate: \(processing)
    \(groupExtra)
        config:
          partition.assignment.strategy: \(strategy)
          session.timeout.ms: 10000
          heartbeat.interval.ms: 3000
    \(extra)
    \(events.isEmpty ? "" : "events:\n" + events)
    """
}
