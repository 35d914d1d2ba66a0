import ArgumentParser
import Foundation
import GroupDash
import GroupSim

/// `groupscope` with no subcommand: the live dashboard on a scenario, paced to wall time × speed.
struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "The live terminal dashboard (the default when no subcommand is given).")

    @OptionGroup var options: ScenarioOptions
    @OptionGroup var strategy: StrategyOption

    // Unconditional so that `--speed -1` reaches the range check instead of reading as an option named -1.
    @Option(name: .long, parsing: .unconditional, help: "Simulation speed: virtual seconds per wall second (0.25 … 100).")
    var speed: String = "1"

    func run() throws {
        guard let speed = Double(speed), speed.isFinite, speed >= 0.25, speed <= 100 else {
            fail("invalid --speed '\(speed)': expected a number from 0.25 to 100")
        }
        let scenario = try options.load(strategy: strategy)
        do {
            let simulation = Simulation(scenario: scenario)
            simulation.run(until: 0)  // members start, so the first frame shows them joining
            try Dashboard.run(source: simulation, options: DashboardOptions(scenarioName: scenario.name, speed: speed))
        } catch let error as DashboardError {
            fail("\(error)")
        }
    }
}
