import GroupCore
import Testing

@testable import GroupSim

@Suite struct FaultDetectionTests {
    @Test func crashIsDetectedBetweenSevenAndTenSecondsLater() throws {
        for crashAt in stride(from: 20_000, through: 23_000, by: 700) {
            let r = Recorder(try scenario(oneGroup(events: "  - { at: \(crashAt)ms, crash: billing-2 }")))
            r.run(until: 60_000)
            let expired = try #require(r.first("member.expired", member: "billing-2"))
            let delay = expired.time - Millis(crashAt)
            #expect(delay >= 7_000 && delay <= 10_000, "detected \(delay) ms after the crash")
            let completed = try #require(r.first("rebalance.completed", after: expired.time))
            #expect(completed.time >= expired.time)
        }
    }

    @Test func snapshotCountsDownToTheDetectionOfACrash() throws {
        let r = Recorder(try scenario(oneGroup(events: "  - { at: 30s, crash: billing-2 }")))
        r.run(until: 31_000)
        func countdown() -> Millis? { r.simulation.snapshot().groups[0].members[1].detectionInMs }
        let first = try #require(countdown())
        #expect(first > 0 && first <= 9_000)
        r.run(until: 32_000)
        #expect(countdown() == first - 1_000)
        r.run(until: 60_000)
        let expired = try #require(r.first("member.expired", member: "billing-2"))
        #expect(expired.time == 31_000 + first)
        #expect(countdown() == nil)
    }

    @Test func hangIsDetectedAtMaxPollInterval() throws {
        let r = Recorder(
            try scenario(oneGroup(extra: "      max.poll.interval.ms: 20000", events: "  - { at: 30s, hang: billing-1 }")))
        r.run(until: 90_000)
        let timeout = try #require(r.first("member.poll-timeout", member: "billing-1"))
        // The last poll happened during the tick before the hang (ticks are 100 ms).
        #expect(timeout.time >= 30_000 + 20_000 - 100 && timeout.time <= 30_000 + 20_000)
        #expect(r.first("member.left", member: "billing-1", after: timeout.time)?.time == timeout.time)
        // Heartbeats went on, so the coordinator never expired it.
        #expect(r.first("member.expired", member: "billing-1") == nil)
    }

    @Test func cleanLeaveRebalancesAtOnce() throws {
        let r = Recorder(try scenario(oneGroup(events: "  - { at: 30s, leave: billing-3 }")))
        r.run(until: 60_000)
        let left = try #require(r.first("member.left", member: "billing-3"))
        #expect(left.time == 30_000)
        #expect(r.first("rebalance.started", after: 30_000)?.time == 30_000)
        let snapshot = r.simulation.snapshot()
        #expect(snapshot.groups[0].members.first { $0.name == "billing-3" }?.status == .left)
        let owners = Set(snapshot.topics[0].partitions.compactMap { $0.groups[0].owner })
        #expect(owners == ["billing-1", "billing-2"])
    }

    @Test func gcPauseLongerThanTheSessionFencesTheMemberWhichThenRejoins() throws {
        let r = Recorder(try scenario(oneGroup(events: "  - { at: 30s, pause: { member: billing-2, for: 15s } }")))
        r.run(until: 90_000)
        let expired = try #require(r.first("member.expired", member: "billing-2"))
        #expect(expired.time < 45_000)
        #expect(r.first("member.resumed", member: "billing-2")?.time == 45_000)
        #expect(r.first("member.joined", member: "billing-2", after: 45_000) != nil)
        let member = r.simulation.snapshot().groups[0].members.first { $0.name == "billing-2" }!
        #expect(member.status == .stable && !member.partitions.isEmpty)
    }

    @Test func staticMemberRidesThroughARestartWithoutARebalance() throws {
        let r = Recorder(
            try scenario(
                oneGroup(
                    groupExtra: "    static: true",
                    events: "  - { at: 30s, crash: billing-2 }\n  - { at: 33s, restart: billing-2 }")))
        r.run(until: 30_000)
        let before = r.count("rebalance.completed")
        let owned = r.simulation.snapshot().groups[0].members.first { $0.name == "billing-2" }!.partitions
        r.run(until: 120_000)
        #expect(r.count("rebalance.completed") == before)
        #expect(r.first("member.rejoined-static", member: "billing-2")?.time == 33_000)
        #expect(r.simulation.snapshot().groups[0].members.first { $0.name == "billing-2" }!.partitions == owned)
    }

    @Test func membersBeyondThePartitionCountSitIdle() throws {
        let r = Recorder(try scenario(oneGroup(partitions: 3, members: 5)))
        r.run(until: 30_000)
        let members = r.simulation.snapshot().groups[0].members
        #expect(members.filter { $0.partitions.isEmpty }.count == 2)
        #expect(members.filter { $0.partitions.count == 1 }.count == 3)
    }

    @Test func seedDocumentExampleRoundRobinThreeByThree() throws {
        let r = Recorder(try scenario(oneGroup(partitions: 3, members: 3, strategy: "roundrobin")))
        r.run(until: 30_000)
        let members = r.simulation.snapshot().groups[0].members
        #expect(
            members.map(\.partitions) == [
                [TopicPartition("orders", 0)], [TopicPartition("orders", 1)], [TopicPartition("orders", 2)],
            ])
    }

    @Test func memberIdsSortLikeNamesPastNineMembers() throws {
        let r = Recorder(try scenario(oneGroup(partitions: 12, members: 12, strategy: "roundrobin")))
        r.run(until: 30_000)
        let members = r.simulation.snapshot().groups[0].members
        #expect(members.map(\.partitions) == (0..<12).map { [TopicPartition("orders", Int32($0))] })
    }

    @Test func rollingStrategyChangeEndsOnTheNewStrategy() throws {
        let r = Recorder(
            try scenario(
                oneGroup(strategy: "range", events: "  - { at: 30s, strategy: { group: billing, to: cooperative-sticky } }")))
        r.run(until: 120_000)
        #expect(r.first("strategy.changed")?.time == 30_000)
        let group = r.simulation.snapshot().groups[0]
        #expect(group.protocolName == "cooperative-sticky")
        #expect(group.state == "Stable")
        #expect(
            r.simulation.groups[0].members.allSatisfy {
                $0.membership!.config.partitionAssignmentStrategy == [.cooperativeSticky]
            })
    }

    @Test func pausedProducersStopTheLogButKeepTheirConfiguredRate() throws {
        let sim = Simulation(scenario: try scenario(oneGroup(rate: 300)))
        sim.run(until: 10_000)
        try sim.apply(.pauseProducers)
        let end = sim.snapshot().topics[0].partitions.map(\.logEndOffset)
        sim.run(until: 20_000)
        let snapshot = sim.snapshot()
        #expect(snapshot.topics[0].partitions.map(\.logEndOffset) == end)
        #expect(snapshot.producersPaused && snapshot.produceRate == 0)
        #expect(snapshot.topics[0].rate == 300)
        try sim.apply(.rate(topic: "orders", messagesPerSecond: 375))
        try sim.apply(.resumeProducers)
        sim.run(until: 30_000)
        #expect(sim.snapshot().produceRate == 375)
    }

    @Test func commandsOnUnknownOrWrongMembersFailWithOneLine() throws {
        let sim = Simulation(scenario: try scenario(oneGroup()))
        sim.run(until: 10_000)
        #expect(throws: CommandError("unknown member billing-9")) { try sim.apply(.crash(member: "billing-9")) }
        #expect(throws: CommandError("billing-1 is stable, not crashed, hung or left")) {
            try sim.apply(.restart(member: "billing-1"))
        }
        #expect(throws: CommandError("unknown topic nope")) { try sim.apply(.rate(topic: "nope", messagesPerSecond: 1)) }
    }
}
