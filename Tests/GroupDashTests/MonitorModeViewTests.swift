import GroupCore
import GroupSim
import Testing

@testable import GroupDash

/// What the dashboard shows of a watched cluster: the header names the source, its refresh interval and the age of
/// the data instead of a speed and a seed; a generation the source cannot know is `?`; Burrow's lag status is a STATUS
/// column and a group field only when the snapshot carries one (the simulation's show nothing new).
@Suite struct MonitorModeViewTests {
    static func header(_ grid: CellGrid) -> String { grid.text(row: 0) }

    @Test func aLiveSourceHeaderShowsWhatIsWatchedAndHowFreshNotSpeedAndSeed() throws {
        var snapshot = Fixtures.snapshot()
        snapshot.time = 12_500
        snapshot.liveSource = LiveSourceInfo(target: "10.0.0.1:9092,10.0.0.2:9092", refreshInterval: 2_000, lastRefresh: 11_000)
        let live = Self.header(Fixtures.render(snapshot, width: 160).grid)
        #expect(live.contains("watch 10.0.0.1:9092,10.0.0.2:9092"), "\(live)")
        #expect(live.contains("refresh 2s"), "\(live)")
        #expect(live.contains("updated 1.5s ago"), "\(live)")
        #expect(!live.contains("speed") && !live.contains("seed") && !live.contains("scenario"), "\(live)")

        snapshot.liveSource?.lastRefresh = nil
        #expect(Self.header(Fixtures.render(snapshot, width: 160).grid).contains("updated not yet"))
        snapshot.liveSource?.refreshInterval = 250
        #expect(Self.header(Fixtures.render(snapshot, width: 160).grid).contains("refresh 250ms"))

        let simulated = Self.header(Fixtures.render(Fixtures.snapshot(), width: 160).grid)
        #expect(simulated.contains("speed ") && simulated.contains("seed "), "\(simulated)")
        #expect(!simulated.contains("refresh") && !simulated.contains("updated"), "\(simulated)")
    }

    @Test func anUnknownGenerationShowsAsAQuestionMark() throws {
        var snapshot = Fixtures.snapshot()
        snapshot.groups[0].generation = nil
        let grid = Fixtures.render(snapshot, width: 130, height: 50).grid
        let unknown = try #require(Fixtures.row(containing: " billing  Stable", in: grid), "\(grid.text)")
        #expect(unknown.contains("gen ?"), "\(unknown)")
        let known = try #require(Fixtures.row(containing: " analytics  PreparingRebalance", in: grid), "\(grid.text)")
        #expect(known.contains("gen 7"), "\(known)")
    }

    @Test func theStatusColumnAppearsOnlyWhenTheSnapshotHasStatuses() throws {
        let plain = Fixtures.render(Fixtures.snapshot(), width: 130, height: 50).grid
        #expect(Fixtures.row(containing: "STATUS", in: plain) == nil, "\(plain.text)")
        #expect(Fixtures.row(containing: "status ", in: plain) == nil)

        var snapshot = Fixtures.snapshot()
        let statuses: [LagStatus] = [.ok, .warn, .stall, .rewind]
        for p in snapshot.topics[0].partitions.indices {
            snapshot.topics[0].partitions[p].groups[0].lagStatus = statuses[p]
        }
        snapshot.groups[0].lagStatus = .rewind
        let grid = Fixtures.render(snapshot, width: 130, height: 50).grid
        let header = try #require(Fixtures.row(containing: "STATUS", in: grid), "\(grid.text)")
        #expect(header.contains("LAG STATUS"), "\(header)")
        // orders-0 … orders-3 for billing, in partition order; analytics (no status) shows `-`.
        for (p, status) in statuses.enumerated() {
            let row = try #require(
                (0..<grid.height).map { grid.text(row: $0) }.first {
                    // orders-p's log end offset is 12,345 + p in the fixture.
                    $0.contains(" 12,34\(5 + p) ") && $0.contains("billing-")
                }, "no row for orders-\(p):\n\(grid.text)")
            let cells = row.split(separator: " ").map(String.init)
            #expect(cells.contains(status.description), "orders-\(p): \(row)")
            #expect(cells.contains("-"), "orders-\(p): analytics has no status: \(row)")
        }
        let group = try #require(Fixtures.row(containing: " billing  Stable", in: grid))
        #expect(group.contains("status REWIND"), "\(group)")
        let analytics = try #require(Fixtures.row(containing: " analytics  PreparingRebalance", in: grid))
        #expect(!analytics.contains("status"), "\(analytics)")
    }
}
