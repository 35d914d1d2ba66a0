import GroupCore
import Testing

@testable import GroupSim

/// Process lifecycles — a stuck poll loop, a stop-the-world pause, a crash, a clean shutdown, a restart — driven through
/// the simulation's own commands and wiring (SimulatedGroup), not a re-implementation of it. Expected values follow
/// Kafka's Java consumer (clients `AbstractCoordinator`, `ConsumerCoordinator`) and coordinator (group-coordinator
/// `GroupMetadataManager`, `ClassicGroup`), named in each test.
@Suite struct MemberLifecycleTests {
    /// AbstractCoordinator.HeartbeatThread: once `heartbeat.pollTimeoutExpired(now)` (Timer.isExpired: now ≥ lastPoll +
    /// max.poll.interval.ms) it calls maybeLeaveGroup, which sends LeaveGroup for a dynamic member; the coordinator
    /// removes it at once (GroupMetadataManager.classicGroupLeave). A new process joins as a new member.
    @Test func aHungDynamicMemberLeavesExactlyAtItsPollTimeout() throws {
        let g = SimulatedGroup(members: 2) { $0.maxPollIntervalMs = 20_000 }
        g.run(until: 12_345)
        let id = try #require(g.membership(2)?.memberId)
        try g.apply(.hang(member: "g-2"))
        let lastPoll = try #require(g.membership(2)?.lastPollAt)
        g.run(until: lastPoll + 20_000 - 1)
        #expect(g.summary?.memberIds.contains(id) == true)
        #expect(g.events("member.poll-timeout", member: "g-2").isEmpty)
        g.run(until: lastPoll + 20_000)
        #expect(g.events("member.poll-timeout", member: "g-2").map(\.time) == [lastPoll + 20_000])
        #expect(g.events("member.left", member: "g-2").map(\.time) == [lastPoll + 20_000], "LeaveGroup at that instant")
        #expect(g.summary?.memberIds.contains(id) == false)
        try g.apply(.restart(member: "g-2"))
        g.run(for: 10_000)
        #expect(g.membership(2)?.state == .stable)
        #expect(g.membership(2)?.memberId != id)
        #expect(g.summary?.memberIds.count == 2)
    }

    /// AbstractCoordinator.maybeLeaveGroup sends LeaveGroup only for dynamic members (`isDynamicMember()`): a hung static
    /// member stays until its session runs out — at most session.timeout.ms after its last heartbeat, which was at most
    /// one heartbeat.interval.ms before the poll timeout.
    @Test func aHungStaticMemberStaysUntilItsSessionExpires() throws {
        let g = SimulatedGroup(members: 2, isStatic: true) { $0.maxPollIntervalMs = 20_000 }
        g.run(until: 10_000)
        let id = try #require(g.membership(2)?.memberId)
        try g.apply(.hang(member: "g-2"))
        let lastPoll = try #require(g.membership(2)?.lastPollAt)
        g.run(until: lastPoll + 30_000)
        #expect(g.events("member.poll-timeout", member: "g-2").map(\.time) == [lastPoll + 20_000])
        #expect(g.events("member.left", member: "g-2").isEmpty, "no LeaveGroup from a static member")
        let expired = try #require(g.events("member.expired", member: "g-2").first)
        #expect(expired.time > lastPoll + 20_000 - 3_000 + 10_000 - 1 && expired.time <= lastPoll + 30_000)
        #expect(g.summary?.memberIds.contains(id) == false)
    }

    /// GroupMetadataManager.classicGroupJoinNewStaticMember → updateStaticMemberThenRebalanceOrCompleteJoin: a returning
    /// group.instance.id replaces its old member id; in Stable, with the selected protocol unchanged, no rebalance and
    /// the old assignment (ClassicGroup.groupAssignment). A static member's close() sends no LeaveGroup; only the session
    /// timeout removes a static member that is gone.
    @Test func aStaticMemberRestartKeepsItsPlaceWithoutARebalance() throws {
        let g = SimulatedGroup(members: 2, isStatic: true) { $0.sessionTimeoutMs = 30_000 }
        g.run(until: 10_000)
        let generation = try #require(g.summary?.generationId)
        let owned = try #require(g.membership(2)?.owned)
        let oldId = try #require(g.membership(2)?.memberId)
        let before = g.now
        try g.apply(.leave(member: "g-2"))
        g.run(for: 5_000)
        try g.apply(.restart(member: "g-2"))
        g.run(for: 5_000)
        #expect(g.events("member.left", member: "g-2").isEmpty)
        #expect(g.membership(2)?.state == .stable)
        #expect(g.membership(2)?.memberId != oldId, "a new member id for the new instance")
        #expect(g.membership(2)?.generation == generation)
        #expect(g.membership(2)?.owned == owned, "the same assignment")
        #expect(g.summary?.generationId == generation)
        #expect(g.summary?.state == .stable)
        #expect(g.events("rebalance.started", from: before).isEmpty)
        let replaced = try #require(g.events("member.rejoined-static", member: "g-2").first)
        #expect(g.detail(replaced, "old_member_id") == .string(oldId))
        // A crash is noticed only by the session timeout: 27–30 s after it (heartbeats every 3 s).
        try g.apply(.crash(member: "g-2"))
        let crashAt = g.now
        g.run(for: 40_000)
        let expiry = try #require(g.events("member.expired", member: "g-2").first)
        #expect(expiry.time - crashAt > 27_000 && expiry.time - crashAt <= 30_000)
        #expect(g.membership(1)?.owned.count == 4)
    }

    /// The same for the leader: KIP-814 (GroupMetadataManager.updateStaticMemberThenRebalanceOrCompleteJoin answers a
    /// returning static leader in Stable with skipAssignment) — it gets its old assignment, no new generation.
    @Test func aStaticLeaderRestartKeepsTheAssignmentToo() throws {
        let g = SimulatedGroup(members: 2, isStatic: true) { $0.sessionTimeoutMs = 30_000 }
        g.run(until: 10_000)
        let leader = try #require((1...2).first { g.membership($0)?.isLeader == true })
        let owned = try #require(g.membership(leader)?.owned)
        try g.apply(.leave(member: "g-\(leader)"))
        try g.apply(.restart(member: "g-\(leader)"))
        g.run(for: 5_000)
        #expect(g.membership(leader)?.owned == owned)
        #expect(g.summary?.generationId == 1)
    }

    // MARK: A GC pause is a pause, not a crash

    /// A stop-the-world pause shorter than the session: nothing runs, but the process and its membership survive; the
    /// coordinator still has it (no expiry, no rebalance) and it carries on with the same member id and partitions.
    /// Compare `crash`, which the coordinator notices at the session timeout.
    @Test func aShortPauseLeavesTheMemberInTheGroup() throws {
        let g = SimulatedGroup(members: 2)
        g.run(until: 10_000)
        let id = try #require(g.membership(2)?.memberId)
        let owned = try #require(g.membership(2)?.owned)
        let generation = try #require(g.summary?.generationId)
        try g.apply(.pause(member: "g-2", seconds: 5))
        g.run(for: 20_000)
        #expect(g.events("member.resumed", member: "g-2").map(\.time) == [15_000])
        #expect(g.events("member.expired").isEmpty)
        #expect(g.events("rebalance.started", from: 10_000).isEmpty)
        #expect(g.membership(2)?.memberId == id)
        #expect(g.membership(2)?.owned == owned)
        #expect(g.summary?.generationId == generation)
        #expect(g.simulation.groups[0].members[1].status == .stable)
    }

    /// A pause longer than session.timeout.ms: the coordinator expires the member at last heartbeat + session timeout
    /// (GroupMetadataManager.expireClassicGroupMemberHeartbeat) and rebalances. When the process wakes, its first
    /// answer is UNKNOWN_MEMBER_ID: AbstractCoordinator.HeartbeatResponseHandler resets the generation and the member id,
    /// ConsumerCoordinator.onJoinPrepare calls onPartitionsLost (not onPartitionsRevoked) because the generation is
    /// gone, and it joins again as a new member.
    @Test func aPausePastTheSessionExpiresTheMemberAndItRejoinsWhenItWakes() throws {
        let g = SimulatedGroup(members: 2)
        g.run(until: 10_000)
        let id = try #require(g.membership(2)?.memberId)
        try g.apply(.pause(member: "g-2", seconds: 15))
        g.run(until: 24_999)
        let expiry = try #require(g.events("member.expired", member: "g-2").first)
        #expect(expiry.time > 10_000 + 10_000 - 3_000 && expiry.time <= 20_000)
        #expect(g.membership(2)?.memberId == id, "frozen: it knows nothing yet")
        #expect(g.summary?.memberIds.count == 1)
        g.run(for: 10_001)
        #expect(g.events("member.resumed", member: "g-2").map(\.time) == [25_000])
        #expect(!g.events("member.lost", member: "g-2", from: 25_000).isEmpty)
        #expect(g.events("member.revoked", member: "g-2", from: 25_000).isEmpty)
        #expect(g.membership(2)?.state == .stable)
        #expect(g.membership(2)?.memberId != id)
        #expect(g.summary?.memberIds.count == 2)
        #expect(g.membership(2)?.owned.count == 2)
    }

    /// A static member paused through a whole rebalance, past max.poll.interval.ms but within its session: the join
    /// phase ends after the rebalance timeout without it, yet it stays a member (completeClassicGroupJoin drops only
    /// dynamic members that did not rejoin), and the leader assigns it its share (RangeAssignor: 4 partitions over 3
    /// members by member id → t-0 t-1, t-2, t-3). Waking, its heartbeat thread first sees the poll timeout
    /// (AbstractCoordinator.HeartbeatThread → maybeLeaveGroup: no LeaveGroup for a static member, but
    /// resetGenerationOnLeaveGroup resets generation and member id, so its partitions are lost). It rejoins with its
    /// group.instance.id; in Stable with the protocol unchanged the coordinator replaces the old member id without a
    /// rebalance (GroupMetadataManager.updateStaticMemberThenRebalanceOrCompleteJoin) and it gets generation 2's share.
    @Test func aStaticMemberPausedThroughARebalanceTakesItsPlaceBackWhenItWakes() throws {
        let g = SimulatedGroup(members: 2, isStatic: true) {
            $0.sessionTimeoutMs = 30_000; $0.maxPollIntervalMs = 8_000
        }
        g.run(until: 10_000)
        let id = try #require(g.membership(1)?.memberId)
        try g.apply(.pause(member: "g-1", seconds: 12))
        try g.apply(.addMember(group: "g"))
        g.run(until: 21_999)
        let formed = try #require(g.events("rebalance.completed", from: 10_000).first)
        #expect(formed.time == 18_000, "the rebalance timeout (max.poll.interval.ms) after the join phase began")
        #expect(g.summary?.generationId == 2)
        #expect(g.summary?.memberIds.contains(id) == true, "a static member is not dropped for not rejoining")
        #expect(g.membership(1)?.generation == 1, "frozen: it knows nothing yet")
        g.run(for: 10_000)
        #expect(g.events("member.poll-timeout", member: "g-1").map(\.time) == [22_000])
        #expect(g.events("member.left", member: "g-1").isEmpty)
        #expect(g.events("member.lost", member: "g-1").map(\.time) == [22_000])
        let replaced = try #require(g.events("member.rejoined-static", member: "g-1").first)
        #expect(g.detail(replaced, "old_member_id") == .string(id))
        #expect(g.events("rebalance.started", from: 18_001).isEmpty)
        #expect(g.summary?.generationId == 2)
        #expect(g.membership(1)?.state == .stable)
        #expect(g.membership(1)?.owned == [TopicPartition("t", 0), TopicPartition("t", 1)])
        #expect(g.membership(2)?.owned == [TopicPartition("t", 2)])
        #expect(g.membership(3)?.owned == [TopicPartition("t", 3)])
    }
}
