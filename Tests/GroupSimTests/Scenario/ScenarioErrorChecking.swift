import Testing

@testable import GroupSim

/// What a bad scenario document says: the one-line error, or "no error" with the scenario's name.
protocol ScenarioErrorChecking {}

extension ScenarioErrorChecking {
    func error(_ yaml: String) -> String {
        do {
            let s = try Scenario.parse(yaml: yaml, file: "bad.yaml")
            return "no error: loaded \(s.name)"
        } catch {
            return error.description
        }
    }

    static var topic: String { "topics:\n  - name: orders\n    partitions: 6\n" }
    static var group: String { topic + "groups:\n  - id: billing\n    topics: [orders]\n    members: 3\n" }
}
