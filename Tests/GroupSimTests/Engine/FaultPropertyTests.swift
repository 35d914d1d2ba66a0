import GroupCore
import Testing

@testable import GroupSim

/// Random fault schedules over many seeds: after every step the engine's invariants hold.
@Suite struct FaultPropertyTests {
    @Test(arguments: AssignmentStrategy.allCases)
    func invariantsHoldUnderRandomFaults(strategy: AssignmentStrategy) throws {
        for seed in UInt64(1)...8 {
            var random = SeededGenerator(seed: seed &* 7919 &+ UInt64(strategy.rawValue.count))
            let members = 2 + Int(random.next() % 3)
            let sim = Simulation(
                scenario: try scenario(
                    oneGroup(
                        partitions: 4 + Int(random.next() % 5), members: members, strategy: strategy.rawValue,
                        extra: "      auto.offset.reset: earliest")))
            var t: Millis = 0
            for _ in 0..<40 {
                t += 500 + Millis(random.next() % 4_000)
                let name = "billing-\(1 + Int(random.next() % UInt64(members)))"
                let commands: [SimulationCommand] = [
                    .crash(member: name), .restart(member: name), .leave(member: name), .hang(member: name),
                    .pause(member: name, seconds: Double(1 + random.next() % 12)), .addMember(group: "billing"),
                    .restart(member: name), .slow(member: name, rate: Double(random.next() % 500)),
                ]
                try? sim.apply(commands[Int(random.next() % UInt64(commands.count))])
                // Check between each step, at 100 ms resolution.
                while sim.now < t {
                    sim.run(until: sim.now + 100)
                    try checkInvariants(sim, strategy: strategy)
                }
            }
            // Quiet period: every member restarted, then the group must settle with every partition owned once.
            for m in sim.groups[0].members where !m.isAlive || m.process == .hung { try sim.apply(.restart(member: m.name)) }
            sim.run(until: t + 400_000)
            try checkInvariants(sim, strategy: strategy)
            let snapshot = sim.snapshot()
            #expect(snapshot.groups[0].state == "Stable", "seed \(seed)")
            for p in snapshot.topics[0].partitions { #expect(p.groups[0].owner != nil, "seed \(seed): \(p.partition) unowned") }
            #expect(sim.summary().totals[0].skipped == 0, "seed \(seed): at-least-once must not skip")
        }
    }

    private func checkInvariants(_ sim: Simulation, strategy: AssignmentStrategy) throws {
        var byGeneration: [Int32: Set<TopicPartition>] = [:]
        var all = Set<TopicPartition>()
        // A paused or hung process the coordinator already removed is a zombie that still believes it owns
        // its partitions, in Kafka as here; the guarantees are about members in good standing.
        let inGroup = Set(sim.coordinator.groupSummary("billing")?.memberIds ?? [])
        for member in sim.groups[0].members where member.isAlive && inGroup.contains(member.membership!.memberId) {
            let membership = member.membership!
            for tp in membership.owned {
                let (inserted, _) = byGeneration[membership.generation, default: []].insert(tp)
                #expect(inserted, "\(tp) owned twice in generation \(membership.generation)")
                if strategy == .cooperativeSticky {
                    #expect(all.insert(tp).inserted, "\(tp) owned by two members at once under cooperative")
                }
            }
        }
        for tp in sim.groups[0].partitions {
            let leo = sim.log.partition(tp)!.logEndOffset
            if let committed = sim.coordinator.committedOffset(group: "billing", tp) { #expect(committed <= leo) }
        }
    }
}
