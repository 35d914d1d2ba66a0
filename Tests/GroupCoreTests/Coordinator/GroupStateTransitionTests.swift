import Testing

@testable import GroupCore

/// Kafka's classic group states and the requests and timers that move a group between them.
@Suite struct GroupStateTransitionTests {
    @Test func emptyToPreparingToCompletingToStable() {
        var d = CoordinatorDriver()
        let (id, join) = d.joinNew()
        #expect(d.state == .preparingRebalance)
        #expect(d.answer(join) == nil, "the JoinGroup is parked for the join phase")
        d.advance(to: 3_000)
        #expect(d.state == .completingRebalance)
        let answer = d.answer(join)?.join
        #expect(answer?.errorCode == KafkaError.none)
        #expect(answer?.generationId == 1)
        #expect(answer?.leader == id)
        #expect(answer?.members.map(\.memberId) == [id], "the leader sees every member's metadata")
        let sync = d.call(
            Fixtures.sync(
                memberId: id, generation: 1, assignments: [(id, ConsumerProtocol.encodeAssignment([TopicPartition("t", 0)]))]))
        #expect(sync?.sync?.errorCode == KafkaError.none)
        #expect(try! ConsumerProtocol.decodeAssignment(sync!.sync!.assignment) == [TopicPartition("t", 0)])
        #expect(d.state == .stable)
        #expect(d.events.compactMap(\.kind.newState) == [.preparingRebalance, .completingRebalance, .stable])
    }

    @Test func newMemberSendsStableGroupBackToPreparing() {
        var d = CoordinatorDriver()
        let ids = d.stableGroup(2)
        let (_, join) = d.joinNew(client: "new")
        #expect(d.state == .preparingRebalance)
        // The old members learn of it through their heartbeat and rejoin; then the phase completes at once.
        #expect(d.call(Fixtures.heartbeat(memberId: ids[0], generation: 1))?.errorCode == .rebalanceInProgress)
        d.send(Fixtures.join(memberId: ids[0]))
        #expect(d.state == .preparingRebalance)
        d.send(Fixtures.join(memberId: ids[1]))
        #expect(d.state == .completingRebalance)
        #expect(d.answer(join)?.join?.generationId == 2)
    }

    @Test func leaveSendsStableGroupBackToPreparing() {
        var d = CoordinatorDriver()
        let ids = d.stableGroup(2)
        let leave = d.call(Fixtures.leave(memberId: ids[1]))
        #expect(leave?.errorCode == KafkaError.none)
        #expect(d.state == .preparingRebalance)
        #expect(d.group?.memberOrder == [ids[0]])
    }

    @Test func expirySendsStableGroupBackToPreparing() {
        var d = CoordinatorDriver()
        let ids = d.stableGroup(2)  // Stable at 6 000, session 10 s
        d.advance(to: 15_000)
        d.send(Fixtures.heartbeat(memberId: ids[0], generation: 1))
        d.advance(to: 16_000)
        #expect(d.state == .preparingRebalance)
        #expect(d.group?.memberOrder == [ids[0]])
        #expect(d.events.compactMap(\.kind.expiredMember) == [ids[1]])
    }

    @Test func lastMemberLeavingEmptiesTheGroup() {
        var d = CoordinatorDriver()
        let ids = d.stableGroup(1)
        d.send(Fixtures.commit(memberId: ids[0], generation: 1))
        d.send(Fixtures.leave(memberId: ids[0]))
        #expect(d.state == .empty)
        #expect(d.group?.generationId == 2, "the empty join phase still completes a generation, as Kafka's initNextGeneration")
        #expect(d.group?.protocolName == nil)
        #expect(d.coordinator.committedOffset(group: "g", TopicPartition("t", 0)) == 1, "offsets outlive the members")
        #expect(
            d.events.compactMap(\.kind.newState) == [
                .preparingRebalance, .completingRebalance, .stable, .preparingRebalance, .empty,
            ])
    }

    @Test func loneLeaderRejoiningCompletesTheJoinPhaseAtOnce() {
        // Kafka's prepareRebalance tries to complete the join phase straight away: with everyone already in,
        // it must not wait out the rebalance timeout.
        var d = CoordinatorDriver()
        let ids = d.stableGroup(1)
        let rejoin = d.send(Fixtures.join(memberId: ids[0]))
        #expect(d.state == .completingRebalance)
        #expect(d.answer(rejoin)?.join?.generationId == 2)
    }

    @Test func describeAndListShowStateProtocolAndMembers() {
        var d = CoordinatorDriver()
        let ids = d.stableGroup(2)
        let described = d.coordinator.describeGroups(DescribeGroupsRequest(groupIds: ["g", "other"])).groups
        #expect(described[0].groupState == "Stable")
        #expect(described[0].protocolType == "consumer")
        #expect(described[0].protocolData == "range")
        #expect(described[0].members.map(\.memberId) == ids)
        #expect(described[1].groupState == "Dead", "an unknown group is described as Dead, as Kafka does")
        #expect(d.coordinator.listGroups(ListGroupsRequest()).groups.map(\.groupState) == ["Stable"])
        #expect(d.coordinator.listGroups(ListGroupsRequest(statesFilter: ["Empty"])).groups.isEmpty)
        let summary = d.coordinator.groupSummary("g")
        #expect(summary?.generationId == 1)
        #expect(summary?.leaderId == ids[0])
    }
}
