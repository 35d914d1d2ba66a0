import ArgumentParser
import GroupCore
import GroupDash
import GroupSim

/// `groupscope-bench frame`: time to lay out one dashboard frame (snapshot → cell grid), no terminal.
/// The last line is `median_ms=N`.
struct FrameBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "frame",
        abstract: "Time building one dashboard frame (layout into the cell grid) for a large snapshot.")

    @Option(help: "Partitions (in one topic).") var partitions = 1000
    @Option(help: "Consumer groups subscribed to the topic.") var groups = 3
    @Option(help: "Members per group.") var members = 10
    @Option(help: "Grid width.") var width = 200
    @Option(help: "Grid height.") var height = 60
    @Option(help: "Timed frames.") var runs = 500
    @Option(help: "Partition sort: partition or lag.") var sort = "lag"
    @Flag(help: "ASCII glyphs instead of Unicode.") var ascii = false

    func validate() throws {
        try requireRange(
            1...1_000_000, ["partitions": partitions, "groups": groups, "members": members, "runs": runs])
        try requireRange(1...10_000, ["width": width, "height": height])
    }

    func run() throws {
        let snapshot = Self.snapshot(partitions: partitions, groups: groups, members: members)
        var state = DashboardState(speed: 1)
        state.sort = PartitionSort(rawValue: sort) ?? .byLag
        let events = (0..<1000).map { i in
            SimEvent(
                sequence: i, time: Millis(i * 250), type: i % 3 == 0 ? "rebalance.completed" : "member.joined",
                group: "group-\(i % groups)",
                message: "group-\(i % groups) generation \(i): orders-\(i % partitions) moved from group-0-1 to group-0-2")
        }
        var grid = CellGrid(width: width, height: height)
        let glyphs: Glyphs = ascii ? .ascii : .unicode
        let clock = ContinuousClock()
        for _ in 0..<20 {  // warm-up
            FrameRenderer.render(snapshot: snapshot, events: events, state: state, glyphs: glyphs, into: &grid)
        }
        var samples: [Double] = []
        samples.reserveCapacity(runs)
        for i in 0..<max(1, runs) {
            state.topicsScroll = (i * 37) % partitions  // scroll around so different rows are built
            let elapsed = clock.measure {
                FrameRenderer.render(snapshot: snapshot, events: events, state: state, glyphs: glyphs, into: &grid)
            }
            samples.append(elapsed.inMilliseconds)
        }
        samples.sort()
        func pick(_ q: Double) -> Double { samples[min(samples.count - 1, Int(Double(samples.count) * q))] }
        let format = { (v: Double) in String(Double(Int((v * 1000).rounded())) / 1000) }
        print(
            "frame layout: \(partitions) partitions x \(groups) groups, \(width)x\(height), sort \(state.sort.rawValue), \(samples.count) runs"
        )
        print(
            "min_ms=\(format(samples[0])) p90_ms=\(format(pick(0.9))) p99_ms=\(format(pick(0.99))) max_ms=\(format(samples.last!))"
        )
        print("median_ms=\(format(pick(0.5)))")
    }

    /// One topic `orders` with `partitions` partitions, each consumed by `groups` groups with a minute
    /// of lag history.
    static func snapshot(partitions: Int, groups: Int, members: Int) -> SimulationSnapshot {
        let groupIds = (0..<groups).map { "group-\($0)" }
        func view(_ g: Int, _ id: String, _ p: Int) -> PartitionGroupView {
            let lag = Int64((p * 31 + g * 7) % 5000)
            let end = 1_000_000 + Int64(p * 17)
            var history: [Int64] = []
            for s in 0..<60 { history.append(Int64((s * 13 + p) % 100) * lag / 100) }
            let owner = "\(id)-\(p % members + 1)"
            let ownership: Ownership = p % 50 == 0 ? .revoking : .owned
            return PartitionGroupView(
                groupId: id, owner: owner, ownership: ownership, committedOffset: end - lag, lag: lag,
                timeLagMs: lag * 10, lagHistory: history)
        }
        var rows: [PartitionView] = []
        for p in 0..<partitions {
            var perGroup: [PartitionGroupView] = []
            for (g, id) in groupIds.enumerated() { perGroup.append(view(g, id, p)) }
            rows.append(
                PartitionView(
                    partition: Int32(p), logStartOffset: 0, logEndOffset: 1_000_000 + Int64(p * 17),
                    produceRate: 10, isHot: p % 97 == 0, groups: perGroup))
        }
        let topic = TopicView(name: "orders", rate: 10_000, partitions: rows)
        let groupViews = groupIds.map { id in
            GroupView(
                id: id, topics: ["orders"], state: "Stable", generation: 4, protocolName: "range", configuredStrategy: .range,
                leader: "\(id)-1",
                members: (1...members).map { m in
                    MemberView(
                        name: "\(id)-\(m)", memberId: "\(id)-\(m)-uuid", groupInstanceId: nil, status: .stable,
                        partitions: stride(from: m - 1, to: partitions, by: members).map { TopicPartition("orders", Int32($0)) },
                        lag: 1000, processingRate: 1000, consumeRate: 990, isLeader: m == 1)
                }, lag: 1000 * Int64(members))
        }
        return SimulationSnapshot(
            scenarioName: "bench", seed: 1, time: 600_000, produceRate: 10_000, consumeRate: 9_900,
            totalLag: 123_456, producersPaused: false, topics: [topic], groups: groupViews)
    }
}
