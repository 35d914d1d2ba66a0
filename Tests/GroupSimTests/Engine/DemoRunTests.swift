import Foundation
import Testing

@testable import GroupSim

/// Every demo runs headless for its whole duration, and every scripted command applies.
@Suite struct DemoRunTests {
    @Test(arguments: DemoScenarioTests.demoFiles)
    func demoRunsHeadless(file: String) throws {
        let scenario = try Scenario.load(path: DemoScenarioTests.demoDirectory.appendingPathComponent(file).path)
        let recorder = Recorder(scenario)
        recorder.run(until: scenario.duration)
        let failed = recorder.events.filter { $0.type == "command.failed" || $0.type == "member.error" }
        #expect(failed.isEmpty, "\(failed.map(\.message))")
        #expect(recorder.count("rebalance.completed") >= scenario.groups.count)
        for totals in recorder.simulation.summary().totals {
            #expect(totals.processed > 0, "\(totals.group) processed nothing")
        }
    }

    /// What demo/README.md promises for cooperative-vs-eager: eager stops more partitions at once.
    @Test func eagerStopsMorePartitionsAtOnceThanCooperative() throws {
        let scenario = try Scenario.load(
            path: DemoScenarioTests.demoDirectory.appendingPathComponent("cooperative-vs-eager.yaml").path)
        let simulation = Simulation(scenario: scenario)
        simulation.run(until: scenario.duration)
        let totals = Dictionary(uniqueKeysWithValues: simulation.summary().totals.map { ($0.group, $0) })
        let eager = try #require(totals["eager"]), coop = try #require(totals["coop"])
        #expect(eager.peakUnownedPartitions > coop.peakUnownedPartitions)
        #expect(eager.partitionsMoved == coop.partitionsMoved)
    }
}
