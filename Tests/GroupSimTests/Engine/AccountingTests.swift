import GroupCore
import Testing

@testable import GroupSim

@Suite struct AccountingTests {
    @Test func crashWithAutoCommitRedeliversUncommittedMessages() throws {
        let r = Recorder(try scenario(oneGroup(events: "  - { at: 32500ms, crash: billing-2 }")))
        r.run(until: 90_000)
        let totals = r.simulation.summary().totals[0]
        #expect(totals.duplicates > 0)
        #expect(totals.skipped == 0)
        #expect(totals.processed > 0)
    }

    @Test func atMostOnceCommitsSkipMessagesAfterACrash() throws {
        let r = Recorder(
            try scenario(
                oneGroup(
                    processing: 50, extra: "      enable.auto.commit: false", groupExtra: "    commit: before-processing",
                    events: "  - { at: 32500ms, crash: billing-2 }")))
        r.run(until: 90_000)
        #expect(r.simulation.summary().totals[0].skipped > 0)
    }

    /// The summary's LAG is kafka-consumer-groups.sh's (ConsumerGroupCommand: LOG-END-OFFSET − CURRENT-OFFSET, and no
    /// lag where nothing is committed), in the text table and in JSON alike.
    @Test func summaryLagIsLogEndMinusCommittedAndNullWithoutACommit() throws {
        let r = Recorder(try scenario(oneGroup(events: "")))
        r.run(until: 1_000)  // inside the initial rebalance delay: nothing is committed yet
        let early = r.simulation.summary()
        #expect(!early.rows.isEmpty && early.rows.allSatisfy { $0.committedOffset == nil && $0.lag == nil })
        #expect(early.json.serialized.contains(#""committed":null,"log_end_offset":"#))
        #expect(early.json.serialized.contains(#""lag":null"#))
        r.run(until: 60_000)
        let later = r.simulation.summary()
        let committed = later.rows.filter { $0.committedOffset != nil }
        #expect(!committed.isEmpty)
        for row in committed { #expect(row.lag == row.logEndOffset - row.committedOffset!) }
    }

    @Test func slowConsumerBuildsLag() throws {
        let r = Recorder(try scenario(oneGroup(events: "  - { at: 20s, slow: { member: billing-1, rate: 10 } }")))
        r.run(until: 20_000)
        let lagBefore = r.simulation.snapshot().groups[0].members[0].lag
        r.run(until: 80_000)
        let lagAfter = r.simulation.snapshot().groups[0].members[0].lag
        #expect(lagAfter > lagBefore + 3_000)
    }

    @Test func retentionPastTheConsumerIsShownAsSkipped() throws {
        let yaml = """
            seed: 3
            topics:
              - { name: orders, partitions: 2, retention.messages: 500 }
            producers:
              - { topic: orders, rate: 400 }
            groups:
              - id: billing
                topics: [orders]
                members: 1
                processing-rate: 20
                config: { auto.offset.reset: earliest, session.timeout.ms: 10000, heartbeat.interval.ms: 3000 }
            """
        let r = Recorder(try scenario(yaml))
        r.run(until: 60_000)
        #expect(r.count("offset.out-of-range") > 0)
        #expect(r.simulation.summary().totals[0].skipped > 0)
    }

    @Test func sameSeedSameEventsByteForByte() throws {
        func run() -> String {
            let sim = Simulation(scenario: Scenario.builtInDefault)
            var out = ""
            sim.onEvent = { out += $0.json.serialized + "\n" }
            try? sim.apply(.crash(member: "billing-2"))
            sim.run(until: 120_000)
            return out + sim.summary().json.serialized
        }
        let a = run(), b = run()
        #expect(a == b)
        #expect(a.contains("\"type\":\"rebalance.completed\""))
    }

    @Test func snapshotMarksUnassignedPartitionsDuringAnEagerRebalance() throws {
        let r = Recorder(try scenario(oneGroup(events: "  - { at: 30s, crash: billing-2 }")))
        r.run(until: 30_000)
        var marks: Set<Ownership> = []
        // Between detection and the new assignment, eager members revoke everything.
        for t in stride(from: Millis(36_000), through: 42_000, by: 100) {
            r.run(until: t)
            for p in r.simulation.snapshot().topics[0].partitions { marks.insert(p.groups[0].ownership) }
        }
        #expect(marks.contains(.unassigned))
        #expect(marks.contains(.owned))
    }
}
