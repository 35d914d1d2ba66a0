import GroupCore
import GroupSim
import Testing

@testable import GroupMonitor

/// The monitor's per-group storage: rings of the last N values per partition in one array, committed offsets topic by
/// topic, and histories that follow their partitions when a group's committed partitions change. The lags are
/// Kafka's (log end − committed, `ConsumerGroupCommand.getLag`) of `Fixtures`' log ends [100, 60, 30, 7], by hand.
@Suite struct GroupTrackTests {
    @Test func ringsKeepTheLastValuesOldestFirstAndStartOverWhenEmptied() {
        var rings = SlotRings<Int64>(capacity: 3, blank: 0)
        rings.addSlot([])
        rings.addSlot([7, 8, 9, 10])
        for value: Int64 in 1...5 { rings.append(value, to: 0) }
        #expect(Array(rings.values(0)) == [3, 4, 5])
        #expect(rings.first(0) == 3)
        // A slot made from more values than it holds keeps the newest.
        #expect(Array(rings.values(1)) == [8, 9, 10])
        // A full ring hands back the value that gave way.
        #expect(rings.append(11, to: 1) == 8)
        #expect(Array(rings.values(1)) == [9, 10, 11])
        // A slot emptied for reuse starts over.
        rings.empty(0)
        #expect(rings.first(0) == nil)
        #expect(rings.append(6, to: 0) == nil)
        #expect(Array(rings.values(0)) == [6])
    }

    @Test func committedOffsetsAreSortedOnceWithTheLastOfARepeatedPartition() {
        // As a broker might list them: topics out of order, one topic in two parts, a partition twice.
        let listed = [
            CommittedTopic(topic: "orders", partitions: [2, 0], offsets: [20, 1]),
            CommittedTopic(topic: "audit", partitions: [1], offsets: [11]),
            CommittedTopic(topic: "orders", partitions: [0], offsets: [5]),
        ]
        let normalized = CommittedTopic.normalized(listed)
        #expect(normalized.map(\.topic) == ["audit", "orders"])
        #expect(normalized.map(\.partitions) == [[1], [0, 2]])
        #expect(normalized.map(\.offsets) == [[11], [5, 20]])
        var group = ObservedGroup(id: "billing", state: "Stable")
        group.committedTopics = normalized
        #expect(group.committedOffset(on: TopicPartition("orders", 2)) == 20)
        #expect(group.committedOffset(on: TopicPartition("orders", 1)) == nil)
        #expect(
            group.committed == [
                TopicPartition("audit", 1): 11, TopicPartition("orders", 0): 5, TopicPartition("orders", 2): 20,
            ])
    }

    @Test func historiesFollowTheirPartitionsWhenCommitsComeAndGo() throws {
        var model = MonitorModel()
        let members = [Fixtures.member(1, [0, 1, 2, 3])]
        model.ingest(Fixtures.observation(at: 1_000, members: members, committed: [0: 90]))
        model.ingest(Fixtures.observation(at: 2_000, members: members, committed: [0: 95, 1: 40]))
        #expect(model.lagHistory(group: "billing", partition: TopicPartition("orders", 0)) == [10, 5])
        #expect(model.lagHistory(group: "billing", partition: TopicPartition("orders", 1)) == [20])
        model.ingest(Fixtures.observation(at: 3_000, members: members, committed: [1: 50]))
        // orders-0 has no commit any more: its history went with it.
        #expect(model.lagHistory(group: "billing", partition: TopicPartition("orders", 0)) == [])
        #expect(model.lagHistory(group: "billing", partition: TopicPartition("orders", 1)) == [20, 10])
        let snapshot = model.snapshot(label: "cluster", now: 3_000, rateWindow: 4_000, sourceStatus: nil)
        let orders = try #require(snapshot.topics.first { $0.name == "orders" })
        let views = orders.partitions.map { $0.groups.first }
        #expect(views.map { $0?.committedOffset } == [nil, 50, nil, nil])
        #expect(views.map { $0?.lag } == [nil, 10, nil, nil])
        #expect(views[1]?.lagHistory == [20, 10])
        #expect(views.map { $0?.owner } == Array(repeating: "consumer-billing-1", count: 4))
        // orders-0 committed again: its history starts over (in the slot orders-0 gave up), orders-1's goes on.
        model.ingest(Fixtures.observation(at: 4_000, members: members, committed: [0: 99, 1: 55]))
        #expect(model.lagHistory(group: "billing", partition: TopicPartition("orders", 0)) == [1])
        #expect(model.lagHistory(group: "billing", partition: TopicPartition("orders", 1)) == [20, 10, 5])
        // The snapshot shows the same samples the model keeps.
        let later = model.snapshot(label: "cluster", now: 4_000, rateWindow: 4_000, sourceStatus: nil)
        #expect(Self.lagHistories(later) == [[1], [20, 10, 5], nil, nil])
        #expect(views[1]?.lagHistory == [20, 10], "a snapshot taken earlier keeps its samples")
    }

    /// A snapshot's samples read in place from the refreshes' shared columns must be the ones the model keeps: the
    /// last N once the history is full, none of an earlier partition's in a reused slot, the samples either side of
    /// a refresh that had no lag (committed past the log end: unknown), and unchanged in a snapshot kept while later
    /// refreshes come in. Lags: log ends [100, 60, 30, 7] − committed, by hand.
    @Test func snapshotSamplesMatchTheModelThroughAFullHistoryHolesAndSlotReuse() throws {
        var model = MonitorModel(options: .init(lagHistoryLength: 3))
        let members = [Fixtures.member(1, [0, 1, 2, 3])]
        let refreshes: [[Int32: Int64]] = [
            [0: 90, 1: 40],  // lags 10, 20
            [0: 91, 1: 41],  // 9, 19
            [0: 92, 1: 70],  // 8, none (70 > 60)
            [0: 93, 1: 42],  // 7, 18
            [0: 94, 1: 43],  // 6, 17
            [1: 44],  // orders-0 gone; 16
            [1: 45, 2: 25],  // orders-2 takes orders-0's slot; 15, 5
        ]
        let expected: [[[Int64]?]] = [
            [[10], [20], nil, nil],
            [[10, 9], [20, 19], nil, nil],
            [[10, 9, 8], [20, 19], nil, nil],
            [[9, 8, 7], [20, 19, 18], nil, nil],
            [[8, 7, 6], [19, 18, 17], nil, nil],
            [nil, [18, 17, 16], nil, nil],
            [nil, [17, 16, 15], [5], nil],
        ]
        var kept: [SimulationSnapshot] = []
        for (i, committed) in refreshes.enumerated() {
            let time = Millis(i + 1) * 1_000
            model.ingest(Fixtures.observation(at: time, members: members, committed: committed))
            let snapshot = model.snapshot(label: "cluster", now: time, rateWindow: 4_000, sourceStatus: nil)
            #expect(Self.lagHistories(snapshot) == expected[i], "refresh \(i + 1)")
            for p: Int32 in 0..<4 {
                let inModel = model.lagHistory(group: "billing", partition: TopicPartition("orders", p))
                #expect(inModel == (expected[i][Int(p)] ?? []), "refresh \(i + 1), orders-\(p)")
            }
            kept.append(snapshot)
        }
        for (i, snapshot) in kept.enumerated() {
            #expect(Self.lagHistories(snapshot) == expected[i], "snapshot \(i + 1) read after the last refresh")
        }
    }

    /// Each `orders` partition's lag samples in the billing group's view, nil where the group has no commit.
    static func lagHistories(_ snapshot: SimulationSnapshot) -> [[Int64]?] {
        let orders = snapshot.topics.first { $0.name == "orders" }
        return orders?.partitions.map { partition in
            partition.groups.first.flatMap { $0.committedOffset == nil ? nil : Array($0.lagHistory) }
        } ?? []
    }
}
