import ArgumentParser
import Foundation
import GroupCore
import GroupSim

/// The options every command that runs a scenario shares.
struct ScenarioOptions: ParsableArguments {
    @Option(name: .long, help: "A scenario file (YAML). Without it, the built-in default scenario runs.")
    var scenario: String?

    // Unconditional so that `--seed -5` reaches the check below instead of reading as an option named -5.
    @Option(name: .long, parsing: .unconditional, help: "Seed for the run's randomness (overrides the scenario's).")
    var seed: String?

    /// Loads and adjusts the scenario, or prints one line and exits 2.
    func load(strategy: StrategyOption? = nil) throws -> Scenario {
        var loaded: Scenario
        if let path = scenario {
            do { loaded = try Scenario.load(path: path) } catch { fail("\(error)") }
        } else {
            loaded = Scenario.builtInDefault
        }
        if let seed {
            guard let value = UInt64(seed.replacingOccurrences(of: "_", with: "")) else {
                fail("invalid --seed '\(seed)': expected a whole number from 0 to \(UInt64.max)")
            }
            loaded.seed = value
        }
        if let name = strategy?.strategy {
            guard let parsed = AssignmentStrategy(name: name) else {
                fail("invalid --strategy '\(name)': expected \(AssignmentStrategy.expectedNames)")
            }
            loaded = loaded.withStrategy(parsed)
        }
        return loaded
    }
}

/// `--strategy`, for the commands that run one strategy (`compare` runs them all and does not offer it).
struct StrategyOption: ParsableArguments {
    @Option(
        name: .long, help: "Overrides every group's partition.assignment.strategy: \(AssignmentStrategy.expectedNames)."
    )
    var strategy: String?
}

/// The options of the commands that run a scenario headless.
struct HeadlessOptions: ParsableArguments {
    @Option(
        name: .long, parsing: .unconditional,
        help: "How long to simulate (virtual time), e.g. 90s, 5m. Default: the scenario's duration.")
    var duration: String?

    @Option(name: .long, help: "text or json (one JSON object per line).")
    var format: OutputFormat = .text

    /// The virtual instant the run ends at.
    func end(of scenario: Scenario) -> Millis {
        duration.map { parseDuration($0, option: "--duration") } ?? scenario.duration
    }
}

/// Parses `--duration` values: `90s`, `5m`, `1h`, `1500ms`, longer than 0 and at most the longest run.
func parseDuration(_ text: String, option: String) -> Millis {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if trimmed.hasPrefix("-") { fail("invalid \(option) '\(text)': a duration cannot be negative") }
    guard let ms = ScenarioDuration.parse(trimmed) else {
        fail("invalid \(option) '\(text)': expected a duration such as 500ms, 90s, 5m or 1h")
    }
    guard ms > 0 else { fail("invalid \(option) '\(text)': the duration must be longer than 0") }
    guard ms <= ScenarioLimits.maxDurationMs else {
        fail("invalid \(option) '\(text)': at most \(ScenarioDuration.format(ScenarioLimits.maxDurationMs))")
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
