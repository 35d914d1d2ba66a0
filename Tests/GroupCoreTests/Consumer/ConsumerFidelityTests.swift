import Testing

@testable import GroupCore

/// The Java consumer's reactions (clients AbstractCoordinator.java, ConsumerCoordinator.java, StickyAssignor.java),
/// fed one answer at a time to a member that reached a Stable generation through a real coordinator.
@Suite struct ConsumerFidelityTests {
    /// One member, Stable in generation 1 with every partition of t.
    private func stableMember(_ tweak: (inout ConsumerConfig) -> Void = { _ in }) -> ConsumerMembership {
        var h = GroupHarness()
        h.log.createTopic("t", partitions: 3)
        let slot = h.addMember(h.config(tweak), topics: ["t"])
        h.run(until: 10_000)
        precondition(h[slot].state == .stable && h[slot].generation == 1)
        return h[slot]
    }

    private func heartbeat(_ m: inout ConsumerMembership, _ error: KafkaError) {
        _ = m.receive(.heartbeat(HeartbeatResponse(errorCode: error)), now: 10_000)
    }

    @Test func illegalGenerationOnAHeartbeatKeepsTheMemberId() {
        // HeartbeatResponseHandler: resetStateOnResponseError(HEARTBEAT, error, error != ILLEGAL_GENERATION).
        var m = stableMember()
        let id = m.memberId
        heartbeat(&m, .illegalGeneration)
        #expect(m.memberId == id)
        #expect(m.generation == -1)
        #expect(m.rejoinNeeded)
        guard case .joinGroup(let join)? = m.poll(now: 10_001).last else { return #expect(Bool(false), "rejoins at poll") }
        #expect(join.memberId == id, "rejoins with the id it kept")
    }

    @Test func unknownMemberIdOnAHeartbeatDropsTheMemberId() {
        var m = stableMember()
        heartbeat(&m, .unknownMemberId)
        #expect(m.memberId.isEmpty)
        #expect(m.generation == -1)
        #expect(m.owned.isEmpty, "what it owned is lost")
        #expect(m.takeEvents().contains(.lost([TopicPartition("t", 0), TopicPartition("t", 1), TopicPartition("t", 2)])))
    }

    @Test func fencedInstanceIdOnAHeartbeatDropsTheMemberIdAndFails() {
        // HeartbeatResponseHandler resets with the member id; the heartbeat thread then fails the consumer.
        var m = stableMember { $0.groupInstanceId = "i-1" }
        heartbeat(&m, .fencedInstanceId)
        #expect(m.memberId.isEmpty)
        if case .failed = m.state {} else { #expect(Bool(false), "fatal") }
    }

    @Test func illegalGenerationOnSyncGroupKeepsTheMemberId() {
        // SyncGroupResponseHandler: resetStateOnResponseError(SYNC_GROUP, error, error != ILLEGAL_GENERATION).
        var m = stableMember { $0.partitionAssignmentStrategy = [.range] }
        let id = m.memberId
        m.requestRejoin("test")
        let out = m.poll(now: 10_001)
        guard case .joinGroup? = out.last else { return #expect(Bool(false)) }
        var join = JoinGroupResponse(errorCode: .none, memberId: id)
        join.generationId = 2
        join.protocolName = "range"
        join.leader = "someone-else"
        _ = m.receive(.joinGroup(join), now: 10_002)
        #expect(m.state == .syncing)
        let next = m.receive(.syncGroup(SyncGroupResponse(errorCode: .illegalGeneration)), now: 10_003)
        #expect(m.memberId == id)
        guard case .joinGroup(let again)? = next.last else { return #expect(Bool(false), "rejoins at once") }
        #expect(again.memberId == id)
        var m2 = m
        _ = m2.receive(.joinGroup(join), now: 10_004)
        _ = m2.receive(.syncGroup(SyncGroupResponse(errorCode: .unknownMemberId)), now: 10_005)
        #expect(m2.memberId.isEmpty, "UNKNOWN_MEMBER_ID drops it")
    }

    @Test func commitsAreRefusedLocallyWhileNotStable() {
        // ConsumerCoordinator.sendOffsetCommitRequest: generationIfStable() is null outside STABLE, so nothing is sent;
        // RebalanceInProgressException while rebalancing.
        var m = stableMember { $0.enableAutoCommit = false }
        m.setPosition(TopicPartition("t", 0), 5)
        m.requestRejoin("test")
        _ = m.poll(now: 10_001)
        #expect(m.state == .joining)
        _ = m.takeEvents()
        #expect(m.commit().isEmpty)
        #expect(m.takeEvents() == [.commitRefused("RebalanceInProgressException")])
    }

    @Test func commitErrorsActAsTheJavaConsumersDo() {
        // ConsumerCoordinator.OffsetCommitResponseHandler.
        func committed(_ error: KafkaError, _ m: inout ConsumerMembership) {
            m.setPosition(TopicPartition("t", 0), 7)
            guard let request = m.commit().first else { return #expect(Bool(false), "a commit goes out") }
            let answer = OffsetCommitResponse(partitions: [(TopicPartition("t", 0), error)])
            _ = m.receive(.offsetCommit(answer), now: 10_001, requested: request)
        }
        var rebalancing = stableMember { $0.enableAutoCommit = false }
        committed(.rebalanceInProgress, &rebalancing)
        #expect(rebalancing.rejoinNeeded, "requestRejoin, generation kept")
        #expect(rebalancing.generation == 1)

        var stale = stableMember { $0.enableAutoCommit = false }
        let id = stale.memberId
        committed(.illegalGeneration, &stale)
        #expect(stale.generation == -1 && stale.memberId == id && stale.rejoinNeeded)

        var unknown = stableMember { $0.enableAutoCommit = false }
        committed(.unknownMemberId, &unknown)
        #expect(unknown.generation == -1 && unknown.memberId.isEmpty && unknown.rejoinNeeded)
    }

    @Test func eagerStickyCarriesItsPreviousAssignmentInUserData() throws {
        // StickyAssignor.subscriptionUserData: the last assignment and its generation (STICKY_ASSIGNOR_USER_DATA_V1);
        // ConsumerCoordinator.metadata: ownedPartitions are the partitions still owned — none after an eager revoke.
        var m = stableMember { $0.partitionAssignmentStrategy = [.sticky] }
        m.requestRejoin("test")
        guard case .joinGroup(let join)? = m.poll(now: 10_001).last else { return #expect(Bool(false)) }
        let subscription = try ConsumerProtocol.decodeSubscription(join.protocols[0].metadata)
        #expect(subscription.ownedPartitions.isEmpty)
        // [1 topic: "t" → [0, 1, 2]], generation 1.
        let expected: [UInt8] =
            [0, 0, 0, 1, 0, 1, 0x74, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2] + [0, 0, 0, 1]
        #expect(subscription.userData == expected)
    }

    @Test func cooperativeStickyClaimsInOwnedPartitions() throws {
        var m = stableMember { $0.partitionAssignmentStrategy = [.cooperativeSticky] }
        m.requestRejoin("test")
        guard case .joinGroup(let join)? = m.poll(now: 10_001).last else { return #expect(Bool(false)) }
        let subscription = try ConsumerProtocol.decodeSubscription(join.protocols[0].metadata)
        #expect(subscription.ownedPartitions == [TopicPartition("t", 0), TopicPartition("t", 1), TopicPartition("t", 2)])
        #expect(subscription.generationId == 1)
        // CooperativeStickyAssignor.subscriptionUserData: COOPERATIVE_STICKY_ASSIGNOR_USER_DATA_V0, the generation.
        #expect(subscription.userData == [0, 0, 0, 1])
    }

    @Test func theCoordinatorNeverReportsEagerMembersAsRevokedFirst() {
        var h = GroupHarness()
        h.log.createTopic("t", partitions: 4)
        let config = h.config { $0.partitionAssignmentStrategy = [.sticky] }
        h.addMember(config, topics: ["t"])
        h.run(until: 10_000)
        h.addMember(config, topics: ["t"])
        h.run(until: 20_000)
        let completed = h.takeCoordinatorEvents().compactMap { e -> Int? in
            if case .assignmentCompleted(_, _, _, _, let revoked, _) = e.kind { revoked.count } else { nil }
        }
        #expect(completed.count == 2)
        #expect(completed.allSatisfy { $0 == 0 })
    }
}
