import ArgumentParser
import Foundation
import GroupCore
import GroupSim

/// `groupscope-bench fuzz`: generated schedules (ScheduleGenerator) with the group invariants checked after every
/// instant (ScheduleFuzzer). Last line: `schedules=N failures=F`. For each failure: its seed, the broken invariant
/// and a shrunk scenario file that reproduces it with `--replay FILE`.
struct FuzzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fuzz",
        abstract:
            "Run random schedules of joins, crashes, hangs, pauses, restarts and strategy changes; check Kafka's invariants.")

    @Option(help: "How many schedules to run.") var schedules = 1_000
    @Option(help: "The first seed; schedule i uses seed + i.") var seed: UInt64 = 1
    @Option(help: "Check one scenario file instead (a reproduction printed by an earlier run).") var replay: String?
    @Option(help: "Failures to shrink and print in full (the others are listed by seed).") var show = 3

    func run() throws {
        if let replay {
            let scenario: Scenario
            do { scenario = try Scenario.load(path: replay) } catch {
                FileHandle.standardError.write(Data("groupscope-bench: \(error)\n".utf8))
                throw ExitCode(2)
            }
            if let violation = ScheduleFuzzer.check(scenario) {
                print("failure: \(violation)")
                throw ExitCode(1)
            }
            print("ok: every invariant held")
            return
        }
        guard schedules >= 0, schedules <= 100_000_000 else { throw ValidationError("--schedules: 0 to 100000000") }
        let clock = ContinuousClock()
        let start = clock.now
        var failures: [(seed: UInt64, violation: InvariantViolation)] = []
        for i in 0..<schedules {
            let current = seed &+ UInt64(i)
            if let violation = ScheduleFuzzer.check(ScheduleGenerator.scenario(seed: current)) {
                failures.append((current, violation))
                print("seed=\(current) failed: \(violation)")
            }
        }
        let elapsed = clock.now - start
        for failure in failures.prefix(show) {
            let scenario = ScheduleGenerator.scenario(seed: failure.seed)
            let small = ScheduleFuzzer.shrink(scenario, failing: failure.violation)
            let again = ScheduleFuzzer.check(small) ?? failure.violation
            print("\n# seed \(failure.seed): \(again)")
            print("# reproduce: save as fuzz-\(failure.seed).yaml, then groupscope-bench fuzz --replay fuzz-\(failure.seed).yaml")
            print(ScenarioYAML.render(small), terminator: "")
        }
        let seconds = elapsed.inMilliseconds / 1_000
        print("schedules=\(schedules) failures=\(failures.count) seconds=\(String(format: "%.1f", seconds))")
        if !failures.isEmpty { throw ExitCode(1) }
    }
}
