import GroupCore
import Testing

@testable import GroupSim

/// Broker mode: a real client creates topics the scenario never declared (CreateTopics, or auto-creation on first
/// Metadata). Commands aimed at such a topic must be refused with a reason, never index the scenario's topic list.
@Suite struct ExternalTopicCommandTests {
    @Test func rateOnATopicARealClientCreatedIsRefusedAndChangesNothing() throws {
        let sim = Simulation(scenario: try scenario(oneGroup(rate: 300)))
        sim.run(until: 5_000)
        #expect(sim.createExternalTopic("realtopic", partitions: 3))
        #expect(throws: CommandError("realtopic was created by a real client: only real producers write to it")) {
            try sim.apply(.rate(topic: "realtopic", messagesPerSecond: 100))
        }
        sim.run(until: 10_000)
        let snapshot = sim.snapshot()
        let real = try #require(snapshot.topics.first { $0.name == "realtopic" })
        #expect(real.isExternal)
        #expect(real.partitions.map(\.logEndOffset) == [0, 0, 0])
        // The scenario's own topic still takes the command.
        let orders = try #require(snapshot.topics.first { $0.name == "orders" })
        #expect(!orders.isExternal)
        try sim.apply(.rate(topic: "orders", messagesPerSecond: 375))
        #expect(sim.snapshot().topics[0].rate == 375)
    }
}
