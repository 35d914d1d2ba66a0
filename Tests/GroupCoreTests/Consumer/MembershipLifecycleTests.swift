import Testing

@testable import GroupCore

/// Poll timeouts, static membership, stale commits and offset resets, through coordinator + members.
@Suite struct MembershipLifecycleTests {
    private func harness() -> GroupHarness {
        var h = GroupHarness()
        h.log.createTopic("t", partitions: 4)
        return h
    }

    @Test func pollTimeoutMakesADynamicMemberLeave() {
        var h = harness()
        let config = h.config {
            $0.maxPollIntervalMs = 20_000; $0.sessionTimeoutMs = 10_000
        }
        h.addMember(config, topics: ["t"])
        let slow = h.addMember(config, topics: ["t"])
        h.run(until: 10_000)
        let id = h[slow].memberId
        h.run(until: 12_345)
        h.stopPolling(slow)
        let lastPoll = h[slow].lastPollAt
        _ = h.takeCoordinatorEvents()
        h.run(until: lastPoll + 20_000 - 1)
        #expect(h.summary?.memberIds.contains(id) == true)
        h.run(until: lastPoll + 20_000)
        #expect(h.takeEvents(slow).contains(.pollTimeout))
        let left = h.takeCoordinatorEvents().first { if case .memberLeft(id, _) = $0.kind { true } else { false } }
        #expect(left?.time == lastPoll + 20_000, "LeaveGroup at exactly lastPoll + max.poll.interval.ms")
        #expect(h.summary?.memberIds.contains(id) == false)
        // When the application polls again, it joins as a new member.
        h.resumePolling(slow)
        h.run(for: 10_000)
        #expect(h[slow].state == .stable)
        #expect(h[slow].memberId != id)
    }

    @Test func pollTimeoutDoesNotMakeAStaticMemberLeave() {
        var h = harness()
        h.addMember(
            h.config {
                $0.groupInstanceId = "a"; $0.maxPollIntervalMs = 20_000; $0.sessionTimeoutMs = 10_000
            }, topics: ["t"])
        let slow = h.addMember(
            h.config {
                $0.groupInstanceId = "b"; $0.maxPollIntervalMs = 20_000; $0.sessionTimeoutMs = 10_000
            }, topics: ["t"])
        h.run(until: 10_000)
        let id = h[slow].memberId
        h.stopPolling(slow)
        let lastPoll = h[slow].lastPollAt
        _ = h.takeCoordinatorEvents()
        h.run(until: lastPoll + 20_000)
        #expect(h.takeEvents(slow).contains(.pollTimeout))
        #expect(!h.delivered.contains { $0.slot == slow && $0.request.apiName == "LeaveGroup" })
        // Its last heartbeat was at most 3 s before the poll timeout: the session runs out after that.
        h.run(until: lastPoll + 30_000)
        let events = h.takeCoordinatorEvents()
        #expect(!events.contains { if case .memberLeft = $0.kind { true } else { false } })
        let expired = events.first { $0.kind.expiredMember == id }
        #expect(expired != nil)
        if let expired { #expect(expired.time > lastPoll + 20_000 && expired.time <= lastPoll + 30_000) }
    }

    @Test func staticMemberRestartRejoinsWithoutARebalance() {
        var h = harness()
        let config = { (i: String) in
            h.config {
                $0.groupInstanceId = i; $0.sessionTimeoutMs = 30_000
            }
        }
        h.addMember(config("a"), topics: ["t"])
        let b = h.addMember(config("b"), topics: ["t"])
        h.run(until: 10_000)
        let generation = h.summary!.generationId
        let owned = h[b].owned
        let oldId = h[b].memberId
        _ = h.takeCoordinatorEvents()
        h.close(b)  // a static member sends no LeaveGroup
        #expect(!h.delivered.contains { $0.slot == b && $0.request.apiName == "LeaveGroup" })
        h.run(for: 5_000)
        h.restart(b)
        h.run(for: 5_000)
        #expect(h[b].state == .stable)
        #expect(h[b].memberId != oldId, "a new member id for the new instance")
        #expect(h[b].generation == generation)
        #expect(h[b].owned == owned, "the same assignment")
        #expect(h.summary?.generationId == generation)
        #expect(h.summary?.state == .stable)
        let events = h.takeCoordinatorEvents()
        #expect(!events.contains { $0.kind.isRebalanceStarted })
        #expect(events.contains { if case .staticMemberReplaced(oldId, _, "b") = $0.kind { true } else { false } })
        // Only the session timeout removes a static member that goes away.
        h.crash(b)
        let crashAt = h.now
        h.run(for: 40_000)
        let expiry = h.takeCoordinatorEvents().first { $0.kind.expiredMember != nil }
        #expect(expiry?.kind.expiredMember == h[b].memberId)
        if let expiry { #expect(expiry.time - crashAt > 27_000 && expiry.time - crashAt <= 30_000) }
        #expect(h[0].owned.count == 4)
    }

    @Test func staticLeaderRestartKeepsTheAssignmentToo() {
        var h = harness()
        let a = h.addMember(h.config { $0.groupInstanceId = "a" }, topics: ["t"])
        h.addMember(h.config { $0.groupInstanceId = "b" }, topics: ["t"])
        h.run(until: 10_000)
        #expect(h[a].isLeader)
        let owned = h[a].owned
        h.close(a)
        h.restart(a)
        h.run(for: 5_000)
        #expect(h[a].owned == owned)
        #expect(h.summary?.generationId == 1)
    }

    @Test func staleGenerationCommitsAreRejected() {
        var h = harness()
        let config = { (i: String?) in
            h.config {
                $0.groupInstanceId = i; $0.maxPollIntervalMs = 8_000; $0.sessionTimeoutMs = 30_000
            }
        }
        let zombie = h.addMember(config("z"), topics: ["t"])
        let dynamic = h.addMember(config(nil), topics: ["t"])
        h.run(until: 10_000)
        #expect(h[zombie].generation == 1)
        h.pause(zombie)
        h.pause(dynamic)
        h.addMember(config(nil), topics: ["t"])
        h.run(for: 9_000)  // the join phase ends without the paused members
        #expect(h.summary?.generationId == 2)
        // Both come back and commit with generation 1: the static one is still a member, of an older generation.
        h.unpause(zombie, wake: false)
        h.unpause(dynamic, wake: false)
        for s in [zombie, dynamic] {
            _ = h.takeEvents(s)
            h.with(s) { m in
                for tp in m.fetchable { m.setPosition(tp, 5) }
                return m.commit()
            }
        }
        #expect(h.takeEvents(zombie).contains(.commitFailed(.illegalGeneration)))
        #expect(h.takeEvents(dynamic).contains(.commitFailed(.unknownMemberId)))
        for tp in h.partitions(of: ["t"]) { #expect(h.coordinator.committedOffset(group: "g", tp) != 5) }
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

    @Test func aPausedMemberGetsTheAnswersThatWaitedForIt() {
        // A frozen process is not a crashed one: the JoinGroup answer waits in the socket and is read on resume.
        var h = harness()
        let config = h.config { $0.sessionTimeoutMs = 30_000 }
        let a = h.addMember(config, topics: ["t"])
        let b = h.addMember(config, topics: ["t"])
        h.run(until: 10_000)
        let now = h.now
        h.with(b) { m in
            m.requestRejoin("test")
            return m.poll(now: now)
        }
        #expect(h[b].state == .joining)
        h.pause(b)
        h.with(a) { m in
            m.requestRejoin("test")
            return m.poll(now: now)
        }
        #expect(h.summary?.generationId == 2, "both rejoined: the join phase ended")
        #expect(h[b].state == .joining, "its answer waits")
        h.unpause(b, wake: false)
        #expect(h[b].generation == 2)
        #expect(h[b].state == .stable || h[b].state == .syncing)
    }
}
