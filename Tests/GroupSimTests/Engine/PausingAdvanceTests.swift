import GroupCore
import Testing

@testable import GroupSim

/// `advance(by:pausingAt:)` and `snapshot(pausingAt:)`: the dashboard answers keys at these pauses, inside a step. The
/// run must not depend on them: the same scenario gives the same events and the same snapshots with or without.
@Suite struct PausingAdvanceTests {
    /// The default scenario plus a crash and a restart, so that joins, syncs and commits all go through the pauses.
    func world() -> Scenario {
        var scenario = Scenario.builtInDefault
        scenario.events += [
            TimedCommand(at: 8_000, command: .crash(member: "billing-1")),
            TimedCommand(at: 20_000, command: .restart(member: "billing-1")),
        ]
        return scenario
    }

    func lines(_ simulation: Simulation) -> [String] {
        simulation.events(from: 0).map { "\($0.time) \($0.type) \($0.message)" }
    }

    @Test func theRunIsTheSameWithPauses() {
        let scenario = world()
        let plain = Simulation(scenario: scenario)
        let pausing = Simulation(scenario: scenario)
        var pauses = 0
        for _ in 0..<300 {  // 30 s in ticks
            plain.advance(by: Simulation.tickMs)
            pausing.advance(by: Simulation.tickMs, pausingAt: { pauses += 1 })
        }
        #expect(lines(plain).contains { $0.contains("member.crashed") }, "the crash happened")
        #expect(lines(plain) == lines(pausing))
        #expect(pauses > 0)
        var snapshotPauses = 0
        let paused = pausing.snapshot(pausingAt: { snapshotPauses += 1 })
        #expect("\(paused)" == "\(plain.snapshot())")
        // One pause per group's ownership, per topic's view and per group's view.
        #expect(snapshotPauses == 2 * scenario.groups.count + scenario.topics.count)
    }

    /// Inside one tick there is a pause after every member's poll loop, so no stretch between two pauses grows with
    /// the number of members (on the large scenario the auto-commit tick of 400 members takes tens of ms).
    @Test func aTickPausesAfterEveryMembersPollLoop() {
        let scenario = world()
        let simulation = Simulation(scenario: scenario)
        simulation.advance(by: 10_000)
        var pauses = 0
        simulation.advance(by: Simulation.tickMs, pausingAt: { pauses += 1 })
        let members = scenario.groups.reduce(0) { $0 + $1.members }
        #expect(pauses >= members)
        // Outside those calls nothing pauses.
        pauses = 0
        simulation.advance(by: Simulation.tickMs)
        _ = simulation.snapshot()
        #expect(pauses == 0)
    }
}

/// The dashboard records ownership a few topics at a time (keys answered in between): the history must be the one a
/// whole-snapshot observation gives.
@Suite struct OwnershipInPartsTests {
    @Test func observingInPartsGivesTheSameHistory() {
        var scenario = Scenario.builtInDefault
        scenario.events = [TimedCommand(at: 5_000, command: .crash(member: "billing-1"))]
        let simulation = Simulation(scenario: scenario)
        var whole = OwnershipHistory()
        var parts = OwnershipHistory()
        for _ in 0..<200 {  // 20 s: the first join, the crash, its detection and the rebalance after
            simulation.advance(by: Simulation.tickMs)
            let snapshot = simulation.snapshot()
            whole.observe(snapshot)
            // As the dashboard does: the member statuses taken once, then one topic at a time.
            let statuses = OwnershipHistory.memberStatuses(snapshot)
            for t in snapshot.topics.indices { parts.observe(snapshot, topics: t..<(t + 1), statuses: statuses) }
        }
        #expect(whole.start == parts.start)
        #expect(whole.end == parts.end)
        #expect(whole.groups.count == parts.groups.count)
        for (w, p) in zip(whole.groups, parts.groups) {
            #expect(w.id == p.id)
            #expect(w.partitions == p.partitions)
            #expect(w.spans == p.spans)
            #expect(w.members == p.members)
            #expect(w.lag.map(\.lag) == p.lag.map(\.lag))
        }
        // The crash shows: some partition of billing changed hands.
        #expect(whole.groups.contains { $0.spans.contains { $0.count > 1 } })
    }
}
