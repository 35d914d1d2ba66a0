import Foundation
import GroupCore
import Testing

@testable import GroupSim

/// The fetch loop keeps each owned partition's position in the member's slot and writes it through to the membership
/// by dictionary index. The membership (Kafka's SubscriptionState: the position is the next offset to read) stays the
/// one truth: at every instant, whatever happened (eager and cooperative rebalances, crashes, restarts, clean leaves
/// that rewind to the first unprocessed record, retention pushing positions out of range, GC pauses), what the slots
/// and the snapshot say must be exactly what the membership holds.
@Suite struct PositionMirrorTests {
    static let demoDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("demo")

    /// Checks every live member of every group against its membership; returns how many positions were compared.
    @discardableResult
    static func check(_ simulation: Simulation) -> Int {
        var compared = 0
        let snapshot = simulation.snapshot()  // also brings the slots up to date
        for group in simulation.groups {
            for member in group.members {
                guard member.isAlive, let membership = member.membership else { continue }
                #expect(member.slotsPositionsRevision == membership.positionsRevision)
                for slot in member.slots {
                    let truth = membership.positions[slot.partition]
                    #expect((slot.positionIndex == nil ? nil : slot.position) == truth, "\(member.name) \(slot.partition)")
                    compared += 1
                }
                if member.process == .hung && Simulation.leftOnPollTimeout(membership) { continue }
                for tp in membership.owned {
                    let topic = snapshot.topics.first { $0.name == tp.topic }
                    let view = topic?.partitions[Int(tp.partition)].groups.first { $0.groupId == group.spec.id }
                    #expect(view != nil)
                    #expect(view?.position == membership.positions[tp], "\(member.name) \(tp) in the snapshot")
                }
            }
        }
        return compared
    }

    static func runChecking(_ scenario: Scenario, until end: Millis, every step: Millis = 500) -> Int {
        let simulation = Simulation(scenario: scenario)
        var compared = 0
        var t: Millis = 0
        while t < end {
            t += step
            simulation.run(until: t)
            compared += check(simulation)
        }
        return compared
    }

    @Test(arguments: ["cooperative-vs-eager.yaml", "failover-strategies.yaml", "static-membership.yaml"])
    func demoRunsKeepTheMirrorExact(file: String) throws {
        let scenario = try Scenario.load(path: Self.demoDirectory.appendingPathComponent(file).path)
        #expect(Self.runChecking(scenario, until: 150_000) > 1_000)
    }

    @Test func leavesPausesRestartsAndRetentionKeepTheMirrorExact() throws {
        // retention.messages 200 on a slow group: positions fall below the log start and are reset (out of range);
        // a clean leave rewinds the position to the first unprocessed record; a GC pause and a hang stall the loop.
        let yaml = oneGroup(
            processing: 60, strategy: "cooperative-sticky",
            events: """
                  - { at: 20s, pause: { member: billing-1, for: 5s } }
                  - { at: 30s, leave: billing-2 }
                  - { at: 45s, restart: billing-2 }
                  - { at: 60s, hang: billing-3 }
                  - { at: 100s, restart: billing-3 }
                """
        ).replacingOccurrences(of: "    partitions: 6\n", with: "    partitions: 6\n    retention.messages: 200\n")
        let scenario = try scenario(yaml)
        #expect(scenario.topics[0].retentionMessages == 200)
        let simulation = Simulation(scenario: scenario)
        var outOfRange = 0
        simulation.onEvent = { if $0.type == "offset.out-of-range" { outOfRange += 1 } }
        var t: Millis = 0
        while t < 150_000 {
            t += 250
            simulation.run(until: t)
            Self.check(simulation)
        }
        #expect(outOfRange > 0)  // the reset path ran
    }
}
