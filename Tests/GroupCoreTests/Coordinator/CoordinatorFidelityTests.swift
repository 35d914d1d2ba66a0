import Testing

@testable import GroupCore

/// Points where Kafka 4.x's Java coordinator (group-coordinator GroupMetadataManager.java, ClassicGroup.java) differs
/// from the old Scala one; each test names the method it follows.
@Suite struct CoordinatorFidelityTests {
    @Test func anExpiryDuringTheInitialDelayCompletesTheJoinAtOnce() {
        // removeMemberAndUpdateClassicGroup: PREPARING_REBALANCE && hasAllMembersJoined → completeClassicGroupJoin,
        // whatever the previous state. A new member's heartbeat timer is newMemberJoinTimeoutMs
        // (addMemberThenRebalanceOrCompleteJoin), and a new member fails hasSatisfiedHeartbeat.
        var config = GroupCoordinator.Config()
        config.newMemberJoinTimeoutMs = 2_000
        var d = CoordinatorDriver(config: config)
        let a = d.joinNew(client: "a", rebalance: 60_000)
        d.advance(to: 1_000)
        let b = d.joinNew(client: "b", rebalance: 60_000)
        d.advance(to: 1_999)
        #expect(d.state == .preparingRebalance)
        d.advance(to: 2_000)
        #expect(d.answer(a.join)?.join?.errorCode == .unknownMemberId)
        #expect(d.state == .completingRebalance, "b is the only member left and it has joined: no wait for the delay")
        #expect(d.answer(b.join)?.join?.leader == b.memberId)
    }

    @Test func aLeaveDuringTheInitialDelayWaitsForTheDelay() {
        // classicGroupLeaveToClassicGroup ends with maybeCompleteJoinPhase, which refuses while
        // previousState == EMPTY: only tryCompleteInitialRebalanceElseSchedule ends an initial rebalance.
        var d = CoordinatorDriver()
        let a = d.joinNew(client: "a")
        let b = d.joinNew(client: "b")
        d.advance(to: 100)
        d.send(Fixtures.leave(memberId: a.memberId))
        #expect(d.answer(a.join)?.join?.errorCode == .unknownMemberId)
        #expect(d.state == .preparingRebalance)
        d.advance(to: 3_000)  // b arrived during the delay: extended once (remaining = 30000 - 3000)
        #expect(d.state == .preparingRebalance)
        d.advance(to: 6_000)
        #expect(d.state == .completingRebalance)
        #expect(d.answer(b.join)?.join?.generationId == 1)
    }

    @Test func aLeaveDuringARebalanceCompletesTheJoinWhenEveryoneElseRejoined() {
        // classicGroupLeaveToClassicGroup → maybeCompleteJoinPhase (previousState is STABLE here).
        var d = CoordinatorDriver()
        let ids = d.stableGroup(3)
        let r0 = d.send(Fixtures.join(memberId: ids[0]))
        let r1 = d.send(Fixtures.join(memberId: ids[1]))
        #expect(d.state == .preparingRebalance)
        d.send(Fixtures.leave(memberId: ids[2]))
        #expect(d.state == .completingRebalance)
        #expect(d.answer(r0)?.join?.generationId == 2)
        #expect(d.answer(r1)?.join?.generationId == 2)
    }

    @Test func anExpiryDuringARebalanceCompletesTheJoinAtOnce() {
        // removeMemberAndUpdateClassicGroup: the join phase ends at the expiry, not at the rebalance timeout.
        var d = CoordinatorDriver()
        let ids = d.stableGroup(3, session: 10_000, rebalance: 60_000)
        let start = d.now
        let r0 = d.send(Fixtures.join(memberId: ids[0], session: 10_000, rebalance: 60_000))
        let r1 = d.send(Fixtures.join(memberId: ids[1], session: 10_000, rebalance: 60_000))
        // ids[2] never heartbeats: its session (restarted when the first join phase ended) runs out.
        d.advance(to: start + 10_000)
        #expect(d.state == .completingRebalance)
        #expect(d.answer(r0)?.join?.generationId == 2)
        #expect(d.answer(r1)?.join?.generationId == 2)
    }

    @Test func theSessionRestartsWhenTheSyncAnswerGoesOut() {
        // propagateAssignment reschedules the heartbeat of every member whose SyncGroup it answers; a heartbeat
        // timer that fired while the member waited in SyncGroup did nothing (hasSatisfiedHeartbeat).
        var d = CoordinatorDriver()
        let a = d.joinNew(client: "a", session: 10_000, rebalance: 60_000)
        let b = d.joinNew(client: "b", session: 10_000, rebalance: 60_000)
        d.advance(to: 6_000)  // generation 1; both sessions restart now: deadline 16 000
        #expect(d.group?.leaderId == a.memberId)
        _ = d.answer(a.join)
        _ = d.answer(b.join)
        let syncB = d.send(Fixtures.sync(memberId: b.memberId, generation: 1))
        d.advance(to: 11_000)
        #expect(d.call(Fixtures.heartbeat(memberId: a.memberId, generation: 1))?.errorCode == KafkaError.none)
        d.advance(to: 18_000)  // b's timer fired at 16 000 while it waited in SyncGroup: no effect
        #expect(d.group?.has(b.memberId) == true)
        #expect(d.call(Fixtures.heartbeat(memberId: a.memberId, generation: 1))?.errorCode == KafkaError.none)
        d.send(Fixtures.sync(memberId: a.memberId, generation: 1))
        #expect(d.answer(syncB)?.sync?.errorCode == KafkaError.none)
        #expect(d.coordinator.groupSummary("g")?.sessionDeadlines[b.memberId] == 28_000)
        d.advance(to: 27_999)
        #expect(d.group?.has(b.memberId) == true)
        d.advance(to: 28_000)
        #expect(d.group?.has(b.memberId) == false)
    }

    @Test func theSessionRestartsWhenAnErrorIsReturned() {
        // prepareRebalance → resetAndPropagateAssignmentWithError(REBALANCE_IN_PROGRESS) → propagateAssignment
        // reschedules the heartbeat of the members it answers; classicGroupHeartbeatToClassicGroup reschedules it
        // while answering REBALANCE_IN_PROGRESS.
        var d = CoordinatorDriver()
        let a = d.joinNew(client: "a", session: 10_000, rebalance: 60_000)
        let b = d.joinNew(client: "b", session: 10_000, rebalance: 60_000)
        d.advance(to: 6_000)
        let syncB = d.send(Fixtures.sync(memberId: b.memberId, generation: 1))
        d.advance(to: 9_000)
        let rejoinA = d.send(
            Fixtures.join(memberId: a.memberId, session: 10_000, rebalance: 60_000, protocols: ["roundrobin", "range"]))
        #expect(d.answer(syncB)?.sync?.errorCode == .rebalanceInProgress)
        #expect(d.coordinator.groupSummary("g")?.sessionDeadlines[b.memberId] == 19_000)
        d.advance(to: 15_000)
        #expect(d.call(Fixtures.heartbeat(memberId: b.memberId, generation: 1))?.errorCode == .rebalanceInProgress)
        #expect(d.coordinator.groupSummary("g")?.sessionDeadlines[b.memberId] == 25_000)
        d.advance(to: 24_999)
        #expect(d.group?.has(b.memberId) == true)
        d.advance(to: 25_000)
        #expect(d.group?.has(b.memberId) == false)
        #expect(d.answer(rejoinA)?.join?.generationId == 2, "the expiry ended the join phase")
    }

    @Test func aReplacedParkedJoinGroupIsDroppedNotAnswered() {
        // ClassicGroup.updateMember overwrites the member's awaiting-join future; the old one is never completed.
        var d = CoordinatorDriver()
        let ids = d.stableGroup(2)
        let first = d.send(Fixtures.join(memberId: ids[0]))
        #expect(d.state == .preparingRebalance)
        let retry = d.send(Fixtures.join(memberId: ids[0]))
        #expect(d.answer(first) == nil)
        d.send(Fixtures.join(memberId: ids[1]))
        #expect(d.state == .completingRebalance)
        #expect(d.answer(retry)?.join?.generationId == 2)
        #expect(d.answer(first) == nil, "never answered")
    }

    @Test func theProtocolTypeSurvivesTheGroupGoingEmpty() {
        // ClassicGroup.initNextGeneration clears the protocol name only; ListGroups shows protocolType.orElse("").
        var d = CoordinatorDriver()
        let ids = d.stableGroup(1)
        d.send(Fixtures.leave(memberId: ids[0]))
        #expect(d.state == .empty)
        #expect(d.group?.protocolType == "consumer")
        #expect(d.group?.protocolName == nil)
        #expect(d.coordinator.listGroups(ListGroupsRequest()).groups.first?.protocolType == "consumer")
    }

    @Test func aStaticMemberIdStartsWithItsInstanceId() {
        // ClassicGroup.generateMemberId: groupInstanceId + "-" + UUID for a static member, clientId + "-" + UUID otherwise.
        var d = CoordinatorDriver()
        let j = d.send(Fixtures.join(instance: "billing-1"), client: "consumer-7")
        d.advance(to: 3_000)
        #expect(d.answer(j)?.join?.memberId.hasPrefix("billing-1-") == true)
        #expect(d.call(Fixtures.join(), client: "consumer-8")?.join?.memberId.hasPrefix("consumer-8-") == true)
    }
}
