import GroupCore
import GroupSim
import Testing

@testable import GroupMonitor

/// What the snapshot makes of several groups reading the same topics: each partition lists every shown group reading
/// its topic, in the order of the snapshot's groups; a group's and each member's lag add up the Kafka lags of their
/// partitions (log end − committed, `ConsumerGroupCommand.getLag`), worked out by hand below. An internal topic is not
/// shown, but a group's commits on it count in its lag (as `kafka-consumer-groups.sh --describe` lists them too); a
/// group of another protocol (Kafka Connect's "connect") is not shown and adds nothing.
@Suite struct MonitorSnapshotTotalsTests {
    static func topic(_ name: String, ends: [Int64], isInternal: Bool = false) -> ObservedTopic {
        ObservedTopic(
            name: name, isInternal: isInternal,
            partitions: ends.enumerated().map { i, end in
                ObservedPartition(partition: Int32(i), leader: 1, logStartOffset: 0, logEndOffset: end)
            })
    }

    static func member(_ clientId: String, _ assignment: [TopicPartition]) -> ObservedMember {
        ObservedMember(
            memberId: clientId + "-5f0c", clientId: clientId, host: "/10.0.0.1", assignment: assignment,
            subscribedTopics: Array(Set(assignment.map(\.topic))).sorted())
    }

    static func tp(_ topic: String, _ partition: Int32) -> TopicPartition { TopicPartition(topic, partition) }

    static let topics = [
        topic("orders", ends: [100, 60, 30, 7]),
        topic("__consumer_offsets", ends: [50], isInternal: true),
        topic("payments", ends: [20, 10]),
    ]

    @Test func groupsSharingATopicAreListedInOrderAndAddUpTheirLags() throws {
        let billing = ObservedGroup(
            id: "billing", state: "Stable", assignor: "range", coordinator: 1,
            members: [
                Self.member("billing-1", [Self.tp("orders", 0), Self.tp("orders", 1), Self.tp("payments", 0)]),
                Self.member("billing-2", [Self.tp("orders", 2), Self.tp("orders", 3)]),
            ],
            // orders-2 has no commit; payments-1 has one but no owner.
            committed: [
                Self.tp("orders", 0): 90, Self.tp("orders", 1): 40, Self.tp("orders", 3): 7, Self.tp("payments", 0): 15,
                Self.tp("payments", 1): 4,
            ])
        let connector = ObservedGroup(
            id: "connector", state: "Stable", protocolType: "connect", coordinator: 1, committed: [Self.tp("orders", 0): 50])
        let audit = ObservedGroup(
            id: "audit", state: "Stable", assignor: "range", coordinator: 1,
            members: [Self.member("audit-1", (0..<4).map { Self.tp("orders", $0) })],
            committed: [Self.tp("orders", 2): 25, Self.tp("__consumer_offsets", 0): 45])
        var model = MonitorModel()
        model.ingest(ClusterObservation(time: 1_000, topics: Self.topics, groups: [billing, connector, audit]))
        let snapshot = model.snapshot(label: "cluster", now: 1_000, rateWindow: 4_000, sourceStatus: nil)

        #expect(snapshot.topics.map(\.name) == ["orders", "payments"])
        let orders = try #require(snapshot.topics.first)
        #expect(orders.partitions.map { $0.groups.map(\.groupId) } == Array(repeating: ["billing", "audit"], count: 4))
        // billing: 100 − 90, 60 − 40, no commit, 7 − 7; audit: only orders-2 (30 − 25).
        #expect(orders.partitions.map { $0.groups.map(\.lag) } == [[10, nil], [20, nil], [nil, 5], [0, nil]])
        #expect(orders.partitions.map { $0.groups.map(\.committedOffset) } == [[90, nil], [40, nil], [nil, 25], [7, nil]])
        #expect(
            orders.partitions.map { $0.groups.map(\.owner) } == [
                ["billing-1", "audit-1"], ["billing-1", "audit-1"], ["billing-2", "audit-1"], ["billing-2", "audit-1"],
            ])
        let payments = try #require(snapshot.topics.last)
        #expect(payments.partitions.map { $0.groups.map(\.groupId) } == [["billing"], ["billing"]])
        // 20 − 15 owned by billing-1; 10 − 4 owned by nobody.
        #expect(payments.partitions.map { $0.groups.map(\.lag) } == [[5], [6]])
        #expect(payments.partitions.map { $0.groups.map(\.owner) } == [["billing-1"], [nil]])
        #expect(payments.partitions.map { $0.groups.map(\.ownership) } == [[.owned], [.unassigned]])

        #expect(snapshot.groups.map(\.id) == ["billing", "audit"])
        // billing: 10 + 20 + 0 + 5 + 6; audit: 5 on orders-2 and 50 − 45 on the internal topic.
        #expect(snapshot.groups.map(\.lag) == [41, 10])
        #expect(snapshot.totalLag == 51)
        #expect(snapshot.groups.map(\.topics) == [["orders", "payments"], ["__consumer_offsets", "orders"]])
        // billing-1 owns orders-0, orders-1 and payments-0; billing-2 orders-2 (no commit) and orders-3 (lag 0);
        // audit-1 owns orders-2 but not the internal partition.
        #expect(snapshot.groups.map { $0.members.map(\.name) } == [["billing-1", "billing-2"], ["audit-1"]])
        #expect(snapshot.groups.map { $0.members.map(\.lag) } == [[35, 0], [5]])
    }

    /// Two groups with the same id (two clusters' coordinators answering for one id, or a broker answering nonsense)
    /// share one track, so each is judged from its own commits: each partition shows both, each with its own offset.
    @Test func groupsWithTheSameIdShowTheirOwnCommits() throws {
        let first = ObservedGroup(
            id: "dup", state: "Stable", coordinator: 1, members: [Self.member("first-1", [Self.tp("orders", 0)])],
            committed: [Self.tp("orders", 0): 95])
        let second = ObservedGroup(
            id: "dup", state: "Stable", coordinator: 1,
            members: [Self.member("second-1", [Self.tp("orders", 0), Self.tp("orders", 1)])],
            committed: [Self.tp("orders", 0): 80, Self.tp("orders", 1): 50])
        var model = MonitorModel()
        model.ingest(ClusterObservation(time: 1_000, topics: [Self.topics[0]], groups: [first, second]))
        let snapshot = model.snapshot(label: "cluster", now: 1_000, rateWindow: 4_000, sourceStatus: nil)
        let orders = try #require(snapshot.topics.first)
        // first: 100 − 95; second: 100 − 80 and 60 − 50.
        #expect(orders.partitions.map { $0.groups.map(\.committedOffset) } == [[95, 80], [nil, 50], [nil, nil], [nil, nil]])
        #expect(orders.partitions.map { $0.groups.map(\.lag) } == [[5, 20], [nil, 10], [nil, nil], [nil, nil]])
        // Each group's owners come from its own members' assignments.
        #expect(
            orders.partitions.map { $0.groups.map(\.ownership) } == [
                [.owned, .owned], [.unassigned, .owned], [.unassigned, .unassigned], [.unassigned, .unassigned],
            ])
        #expect(snapshot.groups.map(\.lag) == [5, 30])
        #expect(snapshot.groups.map { $0.members.map(\.lag) } == [[5], [30]])
    }

    /// A broker answering log ends near Int64.max (a recreated topic, or a broken broker) gives each partition a lag
    /// that Kafka's own long subtraction just fits; the group's, the member's and the cluster's totals then pin at
    /// Int64.max instead of overflowing.
    @Test func totalsOfHugeLagsPinInsteadOfOverflowing() throws {
        let huge = Self.topic("orders", ends: [Int64.max, Int64.max - 1])
        let group = ObservedGroup(
            id: "billing", state: "Stable", assignor: "range", coordinator: 1,
            members: [Self.member("billing-1", [Self.tp("orders", 0), Self.tp("orders", 1)])],
            committed: [Self.tp("orders", 0): 0, Self.tp("orders", 1): 0])
        var model = MonitorModel()
        model.ingest(ClusterObservation(time: 1_000, topics: [huge], groups: [group]))
        let snapshot = model.snapshot(label: "cluster", now: 1_000, rateWindow: 4_000, sourceStatus: nil)
        let orders = try #require(snapshot.topics.first)
        #expect(orders.partitions.map { $0.groups.first?.lag } == [Int64.max, Int64.max - 1])
        #expect(snapshot.groups.first?.lag == Int64.max)
        #expect(snapshot.groups.first?.members.first?.lag == Int64.max)
        #expect(snapshot.totalLag == Int64.max)
    }
}
