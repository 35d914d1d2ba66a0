import GroupCore
import GroupSim
import Testing

@testable import GroupDash

/// Member detail, timeline, event filters, off-screen groups and the honest-number marks.
@Suite struct ViewTests {
    func dispatcher(_ snapshot: SimulationSnapshot = Fixtures.snapshot()) -> (ActionDispatcher, FakeSource) {
        let source = FakeSource(snapshot)
        return (ActionDispatcher(source: source, state: DashboardState()), source)
    }

    @Test func enterOpensTheSelectedMembersDetailAndEscReturns() throws {
        var snapshot = Fixtures.snapshot()
        snapshot.groups[0].members[0].clientId = "billing-001"
        snapshot.groups[0].members[0].host = "/sim"
        snapshot.groups[0].members[0].generation = 3
        snapshot.groups[0].members[0].sessionExpiresInMs = 7_000
        // orders-2: committed 1002 but retention moved the log start to 5000.
        snapshot.topics[0].partitions[2].logStartOffset = 5_000
        let (d, source) = dispatcher(snapshot)
        _ = d.handle(.enter, snapshot: source.current)
        #expect(d.state.screen == .memberDetail)
        #expect(d.state.detailMember == "billing-1")
        let events = [SimEvent(sequence: 0, time: 1_000, type: "member.joined", group: "billing", message: "billing-1 joined")]
        let grid = Fixtures.render(snapshot, events: events, state: d.state, width: 140, height: 40).grid
        let ids = try #require(Fixtures.row(containing: "CONSUMER-ID", in: grid))
        #expect(ids.contains("CONSUMER-ID m1") && ids.contains("HOST /sim") && ids.contains("CLIENT-ID billing-001"))
        #expect(Fixtures.row(containing: "generation 3", in: grid) != nil)
        #expect(Fixtures.row(containing: "session expires in 7.0s", in: grid) != nil)
        let header = try #require(Fixtures.row(containing: "CURRENT-OFFSET", in: grid))
        #expect(header.contains("LOG-END-OFFSET") && header.contains("POSITION"))
        let row = try #require(Fixtures.row(containing: "↯27", in: grid), "\(grid.text)")  // the source's lag, flagged
        #expect(row.split(separator: " ").prefix(2) == ["orders", "2"])
        #expect(Fixtures.row(containing: "retention deleted 3,998 records the group never read", in: grid) != nil)
        #expect(Fixtures.row(containing: "billing-1 joined", in: grid) != nil)
        _ = d.handle(.escape, snapshot: source.current)
        #expect(d.state.screen == .main)
    }

    @Test func topicsPaneMarksBelowLogStartAndTheSelectedMembersPartitions() throws {
        var snapshot = Fixtures.snapshot()
        snapshot.topics[0].partitions[2].logStartOffset = 5_000
        let grid = Fixtures.render(snapshot, width: 160, height: 50).grid
        let row = try #require(Fixtures.row(containing: "12,347", in: grid))
        #expect(row.contains("↯"))
        // billing-1 (selected at start) owns orders-0 and orders-2: its name is highlighted there, not billing-2's.
        let y = try #require(Fixtures.rowIndex(containing: "12,345", in: grid))
        let x = try #require(grid.text(row: y).firstRange(of: "billing-1")).lowerBound.utf16Offset(in: grid.text(row: y))
        #expect(grid[x: x, y: y].style.reverse)
        let y1 = try #require(Fixtures.rowIndex(containing: "12,346", in: grid))
        let x1 = try #require(grid.text(row: y1).firstRange(of: "billing-2")).lowerBound.utf16Offset(in: grid.text(row: y1))
        #expect(!grid[x: x1, y: y1].style.reverse)
    }

    @Test func behindPastTheKeptWindowIsALowerBoundAndAPausedTopicShowsZero() throws {
        var snapshot = Fixtures.snapshot()
        snapshot.topics[0].partitions[0].groups[0].timeLagMs = 700_000
        snapshot.topics[0].producing = false
        let grid = Fixtures.render(snapshot, width: 160, height: 50).grid
        #expect(try #require(Fixtures.row(containing: "12,345", in: grid)).contains("≥10m"))
        #expect(Fixtures.row(containing: "orders  4 partitions  0 msg/s (producer paused)", in: grid) != nil)
    }

    @Test func slashFiltersEventsAndEFiltersByType() {
        let (d, source) = dispatcher()
        let events = Fixtures.events(10)  // even: member.crashed, odd: rebalance.completed
        _ = d.handle(.char("e"), snapshot: source.current)
        #expect(d.state.eventType == "rebalance")
        var grid = Fixtures.render(events: events, state: d.state, width: 160, height: 50).grid
        #expect(Fixtures.row(containing: "10 events, 5 shown (rebalance.*)", in: grid) != nil)
        #expect(Fixtures.row(containing: "event number 3", in: grid) != nil)
        #expect(Fixtures.row(containing: "event number 4", in: grid) == nil)
        _ = d.handle(.char("/"), snapshot: source.current)
        _ = d.handle(.char("7"), snapshot: source.current)
        _ = d.handle(.enter, snapshot: source.current)
        grid = Fixtures.render(events: events, state: d.state, width: 160, height: 50).grid
        #expect(Fixtures.row(containing: "event number 7", in: grid) != nil)
        #expect(Fixtures.row(containing: "event number 3", in: grid) == nil)
    }

    @Test func groupsThatDoNotFitAreReachedWithTheArrows() throws {
        var snapshot = Fixtures.snapshot()
        // Six groups read orders: at 100 columns not all blocks fit.
        for p in snapshot.topics[0].partitions.indices {
            for g in 2..<6 {
                snapshot.topics[0].partitions[p].groups.append(
                    PartitionGroupView(
                        groupId: "extra\(g)", owner: "extra\(g)-1", ownership: .owned, committedOffset: 1, lag: 5, timeLagMs: 0,
                        lagHistory: []))
            }
        }
        let (d, source) = dispatcher(snapshot)
        var grid = Fixtures.render(snapshot, state: d.state, width: 100, height: 40).grid
        let title = try #require(Fixtures.row(containing: "orders  4 partitions", in: grid))
        #expect(title.contains("groups 1–"))
        #expect(title.contains("of 6 (←/→ for more)"))
        #expect(Fixtures.row(containing: "extra5-1", in: grid) == nil)
        for _ in 0..<6 { _ = d.handle(.right, snapshot: source.current) }
        grid = Fixtures.render(snapshot, state: d.state, width: 100, height: 40).grid
        #expect(Fixtures.row(containing: "extra5-1", in: grid) != nil)
        _ = d.handle(.left, snapshot: source.current)
        #expect(d.state.groupColumnOffset == 4)
    }

    @Test func timelineShowsOwnersOverTimeAndZooms() throws {
        var history = OwnershipHistory()
        var snapshot = Fixtures.snapshot()
        for second in 0..<60 {
            snapshot.time = Millis(second) * 1_000
            // billing-2 takes orders-0 from billing-1 at 30 s.
            snapshot.topics[0].partitions[0].groups[0].owner = second < 30 ? "billing-1" : "billing-2"
            snapshot.groups[0].members[1].status = .stable
            history.observe(snapshot)
        }
        let (d, source) = dispatcher(snapshot)
        _ = d.handle(.char("t"), snapshot: source.current)
        #expect(d.state.screen == .timeline)
        _ = d.handle(.char("-"), snapshot: source.current)  // zoom: 5 → 10 minutes
        #expect(d.state.timelineMinutes == 10)
        _ = d.handle(.char("+"), snapshot: source.current)
        _ = d.handle(.char("+"), snapshot: source.current)
        #expect(d.state.timelineMinutes == 2)
        #expect(source.applied.isEmpty)  // + and - zoom here, they do not change rates
        var grid = CellGrid(width: 120, height: 40)
        FrameRenderer.render(snapshot: snapshot, events: [], state: d.state, glyphs: .unicode, into: &grid, ownership: history)
        let row = try #require(Fixtures.row(containing: "orders-0", in: grid))
        #expect(row.contains("AAAA") && row.contains("BBBB"))
        #expect(row.firstRange(of: "A")!.lowerBound < row.firstRange(of: "B")!.lowerBound)
        #expect(Fixtures.row(containing: "A billing-1", in: grid) != nil)
    }
}
