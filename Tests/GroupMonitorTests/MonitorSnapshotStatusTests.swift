import GroupCore
import GroupSim
import Testing

@testable import GroupMonitor

/// The dashboard's snapshot of a watched group carries Burrow's lag status per partition and per group, judged over
/// the refreshes the monitor recorded. Five refreshes one second apart of `orders` (five partitions); billing-1 owns
/// orders-0 and orders-1, billing-2 owns orders-2 and orders-3, nobody owns orders-4. The expected statuses follow
/// Burrow's documented rules (https://github.com/linkedin/Burrow/wiki/Consumer-Lag-Evaluation-Rules and
/// `calculatePartitionStatus` in `core/internal/evaluator/caching.go`), worked out by hand below.
@Suite struct MonitorSnapshotStatusTests {
    /// Per refresh: the log end offsets of orders-0…4, and the group's committed offsets.
    static let refreshes: [(ends: [Int64], committed: [Int32: Int64])] = [
        ([100, 100, 30, 40, 50], [0: 100, 1: 50, 2: 20, 3: 10, 4: 5]),
        ([110, 200, 40, 40, 60], [0: 105, 1: 100, 2: 20, 3: 20, 4: 10]),
        ([120, 300, 50, 40, 70], [0: 115, 1: 150, 2: 20, 3: 30, 4: 10]),
        ([130, 400, 60, 40, 80], [0: 125, 1: 200, 2: 20, 3: 15, 4: 10]),
        ([140, 500, 70, 40, 90], [0: 130, 1: 250, 2: 20, 3: 25, 4: 10]),
    ]

    static func model(refreshes count: Int) -> MonitorModel {
        var model = MonitorModel()
        for (i, refresh) in refreshes.prefix(count).enumerated() {
            model.ingest(
                Fixtures.observation(
                    at: Millis(i + 1) * 1_000, ends: refresh.ends,
                    members: [Fixtures.member(1, [0, 1]), Fixtures.member(2, [2, 3])], committed: refresh.committed))
        }
        return model
    }

    @Test func statusesFollowBurrowsRulesOverTheRefreshes() throws {
        let snapshot = Self.model(refreshes: 5).snapshot(label: "cluster", now: 5_000, rateWindow: 4_000, sourceStatus: nil)
        let orders = try #require(snapshot.topics.first { $0.name == "orders" })
        let statuses = orders.partitions.map { $0.groups.first?.lagStatus }
        #expect(
            statuses == [
                // orders-0: lags 0, 5, 5, 5, 10 — a lag of zero in the window → OK (rule 1), although it never fell since.
                .ok,
                // orders-1: the offset moves (50 … 250) but the lag only grows (50 … 250) → WARN (rule 3).
                .warn,
                // orders-2: its owner is there, the committed offset stays at 20 while the lag grows 10 … 50 → STALL.
                .stall,
                // orders-3: committed 10, 20, 30, then 15 — the offset went back → REWIND.
                .rewind,
                // orders-4: no owner; last commit (10) at 2 s, the window spans 1 s, now 5 s: the time since the last
                // commit is longer than the window and the log end (50 … 90) never was at it → STOP (rule 4).
                .stop,
            ])
        let billing = try #require(snapshot.groups.first { $0.id == "billing" })
        // The group takes its worst partition's status (Burrow then reports any of STOP/STALL/REWIND as ERR).
        #expect(billing.lagStatus == .rewind)
        #expect(snapshot.hasLagStatus)
        // DescribeGroups carries no generation: the monitor does not invent one.
        #expect(billing.generation == nil)
        #expect(orders.partitions[4].groups.first?.owner == nil)
    }

    @Test func nothingCommittedMeansNoStatus() {
        var model = MonitorModel()
        model.ingest(Fixtures.observation(at: 1_000, members: [Fixtures.member(1, [0, 1, 2, 3])], committed: [:]))
        let snapshot = model.snapshot(label: "cluster", now: 1_000, rateWindow: 4_000, sourceStatus: nil)
        #expect(snapshot.topics.flatMap(\.partitions).allSatisfy { $0.groups.allSatisfy { $0.lagStatus == nil } })
        #expect(snapshot.groups.first?.lagStatus == nil)
        #expect(!snapshot.hasLagStatus)
    }
}

/// The commit rate (the monitor's processing rate) when the consumer commits less often than the monitor refreshes:
/// Kafka's consumer auto-commits every 5 s (`auto.commit.interval.ms`), a 2 s refresh sees a change one time in two or
/// three. The rate is the offsets between two observed changes over the time between them, held while commits keep
/// coming, and 0 once the offset stood still for twice that interval.
@Suite struct CommitRateTests {
    @Test func theRateSpansTheRefreshesBetweenObservedCommits() throws {
        // Refresh every 2 s; the committed offset of orders-0 changes at 4 s (to 500) and at 8 s (to 1,700).
        let committedAt: [Millis: Int64] = [2_000: 0, 4_000: 500, 6_000: 500, 8_000: 1_700, 10_000: 1_700]
        var model = MonitorModel()
        var rates: [Millis: Double] = [:]
        for time in committedAt.keys.sorted() {
            model.ingest(
                Fixtures.observation(
                    at: time, ends: [2_000, 0, 0, 0], members: [Fixtures.member(1, [0, 1, 2, 3])],
                    committed: [0: committedAt[time] ?? 0]))
            rates[time] = model.commitRate(group: "billing", partition: TopicPartition("orders", 0))
        }
        // 4 s: 500 offsets since the change seen at 2 s (the first sighting) → 250/s; 6 s: held;
        // 8 s: 1,200 offsets in 4 s → 300/s; 10 s: held (2 s of silence < twice 4 s).
        #expect(rates == [2_000: 0, 4_000: 250, 6_000: 250, 8_000: 300, 10_000: 300])
        // Still at 1,700 at 16.001 s: more than twice 4 s after the last change → 0.
        model.ingest(
            Fixtures.observation(
                at: 16_001, ends: [2_000, 0, 0, 0], members: [Fixtures.member(1, [0, 1, 2, 3])], committed: [0: 1_700]))
        #expect(model.commitRate(group: "billing", partition: TopicPartition("orders", 0)) == 0)
    }
}

/// The monitor numbers partitions once per metadata layout; a topic that appears (listed before `orders`) in the
/// middle of the refreshes renumbers them, and the histories must follow their partitions. The lags are Kafka's
/// (log end − committed, `ConsumerGroupCommand.getLag`) of `MonitorSnapshotStatusTests.refreshes`, by hand.
@Suite struct PartitionRenumberingTests {
    @Test func historiesFollowTheirPartitionsWhenATopicAppears() throws {
        var model = MonitorModel()
        let audit = ObservedTopic(
            name: "audit", partitions: [ObservedPartition(partition: 0, leader: 1, logStartOffset: 0, logEndOffset: 9)])
        for (i, refresh) in MonitorSnapshotStatusTests.refreshes.enumerated() {
            var observation = Fixtures.observation(
                at: Millis(i + 1) * 1_000, ends: refresh.ends,
                members: [Fixtures.member(1, [0, 1]), Fixtures.member(2, [2, 3])], committed: refresh.committed)
            if i >= 2 { observation.topics.insert(audit, at: 0) }
            model.ingest(observation)
        }
        #expect(model.lagHistory(group: "billing", partition: TopicPartition("orders", 0)) == [0, 5, 5, 5, 10])
        #expect(model.lagHistory(group: "billing", partition: TopicPartition("orders", 1)) == [50, 100, 150, 200, 250])
        #expect(model.lagHistory(group: "billing", partition: TopicPartition("orders", 3)) == [30, 20, 10, 25, 15])
        // orders-1's commit moved 50 per refresh, one second apart.
        #expect(model.commitRate(group: "billing", partition: TopicPartition("orders", 1)) == 50)
        let unchanged = MonitorSnapshotStatusTests.model(refreshes: 5)
        let snapshot = model.snapshot(label: "cluster", now: 5_000, rateWindow: 4_000, sourceStatus: nil)
        let expected = unchanged.snapshot(label: "cluster", now: 5_000, rateWindow: 4_000, sourceStatus: nil)
        let orders = try #require(snapshot.topics.first { $0.name == "orders" })
        let expectedOrders = try #require(expected.topics.first { $0.name == "orders" })
        let statuses = orders.partitions.map { $0.groups.first?.lagStatus }
        #expect(statuses == expectedOrders.partitions.map { $0.groups.first?.lagStatus })
        let timeLags = orders.partitions.map { $0.groups.first?.timeLagMs }
        #expect(timeLags == expectedOrders.partitions.map { $0.groups.first?.timeLagMs })
    }
}
