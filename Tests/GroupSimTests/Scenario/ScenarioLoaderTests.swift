import GroupCore
import Testing

@testable import GroupSim

@Suite struct ScenarioLoaderTests {
    /// The shape issue 4 requires, verbatim.
    static let issueExample = """
        seed: 7
        duration: 5m
        topics:
          - name: orders
            partitions: 6
        producers:
          - topic: orders
            rate: 600            # messages per second
            keys: uniform        # none | uniform | zipf:1.2 | hot:0.5
            key-space: 10000
        groups:
          - id: billing
            topics: [orders]
            members: 3
            processing-rate: 250 # per member, messages per second
            config:
              partition.assignment.strategy: cooperative-sticky
              session.timeout.ms: 10000
              heartbeat.interval.ms: 3000
              enable.auto.commit: true
              auto.commit.interval.ms: 5000
        events:
          - at: 30s
            crash: billing-2
          - at: 90s
            restart: billing-2
          - at: 120s
            strategy: { group: billing, to: range }
        """

    @Test func issueExampleLoads() throws {
        let s = try Scenario.parse(yaml: Self.issueExample, file: "example.yaml", defaultName: "example")
        #expect(s.name == "example")
        #expect(s.seed == 7)
        #expect(s.duration == 300_000)
        #expect(s.topics == [TopicSpec(name: "orders", partitions: 6)])
        #expect(s.producers == [ProducerSpec(topic: "orders", pattern: .constant(600), keys: .uniform, keySpace: 10_000)])
        let billing = try #require(s.group(id: "billing"))
        #expect(billing.topics == ["orders"])
        #expect(billing.members == 3)
        #expect(billing.processingRate == 250)
        #expect(billing.config.partitionAssignmentStrategy == [.cooperativeSticky])
        #expect(billing.config.sessionTimeoutMs == 10_000)
        #expect(billing.config.heartbeatIntervalMs == 3_000)
        #expect(billing.config.enableAutoCommit)
        #expect(billing.config.autoCommitIntervalMs == 5_000)
        #expect(billing.config.groupId == "billing")
        #expect(billing.commit == .auto)
        #expect(!billing.isStatic)
        #expect(
            s.events == [
                TimedCommand(at: 30_000, command: .crash(member: "billing-2"), line: 24),
                TimedCommand(at: 90_000, command: .restart(member: "billing-2"), line: 26),
                TimedCommand(at: 120_000, command: .strategy(group: "billing", to: .range), line: 28),
            ])
    }

    @Test func everyCommandAndOptionalKey() throws {
        let yaml = """
            name: everything
            topics:
              - { name: orders, partitions: 3, retention.ms: 60000, retention.messages: 5000 }
            producers:
              - topic: orders
                rate: 100
                pattern: { type: bursts, factor: 4, length: 5s, every: 1m }
                keys: none
                batch-size: 50
            groups:
              - id: g
                topics: orders
                members: 2
                static: true
                commit: before-processing
                config:
                  partition.assignment.strategy: [sticky, range]
            events:
              - { at: 1s, crash: g-1 }
              - { at: 2s, hang: g-2 }
              - { at: 3s, leave: g-1 }
              - { at: 4s, restart: g-1 }
              - { at: 5s, add-member: g }
              - { at: 6s, pause: { member: g-3, for: 1.5s } }
              - { at: 7s, slow: { member: g-3, rate: 50 } }
              - { at: 8s, strategy: { group: g, to: cooperative-sticky } }
              - { at: 9s, rate: { topic: orders, rate: 2000 } }
              - { at: 1m30s, pause-producers: true }
              - { at: 100s, resume-producers: true }
            """
        let s = try Scenario.parse(yaml: yaml, file: "all.yaml")
        #expect(s.name == "everything")
        #expect(s.seed == 1)
        #expect(s.duration == 300_000)
        #expect(s.topics[0] == TopicSpec(name: "orders", partitions: 3, retentionMs: 60_000, retentionMessages: 5_000))
        #expect(s.producers[0].pattern == .bursts(base: 100, factor: 4, length: 5_000, period: 60_000))
        #expect(s.producers[0].keys == KeyDistribution.none)
        #expect(s.producers[0].batchSize == 50)
        let g = s.groups[0]
        #expect(g.isStatic && g.commit == .beforeProcessing && !g.config.enableAutoCommit)
        #expect(g.config.partitionAssignmentStrategy == [.sticky, .range])
        #expect(g.memberConfig(2).groupInstanceId == "g-2")
        #expect(g.config.groupInstanceId == nil)
        #expect(
            s.events.map(\.command) == [
                .crash(member: "g-1"), .hang(member: "g-2"), .leave(member: "g-1"), .restart(member: "g-1"),
                .addMember(group: "g"), .pause(member: "g-3", seconds: 1.5), .slow(member: "g-3", rate: 50),
                .strategy(group: "g", to: .cooperativeSticky), .rate(topic: "orders", messagesPerSecond: 2_000),
                .pauseProducers, .resumeProducers,
            ])
        #expect(s.events.map(\.at).last == 100_000)
    }

    @Test func patterns() throws {
        func pattern(_ text: String) throws -> RatePattern {
            let yaml = "topics: [{ name: t, partitions: 1 }]\nproducers:\n  - { topic: t, rate: 100, pattern: \(text) }\n"
            return try Scenario.parse(yaml: yaml, file: "p.yaml").producers[0].pattern
        }
        #expect(try pattern("constant") == .constant(100))
        #expect(
            try pattern("{ type: ramp, to: 500, over: 2m, start: 30s }")
                == .ramp(from: 100, to: 500, start: 30_000, duration: 120_000))
        #expect(try pattern("{ type: sine, amplitude: 50, period: 10m }") == .sine(mean: 100, amplitude: 50, period: 600_000))
    }

    @Test func durations() {
        #expect(ScenarioDuration.parse("250ms") == 250)
        #expect(ScenarioDuration.parse("30s") == 30_000)
        #expect(ScenarioDuration.parse("1.5s") == 1_500)
        #expect(ScenarioDuration.parse("5m") == 300_000)
        #expect(ScenarioDuration.parse("2h") == 7_200_000)
        #expect(ScenarioDuration.parse("1m30s") == 90_000)
        #expect(ScenarioDuration.parse("0") == 0)
        #expect(ScenarioDuration.parse("300") == nil)
        #expect(ScenarioDuration.parse("5 min") == nil)
        #expect(ScenarioDuration.format(90_000) == "90s")
        #expect(ScenarioDuration.format(300_000) == "5m")
        #expect(ScenarioDuration.format(250) == "250ms")
    }

    @Test func builtInDefaultLoads() {
        let s = Scenario.builtInDefault
        #expect(s.topics.map(\.name) == ["orders", "payments"])
        #expect(s.groups.map(\.id) == ["billing", "analytics", "audit"])
        #expect(Set(s.groups.map { $0.config.partitionAssignmentStrategy[0] }).count == 3)
        #expect(s.events.isEmpty)
        #expect(s.producers.contains { if case .hot = $0.keys { true } else { false } })
        #expect(s.groups.allSatisfy { $0.config.sessionTimeoutMs == 10_000 })
    }

    @Test func strategyOverride() {
        let s = Scenario.builtInDefault.withStrategy(.sticky)
        #expect(s.groups.allSatisfy { $0.config.partitionAssignmentStrategy == [.sticky] })
    }

    @Test func memberNames() {
        let g = GroupSpec(id: "billing-eu", topics: ["t"], members: 3)
        #expect(g.memberName(2) == "billing-eu-2")
        #expect(g.memberNumber("billing-eu-3") == 3)
        #expect(g.memberNumber("billing-eu-03") == nil)
        #expect(g.memberNumber("billing-3") == nil)
    }
}
