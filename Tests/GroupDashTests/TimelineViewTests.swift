import GroupCore
import GroupSim
import Testing

@testable import GroupDash

/// The `t` view: one row per partition of one group, a cell per instant holding the owner's letter. Ownership is per
/// group (Kafka's coordinator assigns each group's partitions independently), so the view shows one group at a time
/// and ←/→ step through the groups. The expected cells follow from the ownership the test feeds in.
@Suite struct TimelineViewTests {
    static let width = 120
    static let plotX = TimelineRenderer.labelWidth  // the body starts at x 0
    static let plotWidth = width - plotX - 1

    /// One minute of snapshots, one per second, from the fixture's groups: in `billing`, orders-0 is billing-1's until
    /// 29 s, nobody's from 30 s to 39 s (an eager stop-the-world), then billing-2's; in `analytics` it stays
    /// analytics-1's. The rebalance that hands it to billing-2 completes at 39.5 s.
    static func history() -> (OwnershipHistory, SimulationSnapshot) {
        var history = OwnershipHistory()
        var snapshot = Fixtures.snapshot()
        snapshot.groups[0].members[1].status = .stable
        for second in 0..<60 {
            snapshot.time = Millis(second) * 1_000
            let billing: (owner: String?, ownership: Ownership) =
                second < 30 ? ("billing-1", .owned) : second < 40 ? (nil, .unassigned) : ("billing-2", .owned)
            snapshot.topics[0].partitions[0].groups[0].owner = billing.owner
            snapshot.topics[0].partitions[0].groups[0].ownership = billing.ownership
            history.observe(snapshot)
        }
        history.observe(
            SimEvent(sequence: 0, time: 39_500, type: "rebalance.completed", group: "billing", message: "generation 4"))
        return (history, snapshot)
    }

    /// The grid column of the instant `ms` in a one-minute window ending at 59 s.
    static func column(at ms: Millis) -> Int {
        plotX + Int((ms - (59_000 - 60_000)) * Millis(plotWidth) / 60_000)
    }

    func render(_ state: DashboardState, _ history: OwnershipHistory, _ snapshot: SimulationSnapshot) -> CellGrid {
        var grid = CellGrid(width: Self.width, height: 30)
        FrameRenderer.render(snapshot: snapshot, events: [], state: state, glyphs: .unicode, into: &grid, ownership: history)
        return grid
    }

    func timelineState() -> (ActionDispatcher, FakeSource) {
        let snapshot = Self.history().1
        let source = FakeSource(snapshot)
        var state = DashboardState()
        state.selectedMember = "billing-1"
        let d = ActionDispatcher(source: source, state: state)
        _ = d.handle(.char("t"), snapshot: snapshot)
        _ = d.handle(.char("+"), snapshot: snapshot)
        _ = d.handle(.char("+"), snapshot: snapshot)  // 5 → 2 → 1 minute
        return (d, source)
    }

    @Test func cellsHoldTheOwnersLetterWithTheGapAndTheRebalanceMark() throws {
        let (history, snapshot) = Self.history()
        let (d, _) = timelineState()
        #expect(d.state.timelineMinutes == 1)
        let grid = render(d.state, history, snapshot)
        #expect(Fixtures.row(containing: "Timeline", in: grid)?.contains("group billing (1 of 2, ←/→ other groups)") == true)
        let y = try #require(Fixtures.rowIndex(containing: "orders-0", in: grid))
        func cell(_ ms: Millis) -> Character { grid[x: Self.column(at: ms), y: y].character }
        // billing-1 first owned something: A; billing-2 (orders-1 from the start): B.
        #expect(Fixtures.row(containing: "A billing-1", in: grid)?.contains("B billing-2") == true)
        for ms: Millis in [2_000, 15_000, 28_000] { #expect(cell(ms) == "A") }
        for ms: Millis in [31_000, 35_000, 38_000] { #expect(cell(ms) == " ") }  // nobody consumed
        for ms: Millis in [41_000, 50_000, 58_000] { #expect(cell(ms) == "B") }
        #expect(cell(-500) == " ")  // before the first observation
        // Every partition of the group has its row, and only those: billing reads orders (4) and payments (2).
        for tp in ["orders-1", "orders-2", "orders-3", "payments-0", "payments-1"] {
            #expect(Fixtures.row(containing: tp, in: grid) != nil)
        }
        // The rebalance instant on the axis row above the partitions.
        let axis = try #require(Fixtures.rowIndex(containing: "rebalances", in: grid))
        #expect(grid[x: Self.column(at: 39_500), y: axis].character == "┼")
        #expect(grid[x: Self.column(at: 20_000), y: axis].character == "─")
    }

    @Test func arrowsStepThroughTheGroupsReadingTheTopic() throws {
        let (history, snapshot) = Self.history()
        let (d, source) = timelineState()
        _ = d.handle(.right, snapshot: snapshot)
        var grid = render(d.state, history, snapshot)
        #expect(Fixtures.row(containing: "Timeline", in: grid)?.contains("group analytics (2 of 2") == true)
        let y = try #require(Fixtures.rowIndex(containing: "orders-0", in: grid))
        for ms: Millis in [2_000, 35_000, 58_000] { #expect(grid[x: Self.column(at: ms), y: y].character == "A") }
        #expect(Fixtures.row(containing: "payments-0", in: grid) == nil)  // analytics does not read payments
        #expect(Fixtures.row(containing: "A analytics-1", in: grid) != nil)
        // Wraps both ways, and changes nothing in the simulation.
        _ = d.handle(.right, snapshot: snapshot)
        grid = render(d.state, history, snapshot)
        #expect(Fixtures.row(containing: "Timeline", in: grid)?.contains("group billing (1 of 2") == true)
        _ = d.handle(.left, snapshot: snapshot)
        grid = render(d.state, history, snapshot)
        #expect(Fixtures.row(containing: "Timeline", in: grid)?.contains("group analytics (2 of 2") == true)
        #expect(source.applied.isEmpty)
        #expect(d.state.groupColumnOffset == 0)  // the topics pane's columns did not move
        // Leaving and opening again starts from the selected member's group.
        _ = d.handle(.char("t"), snapshot: snapshot)
        _ = d.handle(.char("t"), snapshot: snapshot)
        grid = render(d.state, history, snapshot)
        #expect(Fixtures.row(containing: "Timeline", in: grid)?.contains("group billing (1 of 2") == true)
    }
}
