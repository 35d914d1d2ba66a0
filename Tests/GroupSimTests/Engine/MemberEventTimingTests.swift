import GroupCore
import Testing

@testable import GroupSim

/// A member's own events are recorded at the instant its membership logic raises them, even when no request goes out
/// (a static member sends no LeaveGroup on a poll timeout: AbstractCoordinator.maybeLeaveGroup only leaves for
/// dynamic members), and they survive the process being restarted.
@Suite struct MemberEventTimingTests {
    @Test func aHungStaticMembersPollTimeoutIsRecordedWhenItHappens() throws {
        let r = Recorder(
            try scenario(
                oneGroup(
                    extra: "      max.poll.interval.ms: 20000", groupExtra: "    static: true",
                    events: "  - { at: 30s, hang: billing-1 }")))
        r.run(until: 60_000)
        let timeout = try #require(r.first("member.poll-timeout", member: "billing-1"))
        // The last poll was in the tick before the hang (ticks are 100 ms); the heartbeat thread notices at
        // lastPoll + max.poll.interval.ms exactly.
        #expect(timeout.time >= 30_000 + 20_000 - 100 && timeout.time <= 30_000 + 20_000)
    }

    @Test func aPollTimeoutIsNotLostWhenTheProcessRestarts() throws {
        let r = Recorder(
            try scenario(
                oneGroup(
                    extra: "      max.poll.interval.ms: 20000", groupExtra: "    static: true",
                    events: "  - { at: 30s, hang: billing-1 }\n  - { at: 52s, restart: billing-1 }")))
        r.run(until: 60_000)
        #expect(r.first("member.poll-timeout", member: "billing-1") != nil)
    }

    @Test func anEagerRevocationWithoutAutoCommitIsRecordedWhenItHappens() throws {
        // ConsumerCoordinator.onJoinPrepare revokes everything of an eager member before its JoinGroup goes out;
        // the JoinGroup's answer comes only when the join phase ends — here when billing-2 wakes from its pause.
        let r = Recorder(
            try scenario(
                oneGroup(
                    members: 2, extra: "      enable.auto.commit: false",
                    events: "  - { at: 31s, add-member: billing }\n  - { at: 31500ms, pause: { member: billing-2, for: 5s } }")))
        r.run(until: 60_000)
        let revoked = try #require(r.first("member.revoked", member: "billing-1", after: 30_000))
        let completed = try #require(r.first("rebalance.completed", after: 30_000))
        #expect(revoked.time == 33_000, "at billing-1's first heartbeat after the new member came, when it rejoined")
        #expect(completed.time >= 36_500, "the join phase waited for billing-2")
    }
}

@Suite struct MemberIdMemoryTests {
    @Test func nameByMemberIdStaysBoundedThroughManyRestarts() throws {
        // Every restart of a dynamic member mints a new member id (clientId + "-" + UUID): 100 leave/restart cycles.
        let restarts = (1...100).map {
            "  - { at: \(10 + $0 * 2)s, leave: billing-\($0 % 3 + 1) }\n  - { at: \(11 + $0 * 2)s, restart: billing-\($0 % 3 + 1) }"
        }.joined(separator: "\n")
        let r = Recorder(try scenario(oneGroup(events: restarts)))
        r.run(until: 215_000)
        #expect(r.count("member.joined") > 100)
        #expect(r.simulation.nameByMemberId.count <= r.simulation.memberIdMemory)
        // The newest ids are still named.
        let last = try #require(r.events.last { $0.type == "member.joined" })
        let id = try #require(last.details.first { $0.key == "member_id" }?.value)
        if case .string(let memberId) = id { #expect(r.simulation.name(memberId).hasPrefix("billing-")) }
    }
}
