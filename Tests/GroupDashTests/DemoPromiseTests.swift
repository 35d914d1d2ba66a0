import Foundation
import GroupCore
import GroupSim
import Testing

/// Every claim demo/README.md makes about a shipped demo, checked by running it headless. Expected values come
/// from Kafka's rules (assignor definitions, session expiry), not from earlier runs.
@Suite struct DemoPromiseTests {
    static let demo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("demo")

    /// Runs a demo to `end`, calling `observe` after every second of virtual time; returns the simulation and its events.
    static func run(
        _ file: String, until end: Millis, observe: (Simulation) -> Void = { _ in }
    ) throws -> (Simulation, [SimEvent]) {
        let scenario = try Scenario.load(path: demo.appendingPathComponent(file).path)
        let simulation = Simulation(scenario: scenario)
        var events: [SimEvent] = []
        simulation.onEvent = { events.append($0) }
        var t: Millis = 0
        while t < end {
            t += 1_000
            simulation.run(until: t)
            observe(simulation)
        }
        return (simulation, events)
    }

    static func lag(_ snapshot: SimulationSnapshot, group: String, owner: String? = nil) -> Int64 {
        snapshot.topics.flatMap(\.partitions).flatMap(\.groups).filter {
            $0.groupId == group && (owner == nil || $0.owner == owner)
        }.reduce(0) { $0 + ($1.lag ?? 0) }
    }

    /// "The crash is noticed 7–10 s later (session timeout 10 s, heartbeat 3 s)": expiry = last heartbeat +
    /// session.timeout.ms, the last heartbeat at most heartbeat.interval.ms before the crash.
    /// "Roundrobin moves 4 partitions, the others 2": RoundRobinAssignor deals 0…5 alternately to the two survivors
    /// (orders-2 and orders-3 change hands besides the dead member's 1 and 4); RangeAssignor gives member 1
    /// orders-0..2 and member 3 orders-3..5 (only the dead member's 2 and 3 move); the sticky assignors move only the
    /// dead member's. "All four stop only the dead member's two partitions" (idle members rejoin within one step).
    @Test func failoverStrategies() throws {
        let (simulation, events) = try Self.run("failover-strategies.yaml", until: 60_000)
        for group in ["ranged", "robin", "sticky", "coop"] {
            let expired = try #require(events.first { $0.type == "member.expired" && $0.group == group })
            #expect(expired.message.contains("\(group)-2"))
            #expect(expired.time >= 37_000 && expired.time <= 40_000, "\(group) noticed at \(expired.time)")
            let moved = events.filter { $0.type == "rebalance.completed" && $0.group == group && $0.time > 30_000 }
                .map(\.message).joined(separator: " ")
            if group == "sticky" || group == "coop" {
                // Only the dead member's partitions move: every move starts at <group>-2.
                let moves = moved.components(separatedBy: "→").dropLast().map { $0.split(separator: " ").last ?? "" }
                #expect(moves.allSatisfy { $0 == "\(group)-2" }, "\(group): \(moved)")
            }
        }
        let totals = Dictionary(uniqueKeysWithValues: simulation.summary().totals.map { ($0.group, $0) })
        #expect(totals["robin"]?.partitionsMoved == 4)
        for group in ["ranged", "sticky", "coop"] { #expect(totals[group]?.partitionsMoved == 2, "\(group)") }
        for group in ["ranged", "robin", "sticky", "coop"] { #expect(totals[group]?.peakUnownedPartitions == 2, "\(group)") }
    }

    /// "static-2 gets its old partitions back with no rebalance at all; dynamic-2 comes back with a new member id and
    /// the group rebalances."
    @Test func staticMembership() throws {
        var staticBefore: [TopicPartition] = []
        var staticAfter: [TopicPartition] = []
        let (_, events) = try Self.run("static-membership.yaml", until: 60_000) { simulation in
            let member = simulation.snapshot().groups.first { $0.id == "static" }?.members.first { $0.name == "static-2" }
            if simulation.now == 29_000 { staticBefore = member?.partitions ?? [] }
            if simulation.now == 59_000 { staticAfter = member?.partitions ?? [] }
        }
        #expect(!staticBefore.isEmpty)
        #expect(staticAfter == staticBefore)
        let after = events.filter { $0.time >= 30_000 && $0.type == "rebalance.started" }
        #expect(!after.contains { $0.group == "static" }, "\(after.map(\.message))")
        #expect(after.contains { $0.group == "dynamic" })
    }

    /// "key-0 takes 60% of orders, and murmur2 puts it on orders-1": Kafka's DefaultPartitioner,
    /// toPositive(murmur2("key-0")) % 6. "Members added at 60s, 90s, 120s do not help."
    @Test func hotPartition() throws {
        var lagAt60: Int64 = 0
        let (simulation, _) = try Self.run("hot-partition.yaml", until: 180_000) { simulation in
            if simulation.now == 60_000 {
                lagAt60 = simulation.snapshot().topics[0].partitions[1].groups[0].lag ?? 0
            }
        }
        let partitions = simulation.snapshot().topics[0].partitions
        #expect(partitions[1].isHot)
        #expect(partitions.filter(\.isHot).count == 1)
        let hotLag = partitions[1].groups[0].lag ?? 0
        #expect(hotLag > lagAt60, "hot partition lag \(lagAt60) at 60s, \(hotLag) at 180s")
        for (p, partition) in partitions.enumerated() where p != 1 { #expect((partition.groups[0].lag ?? 0) < hotLag / 10) }
    }

    /// "Lag climbs on billing-2's partitions only, with no rebalance and no error. After 2m it recovers and the
    /// backlog shrinks by about 100 msg/s (300 of capacity for 200 of load), so it needs longer than the run to drain."
    @Test func slowConsumer() throws {
        var at30: (billing2: Int64, others: Int64) = (0, 0)
        var at2m: (billing2: Int64, others: Int64) = (0, 0)
        let (simulation, events) = try Self.run("slow-consumer.yaml", until: 180_000) { simulation in
            guard simulation.now == 30_000 || simulation.now == 120_000 else { return }
            let snapshot = simulation.snapshot()
            let slow = Self.lag(snapshot, group: "billing", owner: "billing-2")
            let sample = (slow, Self.lag(snapshot, group: "billing") - slow)
            if simulation.now == 30_000 { at30 = sample } else { at2m = sample }
        }
        let end = Self.lag(simulation.snapshot(), group: "billing", owner: "billing-2")
        #expect(at2m.billing2 > 10 * max(at30.billing2, 1), "billing-2: \(at30.billing2) at 30s, \(at2m.billing2) at 2m")
        #expect(at2m.others < 2 * max(at30.others, 1000), "the others: \(at30.others) at 30s, \(at2m.others) at 2m")
        // 60 s at a surplus of ~100 msg/s drains ~6,000 of the backlog: less than all of it.
        #expect(end < at2m.billing2 - 4_000 && end > 1_000, "billing-2's backlog: \(at2m.billing2) at 2m, \(end) at 3m")
        #expect(!events.contains { $0.time > 10_000 && $0.type.hasPrefix("rebalance") })
        #expect(!events.contains { $0.type.contains("error") || $0.type.hasSuffix("failed") })
    }

    /// "Members 3 and 4 take work; members 5 and 6 get no partitions and sit idle, yet each join still costs a
    /// rebalance." Four partitions, at most one member each (ConsumerPartitionAssignor).
    @Test func scaleOut() throws {
        let (simulation, events) = try Self.run("scale-out.yaml", until: 150_000)
        let members = try #require(simulation.snapshot().groups.first).members
        let owning = members.filter { !$0.partitions.isEmpty }.map(\.name)
        #expect(owning.count == 4, "\(owning)")
        #expect(members.count == 6)
        let joins = events.filter { $0.type == "member.added" }.count
        let rebalances = events.filter { $0.type == "rebalance.started" && $0.time > 10_000 }.count
        #expect(rebalances >= joins && joins == 4, "\(joins) joins, \(rebalances) rebalances")
    }

    /// README's reading of `groupscope compare` (default scenario, its fault drill, 10 minutes): the sticky assignors
    /// move the fewest partitions and stop the fewest at once; cooperative-sticky needs two rounds per change (more
    /// rebalances, Kafka's cooperative protocol) and, with idle members, more partition-seconds without an owner.
    @Test func compareReading() {
        var scenario = Scenario.builtInDefault
        scenario.events = StrategyComparison.faultDrill(for: scenario, duration: 600_000)
        let rows = Dictionary(
            uniqueKeysWithValues: StrategyComparison.run(scenario, duration: 600_000).map { ($0.strategy, $0) })
        guard let range = rows[.range], let robin = rows[.roundrobin], let sticky = rows[.sticky],
            let coop = rows[.cooperativeSticky]
        else {
            Issue.record("missing strategies: \(rows.keys)")
            return
        }
        #expect(sticky.partitionsMoved == coop.partitionsMoved)
        #expect(sticky.partitionsMoved <= range.partitionsMoved && range.partitionsMoved < robin.partitionsMoved)
        #expect(sticky.peakStopped < range.peakStopped && coop.peakStopped < robin.peakStopped)
        #expect(coop.rebalances > sticky.rebalances)
        #expect(coop.unownedPartitionSeconds > sticky.unownedPartitionSeconds)
    }

    /// "Member 1 → orders-0, member 2 → orders-1, member 3 → orders-2": Kafka's RoundRobinAssignor over members
    /// sorted by member id.
    @Test func roundRobin3x3() throws {
        let (simulation, _) = try Self.run("roundrobin-3x3.yaml", until: 30_000)
        let members = try #require(simulation.snapshot().groups.first).members
        #expect(members.map { $0.partitions.map(\.description) } == [["orders-0"], ["orders-1"], ["orders-2"]])
    }
}
