import GroupCore
import GroupSim

@testable import GroupDash

/// A hand-built simulation for layout and action tests: records the commands it receives.
final class FakeSource: SimulationSource {
    var current: SimulationSnapshot
    var log: [SimEvent] = []
    var applied: [SimulationCommand] = []
    var advanced: [Millis] = []
    /// Commands that fail with this message.
    var failures: [String: String] = [:]  // by command description
    var capabilities = SourceCapabilities.simulation

    init(_ snapshot: SimulationSnapshot = Fixtures.snapshot()) { current = snapshot }

    /// How many snapshots were taken.
    var snapshots = 0
    func snapshot() -> SimulationSnapshot {
        snapshots += 1
        return current
    }
    func events(from sequence: Int) -> [SimEvent] { log.filter { $0.sequence >= sequence } }
    func advance(by duration: Millis) { advanced.append(duration) }
    func apply(_ command: SimulationCommand) throws {
        if let message = failures[command.description] { throw CommandError(message) }
        applied.append(command)
    }
}

enum Fixtures {
    /// orders (4 partitions, billing + analytics), payments (2 partitions, billing);
    /// billing-1, billing-2 and analytics-1.
    static func snapshot(
        ordersPartitions: Int = 4, paused: Bool = false, ownership: [Int: Ownership] = [:]
    ) -> SimulationSnapshot {
        func pg(_ group: String, _ owner: String?, _ p: Int, lag: Int64, history: [Int64] = [0, 1, 2, 3, 4, 5, 6, 7])
            -> PartitionGroupView
        {
            let state = ownership[p] ?? .owned
            return PartitionGroupView(
                groupId: group, owner: state == .unassigned ? nil : owner, ownership: state,
                committedOffset: 1000 + Int64(p), lag: lag, timeLagMs: lag * 100, lagHistory: history)
        }
        let orders = TopicView(
            name: "orders", rate: 200,
            partitions: (0..<ordersPartitions).map { p in
                PartitionView(
                    partition: Int32(p), logStartOffset: 0, logEndOffset: 12_345 + Int64(p), produceRate: 50, isHot: p == 1,
                    groups: [
                        pg("billing", p % 2 == 0 ? "billing-1" : "billing-2", p, lag: Int64(10 * p + 7)),
                        pg("analytics", "analytics-1", p, lag: Int64(p), history: []),
                    ])
            })
        let payments = TopicView(
            name: "payments", rate: 80,
            partitions: (0..<2).map { p in
                PartitionView(
                    partition: Int32(p), logStartOffset: 0, logEndOffset: 500, produceRate: 40, isHot: false,
                    groups: [
                        PartitionGroupView(
                            groupId: "billing", owner: "billing-2", ownership: .owned, committedOffset: nil,
                            lag: 500, timeLagMs: 45_000, lagHistory: [])
                    ])
            })
        let billing = GroupView(
            id: "billing", topics: ["orders", "payments"], state: "Stable", generation: 3, protocolName: "range",
            configuredStrategy: .range, leader: "billing-1",
            members: [
                MemberView(
                    name: "billing-1", memberId: "m1", groupInstanceId: nil, status: .stable,
                    partitions: [TopicPartition("orders", 0), TopicPartition("orders", 2)], lag: 34, processingRate: 100,
                    consumeRate: 95, isLeader: true),
                MemberView(
                    name: "billing-2", memberId: "m2", groupInstanceId: nil, status: .crashed,
                    partitions: [TopicPartition("orders", 1), TopicPartition("orders", 3)], lag: 1_234_567,
                    processingRate: 100, consumeRate: 0, isLeader: false, detectionInMs: 6_200),
            ], lag: 1_234_601)
        let analytics = GroupView(
            id: "analytics", topics: ["orders"], state: "PreparingRebalance", generation: 7, protocolName: "sticky",
            configuredStrategy: .cooperativeSticky, leader: "analytics-1",
            members: [
                MemberView(
                    name: "analytics-1", memberId: "m3", groupInstanceId: nil, status: .joining, partitions: [],
                    lag: 6, processingRate: 50, consumeRate: 10, isLeader: true)
            ], lag: 6)
        return SimulationSnapshot(
            scenarioName: "checkout-demo", seed: 42, time: 83_400, produceRate: 1_200, consumeRate: 1_150,
            totalLag: 3_456, producersPaused: paused, topics: [orders, payments], groups: [billing, analytics])
    }

    static func events(_ count: Int) -> [SimEvent] {
        (0..<count).map { i in
            SimEvent(
                sequence: i, time: Millis(i * 1000), type: i % 2 == 0 ? "member.crashed" : "rebalance.completed",
                group: "billing", message: "event number \(i)")
        }
    }

    static func render(
        _ snapshot: SimulationSnapshot = snapshot(), events: [SimEvent] = [], state: DashboardState = DashboardState(),
        width: Int = 120, height: Int = 40, glyphs: Glyphs = .unicode
    ) -> (grid: CellGrid, metrics: FrameMetrics) {
        var grid = CellGrid(width: width, height: height)
        let metrics = FrameRenderer.render(snapshot: snapshot, events: events, state: state, glyphs: glyphs, into: &grid)
        return (grid, metrics)
    }

    /// The grid row that contains `needle`, or nil.
    static func row(containing needle: String, in grid: CellGrid) -> String? {
        (0..<grid.height).map { grid.text(row: $0) }.first { $0.contains(needle) }
    }

    static func rowIndex(containing needle: String, in grid: CellGrid) -> Int? {
        (0..<grid.height).first { grid.text(row: $0).contains(needle) }
    }
}
