import ArgumentParser
import Foundation
import GroupCore
import GroupSim

/// Runs one scenario once per assignment strategy and prints what each cost.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract:
            "Run a scenario once per assignment strategy and compare rebalances, moves, stop-the-world time, lag and duplicates.")

    @OptionGroup var options: ScenarioOptions
    @OptionGroup var headless: HeadlessOptions

    func run() throws {
        var scenario = try options.load()
        let end = headless.end(of: scenario)
        let drill = scenario.events.isEmpty
        if drill { scenario.events = StrategyComparison.faultDrill(for: scenario, duration: end) }
        let rows = StrategyComparison.run(scenario, duration: end)
        switch headless.format {
        case .json:
            for row in rows { print(row.json.serialized) }
        case .text:
            if drill {
                print("\(scenario.name) has no scripted events; each run uses the same fault drill:")
                for event in scenario.events { print("  at \(ScenarioDuration.format(event.at)): \(event.command)") }
                print("")
            }
            print(StrategyComparison.table(rows), terminator: "")
        }
    }
}
