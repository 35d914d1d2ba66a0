import GroupCore
import GroupSim
import Testing

/// The snapshot the dashboard shows, from the real simulation.
@Suite struct HonestSnapshotTests {
    /// Kafka's heartbeat thread leaves the group when the application has not polled within max.poll.interval.ms
    /// (AbstractCoordinator.maybeLeaveGroup, "consumer poll timeout has expired"): from then on the hung member owns
    /// nothing, and no partition is shown as its or as owned twice.
    @Test func aHungMemberPastItsPollTimeoutHasLeftTheGroupAndOwnsNothing() throws {
        let simulation = Simulation(scenario: .builtInDefault)
        simulation.run(until: 20_000)
        try simulation.apply(.hang(member: "billing-1"))
        let hung = try #require(simulation.snapshot().groups[0].members.first { $0.name == "billing-1" })
        #expect(hung.status == .hung)
        #expect(!hung.partitions.isEmpty)
        let pollTimeout = try #require(hung.pollTimeoutInMs)
        simulation.run(until: simulation.now + pollTimeout + 20_000)
        let snapshot = simulation.snapshot()
        let left = try #require(snapshot.groups[0].members.first { $0.name == "billing-1" })
        #expect(left.status == .hungLeftGroup)
        #expect(left.status.rawValue == "hung (left group)")
        #expect(left.partitions.isEmpty)
        let views = snapshot.topics.flatMap(\.partitions).flatMap(\.groups).filter { $0.groupId == "billing" }
        #expect(!views.contains { $0.owner == "billing-1" })
        let owned = snapshot.groups[0].members.flatMap(\.partitions)
        #expect(Set(owned).count == owned.count)
    }

    /// LAG as kafka-consumer-groups.sh: LOG-END-OFFSET − CURRENT-OFFSET, nil (shown `-`) where nothing is committed.
    @Test func lagIsLogEndMinusCommitted() {
        let simulation = Simulation(scenario: .builtInDefault)
        simulation.run(until: 30_000)
        let snapshot = simulation.snapshot()
        var committedSeen = 0
        for partition in snapshot.topics.flatMap(\.partitions) {
            for view in partition.groups {
                if let committed = view.committedOffset {
                    #expect(view.lag == partition.logEndOffset - committed)
                    committedSeen += 1
                } else {
                    #expect(view.lag == nil)
                }
            }
        }
        #expect(committedSeen > 0)
    }
}
