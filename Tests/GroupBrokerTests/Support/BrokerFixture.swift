import Foundation
import GroupBroker
import GroupCore
import GroupSim
import Testing

/// A broker on 127.0.0.1 (port 0) over a scenario, in the test process; events are recorded as they happen.
final class BrokerFixture: @unchecked Sendable {
    let broker: Broker
    private let recorder: EventRecorder

    var port: Int { broker.address.port }
    var bootstrap: String { "127.0.0.1:\(port)" }

    /// A scenario with the given YAML (nil: one quiet topic, no producers, no groups, so the clients are alone).
    init(yaml: String? = nil, config: BrokerConfig = BrokerConfig()) throws {
        let scenario = try Scenario.parse(yaml: yaml ?? Self.quietScenario, file: "test.yaml")
        let simulation = Simulation(scenario: scenario)
        let recorder = EventRecorder()
        simulation.onEvent = { recorder.append($0) }
        self.recorder = recorder
        broker = try Broker.start(simulation: simulation, config: config)
    }

    static let quietScenario = """
        name: broker-test
        seed: 1
        duration: 1h
        topics:
          - { name: quiet, partitions: 3 }
        """

    deinit { broker.stop() }

    var events: [SimEvent] { recorder.all }

    /// Waits up to `timeout` seconds for an event matching `predicate`.
    func waitForEvent(timeout: Double, _ predicate: (SimEvent) -> Bool) -> SimEvent? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let found = events.first(where: predicate) { return found }
            usleep(20_000)
        }
        return events.first(where: predicate)
    }
}

/// Events as the simulation's loop reports them.
final class EventRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [SimEvent] = []
    func append(_ event: SimEvent) {
        lock.lock()
        events.append(event)
        lock.unlock()
    }
    var all: [SimEvent] {
        lock.lock()
        defer { lock.unlock() }
        return events
    }
}

/// Where the third-party clients are, and what to do when one is missing: fail under CI, otherwise skip visibly.
enum Tools {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let kcat = "/usr/bin/kcat"
    static let python = packageRoot.appendingPathComponent(".venv/bin/python").path

    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] != nil }

    /// True when `path` is executable; otherwise records a failure under CI or prints a skip line.
    static func available(_ path: String, for test: String) -> Bool {
        if FileManager.default.isExecutableFile(atPath: path) { return true }
        if isCI {
            Issue.record("\(path) is missing (CI must install it)")
        } else {
            print("SKIPPED \(test): \(path) is not installed")
        }
        return false
    }

    /// Writes `text` to a temporary file and returns its path.
    static func temporaryFile(_ text: String, suffix: String = ".txt") throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gs-broker-\(UUID().uuidString)\(suffix)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
