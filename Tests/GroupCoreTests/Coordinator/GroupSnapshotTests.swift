import Testing

@testable import GroupCore

@Suite struct GroupSnapshotTests {
    @Test func snapshotShowsOwnersCommittedOffsetsAndLagAsTheBrokerKnowsThem() throws {
        var h = GroupHarness()
        h.log.createTopic("t", partitions: 4)
        for _ in 0..<2 { h.addMember(h.config { $0.autoOffsetReset = .earliest }, topics: ["t"]) }
        h.run(until: 10_000)
        for p in 0..<4 { h.log.append(topic: 0, partition: p, count: 100, at: 10_000) }
        // Member 0 reads and commits 40 records of each partition it owns.
        h.with(0) { member in
            for tp in member.owned { member.setPosition(tp, 40) }
            return member.commit()
        }
        h.run(until: 12_000)

        let snapshot = try #require(h.coordinator.snapshot(log: h.log, now: 12_000).first)
        #expect(snapshot.groupId == "g" && snapshot.state == .stable && snapshot.generationId == 1)
        #expect(snapshot.protocolName == "range")
        #expect(snapshot.members.count == 2)
        #expect(Set(snapshot.members.flatMap(\.assignment)) == Set((0..<4).map { TopicPartition("t", Int32($0)) }))
        #expect(snapshot.partitions.count == 4)
        let owned0 = Set(h[0].owned)
        for partition in snapshot.partitions {
            #expect(partition.owner != nil)
            #expect(partition.logEndOffset == 100)
            if owned0.contains(partition.partition) {
                #expect(partition.committedOffset == 40 && partition.lag == 60 && partition.timeLagMs == 2_000)
            } else {
                // ConsumerGroupCommand.getLag: log end − committed, and no lag (printed `-`) without a commit.
                #expect((partition.committedOffset ?? 0) == 0)
                #expect(partition.lag == partition.committedOffset.map { 100 - $0 })
            }
        }
    }

    @Test func aRebalancingGroupShowsNoAssignment() throws {
        var h = GroupHarness()
        h.log.createTopic("t", partitions: 2)
        h.addMember(h.config(), topics: ["t"])
        h.run(until: 1_000)
        let snapshot = try #require(h.coordinator.snapshot(log: h.log, now: 1_000).first)
        #expect(snapshot.state == .preparingRebalance)
        #expect(snapshot.partitions.allSatisfy { $0.owner == nil })
    }
}
