import GroupCore
import GroupSim
import Testing

@testable import GroupMonitor

/// Events inferred between refreshes, for the sequence Kafka's classic coordinator goes through when a member
/// crashes (GroupCoordinator / ClassicGroup: Stable → PreparingRebalance when the session expires, members keep
/// their place until they rejoin or expire, DescribeGroups returns assignments only when Stable → Stable with the
/// survivors), and for the other differences the monitor reports.
@Suite struct EventInferenceTests {
    func types(_ events: [SimEvent]) -> [String] { events.map(\.type) }

    @Test func aCrashShowsAsStateChangesMemberLeftAndARebalanceWithItsMoves() {
        var model = MonitorModel()
        let three = [Fixtures.member(1, [0]), Fixtures.member(2, [1, 2]), Fixtures.member(3, [3])]
        model.ingest(Fixtures.observation(at: 0, members: three, committed: [0: 90]))
        #expect(types(model.events(from: 0)) == ["cluster.connected"])

        // DescribeGroups while rebalancing: the members are listed without assignments.
        model.ingest(
            Fixtures.observation(
                at: 2_000, state: "PreparingRebalance",
                members: three.map {
                    var m = $0; m.assignment = nil; return m
                },
                committed: [0: 90]))
        let during = model.events(from: 1)
        #expect(types(during) == ["group.state", "rebalance.started"])
        #expect(during[0].message == "billing: Stable → PreparingRebalance")
        #expect(during[1].message == "billing: rebalance started (PreparingRebalance; began after 00:00.0)")

        model.ingest(
            Fixtures.observation(
                at: 4_000, members: [Fixtures.member(1, [0]), Fixtures.member(2, [1, 2, 3])], committed: [0: 95]))
        let after = model.events(from: 3)
        #expect(types(after) == ["group.state", "member.left", "rebalance.completed"])
        #expect(after[1].message == "billing: consumer-billing-3 left (client id consumer-billing-3, host /10.0.0.3)")
        #expect(
            after[2].message
                == "billing: rebalance completed, ~2.0s (between 0.0s and 4.0s), 2 members, range; "
                + "moved orders-3 consumer-billing-3→consumer-billing-2")
        #expect(after.allSatisfy { $0.time == 4_000 && $0.group == "billing" })
    }

    @Test func aRebalanceBetweenTwoRefreshesIsStillReportedFromTheAssignmentChange() {
        var model = MonitorModel()
        model.ingest(Fixtures.observation(at: 0, members: [Fixtures.member(1, [0, 1, 2, 3])], committed: [:]))
        model.ingest(
            Fixtures.observation(at: 2_000, members: [Fixtures.member(1, [0, 1]), Fixtures.member(2, [2, 3])], committed: [:]))
        let events = model.events(from: 1)
        #expect(types(events) == ["member.joined", "rebalance.completed"])
        #expect(events[0].message == "billing: consumer-billing-2 joined (client id consumer-billing-2, host /10.0.0.2)")
        #expect(
            events[1].message
                == "billing: rebalance completed between 00:00.0 and 00:02.0 (shorter than one refresh), 2 members, range; "
                + "moved orders-2 consumer-billing-1→consumer-billing-2, orders-3 consumer-billing-1→consumer-billing-2")
    }

    @Test func rewindsTopicsAndBrokersAreReported() {
        var model = MonitorModel()
        model.ingest(Fixtures.observation(at: 0, members: [Fixtures.member(1, [0])], committed: [0: 90]))
        var next = Fixtures.observation(at: 2_000, members: [Fixtures.member(1, [0])], committed: [0: 40])
        next.topics.append(ObservedTopic(name: "payments", partitions: [ObservedPartition(partition: 0, leader: 1)]))
        next.unreachableBrokers = [ObservedBrokerProblem(address: "127.0.0.1:9093", reason: "connection refused")]
        model.ingest(next)
        var events = model.events(from: 1)
        #expect(types(events) == ["broker.unreachable", "topic.added", "offset.rewound"])
        #expect(events[2].message == "billing: committed offset of orders-0 went back from 90 to 40 (-50)")

        model.ingestFailure(reason: "connection refused", address: "127.0.0.1:9092", at: 4_000)
        model.ingestFailure(reason: "connection refused", address: "127.0.0.1:9092", at: 6_000)
        var back = Fixtures.observation(at: 8_000, members: [Fixtures.member(1, [0])], committed: [0: 40])
        back.topics[0].partitions.append(ObservedPartition(partition: 4, leader: 1))
        model.ingest(back)
        events = model.events(from: 4)
        #expect(types(events) == ["broker.unreachable", "broker.back", "broker.back", "partitions.added", "topic.removed"])
        #expect(events[0].message == "cannot reach 127.0.0.1:9092: connection refused")
        #expect(events[1].message == "127.0.0.1:9092 answers again (unreachable for about 4.0s)")
        #expect(events[2].message == "127.0.0.1:9093 answers again (unreachable for about 6.0s)")
        #expect(events[3].message == "orders: partitions 4 → 5")
    }

    @Test func membersSharingAClientIdGetDistinctStableNames() {
        var model = MonitorModel()
        // kafka-python gives every consumer the same client id; its member ids are `<client id>-<uuid>`.
        func member(_ uuid: String, _ p: Int32) -> ObservedMember {
            ObservedMember(
                memberId: "kafka-python-3.0.12-\(uuid)", clientId: "kafka-python-3.0.12", host: "/127.0.0.1",
                assignment: [TopicPartition("orders", p)])
        }
        let a = member("1f3a9c2e-0000", 0)
        let b = member("7b21d4aa-0000", 1)
        model.ingest(Fixtures.observation(at: 0, members: [a, b], committed: [:]))
        #expect(model.memberName(group: "billing", memberId: a.memberId) == "kafka-python-3.0.12#1f3a9c")
        #expect(model.memberName(group: "billing", memberId: b.memberId) == "kafka-python-3.0.12#7b21d4")
        model.ingest(Fixtures.observation(at: 2_000, members: [b], committed: [:]))
        #expect(model.events(from: 1).first?.message.hasPrefix("billing: kafka-python-3.0.12#1f3a9c left") == true)
        #expect(model.memberName(group: "billing", memberId: b.memberId) == "kafka-python-3.0.12#7b21d4")
    }
}
