import Testing

@testable import GroupCore

/// The coordinator's timers, each checked one millisecond before and at its instant.
@Suite struct CoordinatorTimerTests {
    @Test func sessionExpiresExactlyAtLastHeartbeatPlusSessionTimeout() {
        var d = CoordinatorDriver()
        let ids = d.stableGroup(2, session: 10_000)  // Stable at 6 000
        d.advance(to: 7_000)
        d.send(Fixtures.heartbeat(memberId: ids[0], generation: 1))
        d.send(Fixtures.heartbeat(memberId: ids[1], generation: 1))
        d.advance(to: 12_345)
        d.send(Fixtures.heartbeat(memberId: ids[0], generation: 1))
        #expect(d.coordinator.nextDeadline == 17_000)
        d.advance(to: 16_999)
        #expect(d.group?.memberOrder == ids)
        d.advance(to: 17_000)
        #expect(d.group?.memberOrder == [ids[0]])
        let expiry = d.events.first { $0.kind.expiredMember != nil }
        #expect(expiry?.time == 17_000)
        #expect(expiry?.kind.expiredMember == ids[1])
    }

    @Test func initialRebalanceDelayHoldsAnEmptyGroupsFirstJoinPhase() {
        var d = CoordinatorDriver()
        let (_, join) = d.joinNew()
        d.advance(to: 2_999)
        #expect(d.state == .preparingRebalance)
        #expect(d.answer(join) == nil)
        d.advance(to: 3_000)
        #expect(d.state == .completingRebalance)
        #expect(d.answer(join)?.join?.generationId == 1)
    }

    @Test func initialDelayIsExtendedWhileMembersKeepArrivingUpToTheRebalanceTimeout() {
        var config = GroupCoordinator.Config()
        config.initialRebalanceDelayMs = 3_000
        var d = CoordinatorDriver(config: config)
        // rebalance timeout 10 s: the delay may be extended by 7 s in all (3 + 3 + 1).
        _ = d.joinNew(client: "a", rebalance: 10_000)
        var completedAt: Millis?
        for t in stride(from: Millis(1_000), through: 12_000, by: 1_000) {
            d.advance(to: t - 1)
            if d.state == .preparingRebalance, t <= 9_000 { _ = d.joinNew(client: "m\(t)", rebalance: 10_000) }
            d.advance(to: t)
            if completedAt == nil, d.state == .completingRebalance { completedAt = t }
        }
        #expect(completedAt == 10_000)
        #expect(d.group?.generationId == 1)
        #expect(d.group?.members.count == 10)
    }

    @Test func initialDelayEndsAfterOneQuietDelay() {
        var d = CoordinatorDriver()
        _ = d.joinNew(client: "a")
        d.advance(to: 2_000)
        _ = d.joinNew(client: "b")
        d.advance(to: 5_999)
        #expect(d.state == .preparingRebalance, "extended by one more delay because b arrived")
        d.advance(to: 6_000)
        #expect(d.state == .completingRebalance)
    }

    @Test func aGroupThatEmptiedAndRefillsWaitsAgain() {
        // GroupMetadataManager.prepareRebalance delays every rebalance that starts from Empty, and
        // addMemberThenRebalanceOrCompleteJoin extends it whenever previousState == EMPTY — not only in generation 0.
        var d = CoordinatorDriver()
        let ids = d.stableGroup(1)
        d.send(Fixtures.leave(memberId: ids[0]))
        #expect(d.state == .empty)
        let start = d.now
        _ = d.joinNew(client: "a")
        _ = d.joinNew(client: "b")
        #expect(d.group?.generationId == 2)
        d.advance(to: start + 3_000)
        #expect(d.state == .preparingRebalance, "extended by one more delay because b arrived")
        d.advance(to: start + 5_999)
        #expect(d.state == .preparingRebalance)
        d.advance(to: start + 6_000)
        #expect(d.state == .completingRebalance)
    }

    @Test func joinPhaseWaitsForTheLargestRebalanceTimeoutThenDropsWhoDidNotRejoin() {
        var d = CoordinatorDriver()
        let a = d.joinNew(client: "a", session: 60_000, rebalance: 20_000)
        let b = d.joinNew(client: "b", session: 60_000, rebalance: 45_000)
        d.advance(to: 6_000)
        d.send(Fixtures.sync(memberId: a.memberId, generation: 1))
        d.send(Fixtures.sync(memberId: b.memberId, generation: 1))
        d.advance(to: 10_000)
        let rejoinA = d.send(
            Fixtures.join(memberId: a.memberId, session: 60_000, rebalance: 20_000, protocols: ["range", "roundrobin"]))
        #expect(d.state == .preparingRebalance)
        #expect(d.coordinator.nextDeadline == 55_000)
        // b keeps heartbeating (its session does not run out) but never rejoins.
        for t in stride(from: Millis(20_000), through: 50_000, by: 10_000) {
            d.advance(to: t)
            #expect(d.call(Fixtures.heartbeat(memberId: b.memberId, generation: 1))?.errorCode == .rebalanceInProgress)
        }
        d.advance(to: 54_999)
        #expect(d.state == .preparingRebalance)
        d.advance(to: 55_000)
        #expect(d.state == .completingRebalance)
        #expect(d.group?.memberOrder == [a.memberId])
        #expect(d.answer(rejoinA)?.join?.generationId == 2)
        #expect(
            d.events.contains { if case .memberRemovedNotRejoined(b.memberId) = $0.kind { $0.time == 55_000 } else { false } })
        #expect(d.call(Fixtures.heartbeat(memberId: b.memberId, generation: 1))?.errorCode == .unknownMemberId)
    }

    @Test func membersThatDoNotSyncInTimeAreRemoved() {
        var d = CoordinatorDriver()
        let a = d.joinNew(client: "a", session: 60_000, rebalance: 20_000)
        let b = d.joinNew(client: "b", session: 60_000, rebalance: 20_000)
        d.advance(to: 6_000)
        #expect(d.state == .completingRebalance)
        d.send(Fixtures.sync(memberId: a.memberId, generation: 1))
        #expect(d.state == .stable)
        #expect(d.group?.pendingSyncMembers == [b.memberId])
        d.send(Fixtures.heartbeat(memberId: b.memberId, generation: 1))  // alive, but never syncs
        d.advance(to: 25_999)
        #expect(Set(d.group?.memberOrder ?? []) == [a.memberId, b.memberId])
        d.advance(to: 26_000)
        #expect(d.group?.memberOrder == [a.memberId])
        #expect(d.state == .preparingRebalance)
        #expect(d.events.contains { if case .memberRemovedNotSynced(b.memberId) = $0.kind { $0.time == 26_000 } else { false } })
    }

    @Test func syncDeadlineIsDisarmedOnceEveryoneSynced() {
        var d = CoordinatorDriver()
        _ = d.stableGroup(2)
        #expect(d.group?.syncDeadline == nil)
        #expect(d.group?.pendingSyncMembers.isEmpty == true)
    }

    @Test(arguments: [Millis(0), 1, 1_499, 2_999, 3_000, 7_777])
    func crashIsDetectedSevenToTenSecondsLater(crashOffset: Millis) {
        // session.timeout.ms 10 s, heartbeat.interval.ms 3 s: the last heartbeat is at most 3 s old at the crash.
        var h = GroupHarness()
        h.log.createTopic("t", partitions: 4)
        let config = h.config {
            $0.sessionTimeoutMs = 10_000; $0.heartbeatIntervalMs = 3_000
        }
        h.addMember(config, topics: ["t"])
        let victim = h.addMember(config, topics: ["t"])
        h.run(until: 20_000)
        #expect(h.summary?.state == .stable)
        h.run(until: 20_000 + crashOffset)
        let crashAt = h.now
        h.crash(victim)
        _ = h.takeCoordinatorEvents()
        h.run(until: crashAt + 10_000)
        let expiry = h.takeCoordinatorEvents().first { $0.kind.expiredMember == h[victim].memberId }
        #expect(expiry != nil)
        if let expiry { #expect((7_000...10_000).contains(expiry.time - crashAt)) }
    }
}

@Suite struct StaticJoinPhaseTests {
    @Test func joinPhaseWithNoRejoinedMemberWaitsForSessionExpiry() {
        // Static members a and b (session 60 s) and dynamic c (session 10 s), rebalance timeout 10 s; all go silent at 6 s.
        var d = CoordinatorDriver()
        let a = d.send(Fixtures.join(instance: "a", session: 60_000, rebalance: 10_000), client: "a")
        let b = d.send(Fixtures.join(instance: "b", session: 60_000, rebalance: 10_000), client: "b")
        let c = d.joinNew(client: "c", session: 10_000, rebalance: 10_000)
        d.advance(to: 6_000)
        let ids = [d.answer(a)!.join!.memberId, d.answer(b)!.join!.memberId, c.memberId]
        for id in ids { d.send(Fixtures.sync(memberId: id, generation: 1)) }
        #expect(d.state == .stable)
        d.advance(to: 16_000)  // c expires
        #expect(d.state == .preparingRebalance)
        d.advance(to: 26_000)  // the join phase ends with nobody rejoined: Kafka starts no generation
        #expect(d.state == .preparingRebalance)
        #expect(d.group?.generationId == 1)
        d.advance(to: 66_000)  // a and b expire
        #expect(d.state == .empty)
        #expect(d.group?.members.isEmpty == true)
        #expect(d.group?.generationId == 2)
    }
}
