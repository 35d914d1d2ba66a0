import ArgumentParser
import Foundation
import GroupBroker
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

    @OptionGroup var broker: BrokerOptions

    func run() throws {
        guard let speed = Double(speed), speed.isFinite, speed >= 0.25, speed <= 100 else {
            fail("invalid --speed '\(speed)': expected a number from 0.25 to 100")
        }
        let scenario = try options.load(strategy: strategy)
        if let config = broker.config() {
            try runServing(scenario, config)
            return
        }
        do {
            let simulation = Simulation(scenario: scenario)
            simulation.run(until: 0)  // members start, so the first frame shows them joining
            try Dashboard.run(source: simulation, options: DashboardOptions(scenarioName: scenario.name, speed: speed))
        } catch let error as DashboardError {
            fail("\(error)")
        }
    }

    /// `--listen`: the same dashboard over the cluster served to real clients (broker mode, wall clock ×1).
    private func runServing(_ scenario: Scenario, _ config: BrokerConfig) throws {
        let serving: Broker
        do { serving = try Broker.start(simulation: Simulation(scenario: scenario), config: config) } catch { fail("\(error)") }
        BrokerOptions.warnIfExposed(serving)
        defer { serving.stop() }
        do {
            try Dashboard.run(source: BrokerSource(broker: serving), options: DashboardOptions(scenarioName: scenario.name))
        } catch let error as DashboardError {
            serving.stop()
            fail("\(error)")
        }
    }
}
