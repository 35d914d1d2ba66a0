import Testing

@testable import GroupCore
@testable import GroupSim

/// The schedule tool (Sources/GroupSim/Fuzz): 500 generated worlds with Kafka's group invariants checked after every
/// instant, and proof that each check can fail. `groupscope-bench fuzz --schedules 10000` runs many more.
@Suite struct ScheduleFuzzTests {
    /// 500 schedules in five parallel runs of 100. A failure names its seed and prints the shrunk scenario file.
    @Test(arguments: 0..<5)
    func schedulesKeepTheInvariants(batch: Int) {
        for i in 0..<100 {
            let seed = UInt64(10_000 + batch * 100 + i)
            let scenario = ScheduleGenerator.scenario(seed: seed)
            if let violation = ScheduleFuzzer.check(scenario) {
                let small = ScheduleFuzzer.shrink(scenario, failing: violation, budget: 60)
                Issue.record("seed \(seed): \(violation)\n\(ScenarioYAML.render(small))")
            }
        }
    }

    @Test func generatorIsDeterministicAndVaried() {
        #expect(ScheduleGenerator.scenario(seed: 7) == ScheduleGenerator.scenario(seed: 7))
        let worlds = (1...200).map { ScheduleGenerator.scenario(seed: $0) }
        #expect(Set(worlds.map(\.groups.count)) == [1, 2, 3])
        #expect(worlds.contains { $0.groups.contains(where: \.isStatic) })
        #expect(worlds.contains { $0.groups.contains(where: { !$0.isStatic }) })
        // Several groups on a shared topic.
        #expect(worlds.contains { w in w.groups.count > 1 && Set(w.groups[0].topics).intersection(w.groups[1].topics).count > 0 })
        for strategy in AssignmentStrategy.allCases {
            #expect(worlds.contains { $0.groups.contains { $0.config.partitionAssignmentStrategy.first == strategy } })
        }
        let commands = Set(worlds.flatMap(\.events).map { $0.command.description.split(separator: " ")[0] })
        for name in ["crash", "hang", "leave", "restart", "add-member", "pause", "slow", "strategy", "rate", "pause-producers"] {
            #expect(commands.contains(Substring(name)), "no \(name) in 200 schedules")
        }
    }

    /// A reproduction is a scenario file: the writer's YAML loads back to the very same scenario.
    @Test func scenarioFilesRoundTrip() throws {
        for seed in UInt64(1)...60 {
            let scenario = ScheduleGenerator.scenario(seed: seed)
            let text = ScenarioYAML.render(scenario)
            let loaded = try Scenario.parse(yaml: text, file: "fuzz.yaml", defaultName: "x")
            var expected = scenario
            expected.events = scenario.events.map { TimedCommand(at: $0.at, command: $0.command, line: 0) }
            var actual = loaded
            actual.events = loaded.events.map { TimedCommand(at: $0.at, command: $0.command, line: 0) }
            #expect(actual == expected, "seed \(seed)\n\(text)")
        }
        let patterns = Scenario(
            name: "p \"q\"", seed: 3, duration: 60_000,
            topics: [TopicSpec(name: "a", partitions: 2, retentionMs: 5_000, retentionMessages: 10)],
            producers: [
                ProducerSpec(topic: "a", pattern: .sine(mean: 10, amplitude: 2.5, period: 30_000), keys: .zipf(exponent: 1.1))
            ])
        #expect(try Scenario.parse(yaml: ScenarioYAML.render(patterns), file: "p.yaml") == patterns)
    }

    // MARK: Each check can fail

    static let world = """
        seed: 3
        duration: 2m
        topics:
          - { name: orders, partitions: 4 }
        producers:
          - { topic: orders, rate: 400 }
        groups:
          - id: billing
            topics: [orders]
            members: 2
            processing-rate: 1000
            config: { session.timeout.ms: 10000, heartbeat.interval.ms: 3000, auto.offset.reset: earliest }
        """

    /// Retention deletes records before the group reads them (retention.messages 1 at 400 msg/s on 4 partitions,
    /// members that start late): Kafka's consumer then resets to the earliest offset and the records in between are
    /// never processed. The "nothing skipped" check must see it.
    @Test func skippedRecordsAreCaught() throws {
        let yaml = Self.world.replacingOccurrences(
            of: "{ name: orders, partitions: 4 }", with: "{ name: orders, partitions: 4, retention.messages: 1 }"
        ).replacingOccurrences(of: "processing-rate: 1000", with: "processing-rate: 50")
        // The checks run at every instant until the last event, then until the world settles.
        let violation = try #require(
            ScheduleFuzzer.check(try scenario(yaml + "\nevents:\n  - { at: 90s, pause-producers: true }\n")))
        #expect(violation.invariant == "nothing skipped with auto.offset.reset=earliest")
        #expect(ScheduleFuzzer.check(try scenario(Self.world + "\nevents:\n  - { at: 90s, pause-producers: true }\n")) == nil)
    }

    /// A run that ends before the first rebalance completes (group.initial.rebalance.delay.ms is 3 s in Kafka) has
    /// not settled.
    @Test func anUnsettledEndIsCaught() throws {
        let yaml = Self.world.replacingOccurrences(of: "duration: 2m", with: "duration: 1s")
        let violation = try #require(ScheduleFuzzer.check(try scenario(yaml)))
        #expect(violation.invariant == "every partition owned once the group settles")
    }

    /// Ownership tampered with after the group settled: two members claim one partition in one generation.
    @Test func doubleOwnershipIsCaught() throws {
        let sim = Simulation(scenario: try scenario(Self.world))
        sim.run(until: 30_000)
        var invariants = ScheduleInvariants()
        let before = invariants.check(sim)
        #expect(before == nil)
        #expect(invariants.unsettled(sim) == nil)
        let first = try #require(sim.groups[0].members[0].membership)
        var second = try #require(sim.groups[0].members[1].membership)
        second.owned = (second.owned + first.owned).sorted()
        sim.groups[0].members[1].membership = second
        let after = invariants.check(sim)
        let violation = try #require(after)
        #expect(violation.invariant == "no partition owned twice" || violation.invariant.hasPrefix("cooperative"))
        #expect(invariants.unsettled(sim) != nil)
    }

    /// A partition that lost its owner in a settled group, with no static member replaced, is not excused as Kafka's
    /// held-back gap (StaticRejoinGapTests): the coordinator's assignment still gives it to a member.
    @Test func anUnownedPartitionIsCaught() throws {
        let cooperative = Self.world.replacingOccurrences(
            of: "auto.offset.reset: earliest",
            with: "partition.assignment.strategy: cooperative-sticky, auto.offset.reset: earliest")
        let sim = Simulation(scenario: try scenario(cooperative))
        sim.run(until: 30_000)
        var invariants = ScheduleInvariants()
        #expect(invariants.check(sim) == nil)
        #expect(invariants.unsettled(sim) == nil)
        var first = try #require(sim.groups[0].members[0].membership)
        first.owned.removeFirst()
        sim.groups[0].members[0].membership = first
        #expect(invariants.heldBackAfterStaticRejoin(sim, group: "billing").isEmpty)
        #expect(invariants.unsettled(sim)?.contains("has 0 owners") == true)
    }

    /// The issue's offset and generation rules: a committed offset past the log end, one that moves backwards, and a
    /// generation that goes down are each caught (the coordinator's tables tampered with after a settled run).
    @Test func offsetAndGenerationChecksCanFail() throws {
        func settled() throws -> (Simulation, ScheduleInvariants, TopicPartition, Int64) {
            let sim = Simulation(scenario: try scenario(Self.world))
            sim.run(until: 30_000)
            var invariants = ScheduleInvariants()
            #expect(invariants.check(sim) == nil)
            let tp = TopicPartition("orders", 0)
            let committed = try #require(sim.coordinator.committedOffset(group: "billing", tp))
            #expect(committed > 0, "auto-commit ran in 30 s")
            return (sim, invariants, tp, committed)
        }
        var (sim, invariants, tp, committed) = try settled()
        let end = try #require(sim.log.partition(tp)).logEndOffset
        sim.coordinator.groups["billing"]!.offsets[tp] = end + 1
        #expect(invariants.check(sim)?.invariant == "committed ≤ log end")

        (sim, invariants, tp, committed) = try settled()
        sim.coordinator.groups["billing"]!.offsets[tp] = committed - 1
        #expect(invariants.check(sim)?.invariant == "committed never moves backwards")

        (sim, invariants, tp, committed) = try settled()
        sim.coordinator.groups["billing"]!.generationId -= 1
        #expect(invariants.check(sim)?.invariant == "generations increase")
    }

    /// A failing schedule shrinks to fewer events that still fail the same way, and the file reproduces it.
    @Test func failuresShrinkToAReproducingFile() throws {
        var failing = try scenario(
            Self.world.replacingOccurrences(
                of: "{ name: orders, partitions: 4 }", with: "{ name: orders, partitions: 4, retention.messages: 1 }"
            ).replacingOccurrences(of: "processing-rate: 1000", with: "processing-rate: 50"))
        failing.events = (1...8).map {
            TimedCommand(at: Millis($0) * 5_000, command: .rate(topic: "orders", messagesPerSecond: 400))
        }
        let violation = try #require(ScheduleFuzzer.check(failing))
        let small = ScheduleFuzzer.shrink(failing, failing: violation)
        #expect(small.events.count < failing.events.count)
        let replayed = try Scenario.parse(yaml: ScenarioYAML.render(small), file: "repro.yaml")
        #expect(ScheduleFuzzer.check(replayed)?.invariant == violation.invariant)
    }
}
