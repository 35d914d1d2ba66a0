import ArgumentParser
import Foundation
import GroupCore
import GroupSim

/// The options every command that runs a scenario shares.
struct ScenarioOptions: ParsableArguments {
    @Option(name: .long, help: "A scenario file (YAML). Without it, the built-in default scenario runs.")
    var scenario: String?

    @Option(name: .long, help: "Seed for the run's randomness (overrides the scenario's).")
    var seed: UInt64?

    @Option(
        name: .long, help: "Overrides every group's partition.assignment.strategy: range, roundrobin, sticky, cooperative-sticky."
    )
    var strategy: String?

    /// Loads and adjusts the scenario, or prints one line and exits 2.
    func load() throws -> Scenario {
        var loaded: Scenario
        if let path = scenario {
            do { loaded = try Scenario.load(path: path) } catch { fail("\(error)") }
        } else {
            loaded = Scenario.builtInDefault
        }
        if let seed { loaded.seed = seed }
        if let name = strategy {
            guard let parsed = AssignmentStrategy(name: name) else {
                fail("invalid --strategy '\(name)': expected range, roundrobin, sticky or cooperative-sticky")
            }
            loaded = loaded.withStrategy(parsed)
        }
        return loaded
    }
}

/// The options of the commands that run a scenario headless.
struct HeadlessOptions: ParsableArguments {
    @Option(name: .long, help: "How long to simulate (virtual time), e.g. 90s, 5m. Default: the scenario's duration.")
    var duration: String?

    @Option(name: .long, help: "text or json (one JSON object per line).")
    var format: OutputFormat = .text

    /// The virtual instant the run ends at.
    func end(of scenario: Scenario) -> Millis {
        duration.map { parseDuration($0, option: "--duration") } ?? scenario.duration
    }
}

/// Parses `--duration` values: `90s`, `5m`, `1h`, `1500ms`.
func parseDuration(_ text: String, option: String) -> Millis {
    guard let ms = ScenarioDuration.parse(text), ms > 0 else {
        fail("invalid \(option) '\(text)': expected a duration such as 500ms, 90s, 5m or 1h")
    }
    return ms
}

/// One line on stderr and exit code 2: the convention for bad input everywhere in groupscope.
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("groupscope: \(message)\n".utf8))
    exit(2)
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
