import Testing

@testable import GroupCore

/// Each of Kafka's group error codes, in the situation that produces it.
@Suite struct CoordinatorErrorTests {
    @Test func dynamicNewMemberIsToldItsIdFirst() {
        var d = CoordinatorDriver()
        let first = d.call(Fixtures.join())?.join
        #expect(first?.errorCode == .memberIdRequired)
        #expect(first?.memberId.hasPrefix("c-") == true)
        #expect(d.group?.members.isEmpty == true, "not a member until it comes back with the id")
        // A static member is added at once.
        #expect(d.call(Fixtures.join(instance: "i-1")) == nil)
        #expect(d.group?.members.count == 1)
    }

    @Test func memberIdHandedOutButNeverUsedExpires() {
        var d = CoordinatorDriver()
        let (id, _) = d.joinNew(client: "a")
        _ = d.call(Fixtures.join(), client: "b")  // never comes back
        d.advance(to: 6_000)
        #expect(d.state == .completingRebalance, "the join phase does not wait for a member id that was never used")
        d.advance(to: 10_000)
        #expect(d.group?.pendingMembers.isEmpty == true)
        #expect(d.group?.memberOrder == [id])
    }

    @Test func unknownMemberId() {
        var d = CoordinatorDriver()
        #expect(d.call(Fixtures.join(memberId: "ghost"))?.errorCode == .unknownMemberId, "no such group")
        let ids = d.stableGroup(1)
        #expect(d.call(Fixtures.join(memberId: "ghost"))?.errorCode == .unknownMemberId)
        #expect(d.call(Fixtures.heartbeat(memberId: "ghost", generation: 1))?.errorCode == .unknownMemberId)
        #expect(d.call(Fixtures.sync(memberId: "ghost", generation: 1))?.errorCode == .unknownMemberId)
        #expect(d.call(Fixtures.commit(memberId: "ghost", generation: 1))?.errorCode == .unknownMemberId)
        #expect(d.call(Fixtures.leave(memberId: "ghost"))?.errorCode == .unknownMemberId)
        #expect(d.call(Fixtures.heartbeat(group: "other", memberId: ids[0], generation: 1))?.errorCode == .unknownMemberId)
    }

    @Test func illegalGeneration() {
        var d = CoordinatorDriver()
        let ids = d.stableGroup(2)
        #expect(d.call(Fixtures.heartbeat(memberId: ids[1], generation: 0))?.errorCode == .illegalGeneration)
        #expect(d.call(Fixtures.sync(memberId: ids[1], generation: 0))?.errorCode == .illegalGeneration)
        #expect(d.call(Fixtures.commit(memberId: ids[1], generation: 0))?.errorCode == .illegalGeneration)
        #expect(d.coordinator.committedOffset(group: "g", TopicPartition("t", 0)) == nil)
        #expect(d.call(Fixtures.commit(group: "nogroup", memberId: ids[1], generation: 3))?.errorCode == .illegalGeneration)
    }

    @Test func staleCommitDuringCompletingRebalanceIsIllegalGeneration() {
        // Kafka checks the generation before the state: a commit from the previous generation that arrives
        // after the join phase ended is stale, not "rebalance in progress".
        var d = CoordinatorDriver()
        let ids = d.stableGroup(2)
        d.send(Fixtures.join(memberId: ids[0]))
        d.send(Fixtures.join(memberId: ids[1]))
        #expect(d.state == .completingRebalance)
        #expect(d.call(Fixtures.commit(memberId: ids[1], generation: 1))?.errorCode == .illegalGeneration)
        #expect(d.call(Fixtures.commit(memberId: ids[1], generation: 2))?.errorCode == .rebalanceInProgress)
    }

    @Test func rebalanceInProgress() {
        var d = CoordinatorDriver()
        let ids = d.stableGroup(2)
        // Heartbeat during PreparingRebalance.
        let (newId, newJoin) = d.joinNew(client: "new")
        #expect(d.call(Fixtures.heartbeat(memberId: ids[1], generation: 1))?.errorCode == .rebalanceInProgress)
        // A commit with the current generation during PreparingRebalance is still accepted (Kafka relies on the heartbeat).
        #expect(d.call(Fixtures.commit(memberId: ids[1], generation: 1))?.errorCode == KafkaError.none)
        // SyncGroup during PreparingRebalance.
        #expect(d.call(Fixtures.sync(memberId: ids[1], generation: 1))?.errorCode == .rebalanceInProgress)
        let j0 = d.send(Fixtures.join(memberId: ids[0]))
        let j1 = d.send(Fixtures.join(memberId: ids[1]))
        #expect(d.state == .completingRebalance)
        // Commit during CompletingRebalance with the new generation.
        #expect(d.call(Fixtures.commit(memberId: ids[1], generation: 2))?.errorCode == .rebalanceInProgress)
        // A follower parked in SyncGroup when a new rebalance starts is told so.
        #expect(d.answer(j1)?.join?.generationId == 2)
        #expect(d.answer(j0)?.join?.leader == ids[0])
        #expect(d.answer(newJoin) != nil)
        let parkedSync = d.send(Fixtures.sync(memberId: ids[1], generation: 2))
        #expect(d.answer(parkedSync) == nil)
        d.send(Fixtures.join(memberId: newId, protocols: ["roundrobin", "range"]))  // changed metadata → new rebalance
        #expect(d.state == .preparingRebalance)
        #expect(d.answer(parkedSync)?.errorCode == .rebalanceInProgress)
    }

    @Test func fencedInstanceId() {
        var d = CoordinatorDriver()
        let j = d.send(Fixtures.join(instance: "i-1"), client: "old")
        d.advance(to: 3_000)
        let oldId = d.answer(j)!.join!.memberId
        d.send(Fixtures.sync(memberId: oldId, generation: 1, instance: "i-1"))
        #expect(d.state == .stable)
        // A new process with the same group.instance.id takes over; the old one is fenced on every request.
        let newJoin = d.call(Fixtures.join(instance: "i-1"), client: "new")?.join
        #expect(newJoin?.errorCode == KafkaError.none)
        #expect(newJoin?.memberId != oldId)
        #expect(d.call(Fixtures.heartbeat(memberId: oldId, generation: 1, instance: "i-1"))?.errorCode == .fencedInstanceId)
        #expect(d.call(Fixtures.sync(memberId: oldId, generation: 1, instance: "i-1"))?.errorCode == .fencedInstanceId)
        #expect(d.call(Fixtures.commit(memberId: oldId, generation: 1, instance: "i-1"))?.errorCode == .fencedInstanceId)
        #expect(d.call(Fixtures.join(memberId: oldId, instance: "i-1"))?.errorCode == .fencedInstanceId)
        #expect(d.call(Fixtures.leave(memberId: oldId, instance: "i-1"))?.errorCode == .fencedInstanceId)
        #expect(d.state == .stable, "fencing the old instance does not rebalance")
    }

    @Test func inconsistentGroupProtocol() {
        var d = CoordinatorDriver()
        _ = d.stableGroup(1)
        // No protocol in common with the group.
        #expect(d.call(Fixtures.join(protocols: ["roundrobin"]))?.errorCode == .inconsistentGroupProtocol)
        // Another protocol type (a Connect worker in a consumer group).
        #expect(d.call(Fixtures.join(type: "connect", protocols: ["range"]))?.errorCode == .inconsistentGroupProtocol)
        // An empty protocol list, even for a new group.
        #expect(d.call(Fixtures.join(group: "h", protocols: []))?.errorCode == .inconsistentGroupProtocol)
        #expect(d.call(Fixtures.join(group: "h", type: "", protocols: ["range"]))?.errorCode == .inconsistentGroupProtocol)
    }

    @Test func invalidSessionTimeout() {
        var d = CoordinatorDriver()
        #expect(d.call(Fixtures.join(session: 5_999))?.errorCode == .invalidSessionTimeout)
        #expect(d.call(Fixtures.join(session: 1_800_001))?.errorCode == .invalidSessionTimeout)
        #expect(d.call(Fixtures.join(session: 6_000))?.errorCode == .memberIdRequired)
    }

    @Test func invalidGroupId() {
        var d = CoordinatorDriver()
        #expect(d.call(Fixtures.join(group: ""))?.errorCode == .invalidGroupId)
    }

    @Test func adminCommitOnlyIntoAnEmptyGroup() {
        var d = CoordinatorDriver()
        #expect(d.call(Fixtures.commit(memberId: "", generation: -1))?.errorCode == KafkaError.none)
        #expect(d.state == .empty)
        _ = d.stableGroup(1)
        #expect(d.call(Fixtures.commit(memberId: "", generation: -1))?.errorCode == .unknownMemberId)
    }
}
