import Testing

@testable import GroupCore

/// Where a member starts reading without a committed offset (ConsumerConfig `auto.offset.reset`, Kafka's
/// SubscriptionState / OffsetFetcher reset strategies), through coordinator + members. Process lifecycles (poll
/// timeouts, pauses, restarts) are driven through the simulation's own wiring: GroupSimTests/Engine/MemberLifecycleTests.
@Suite struct OffsetResetTests {
    private func harness() -> GroupHarness {
        var h = GroupHarness()
        h.log.createTopic("t", partitions: 4)
        return h
    }

    @Test(arguments: [ConsumerConfig.AutoOffsetReset.earliest, .latest])
    func autoOffsetResetWithoutACommittedOffset(reset: ConsumerConfig.AutoOffsetReset) {
        var h = GroupHarness()
        h.log.createTopic("t", partitions: 4, retentionMessages: 60)
        for p in 0..<4 { h.log.append(topic: 0, partition: p, count: 100, at: 0) }
        _ = h.log.applyRetention(now: 0)
        let m = h.addMember(h.config { $0.autoOffsetReset = reset }, topics: ["t"])
        h.run(until: 5_000)
        #expect(h[m].positions.count == 4)
        #expect(h[m].positions.values.allSatisfy { $0 == (reset == .earliest ? 40 : 100) })
    }

    @Test func resetNoneFailsVisiblyForPartitionsWithoutACommittedOffset() {
        var h = harness()
        _ = h.send(Fixtures.commit(memberId: "", generation: -1, [(TopicPartition("t", 2), 7)]))
        let m = h.addMember(h.config { $0.autoOffsetReset = .none }, topics: ["t"])
        h.run(until: 5_000)
        #expect(
            h[m].state
                == .failed("NoOffsetForPartitionException: undefined offset with no reset policy for partitions: t-0, t-1, t-3"))
        #expect(h.takeEvents(m).contains { $0.isError })
        #expect(h[m].owned.isEmpty, "a failed member stops consuming")
    }

    @Test func resetNoneWithACommittedOffsetEverywhereIsFine() {
        var h = harness()
        for p in 0..<4 { _ = h.send(Fixtures.commit(memberId: "", generation: -1, [(TopicPartition("t", Int32(p)), 3)])) }
        let m = h.addMember(h.config { $0.autoOffsetReset = .none }, topics: ["t"])
        h.run(until: 5_000)
        #expect(h[m].state == .stable)
        #expect(h[m].positions.values.allSatisfy { $0 == 3 })
    }
}
