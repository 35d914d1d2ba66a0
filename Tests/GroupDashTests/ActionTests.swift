import GroupCore
import GroupSim
import Testing

@testable import GroupDash

@Suite struct ActionTests {
    func dispatcher(_ snapshot: SimulationSnapshot = Fixtures.snapshot()) -> (ActionDispatcher, FakeSource) {
        let source = FakeSource(snapshot)
        return (ActionDispatcher(source: source, state: DashboardState()), source)
    }

    @Test func keyTableMapsIssueFiveKeys() {
        let expected: [(Key, KeyAction)] = [
            (.up, .moveUp), (.down, .moveDown), (.pageUp, .pageUp), (.pageDown, .pageDown), (.home, .moveHome), (.end, .moveEnd),
            (.tab, .nextPane), (.char("k"), .crash), (.char("l"), .leave), (.char("h"), .hang), (.char("r"), .restart),
            (.char("a"), .addMember), (.char("s"), .cycleStrategy), (.char("g"), .gcPause), (.char("p"), .toggleProducers),
            (.char("+"), .rateUp), (.char("-"), .rateDown), (.char(">"), .speedUp), (.char("<"), .speedDown),
            (.char(" "), .togglePause), (.char("/"), .filter), (.char("o"), .cycleSort), (.char("?"), .help),
            (.function(1), .help), (.char("q"), .quit), (.function(10), .quit),
        ]
        for (key, action) in expected { #expect(KeyBindings.action(for: key) == action, "\(key)") }
        #expect(Set(KeyBindings.table.map(\.action)) == Set(KeyAction.allCases))
        #expect(KeyBindings.action(for: .char("x")) == nil)
    }

    @Test func memberKeysSendCommandsForTheSelectedMember() {
        let (d, source) = dispatcher()
        let snapshot = source.current
        for key in ["k", "l", "h", "r", "g", "a", "s"] { _ = d.handle(.char(Character(key)), snapshot: snapshot) }
        #expect(
            source.applied == [
                .crash(member: "billing-1"), .leave(member: "billing-1"), .hang(member: "billing-1"),
                .restart(member: "billing-1"),
                .pause(member: "billing-1", seconds: 5), .addMember(group: "billing"),
                .strategy(group: "billing", to: .roundrobin),
            ])
        #expect(d.state.status == StatusMessage("strategy billing roundrobin"))
    }

    @Test func arrowsMoveTheSelectionAcrossGroups() {
        let (d, source) = dispatcher()
        let snapshot = source.current
        _ = d.handle(.down, snapshot: snapshot)
        #expect(d.state.selectedMember == "billing-2")
        _ = d.handle(.down, snapshot: snapshot)
        #expect(d.state.selectedMember == "analytics-1")
        _ = d.handle(.down, snapshot: snapshot)
        #expect(d.state.selectedMember == "analytics-1")
        _ = d.handle(.char("s"), snapshot: snapshot)
        #expect(source.applied == [.strategy(group: "analytics", to: .range)])  // cooperative-sticky wraps to range
        _ = d.handle(.home, snapshot: snapshot)
        #expect(d.state.selectedMember == "billing-1")
        _ = d.handle(.end, snapshot: snapshot)
        #expect(d.state.selectedMember == "analytics-1")
        _ = d.handle(.up, snapshot: snapshot)
        _ = d.handle(.char("k"), snapshot: snapshot)
        #expect(source.applied.last == .crash(member: "billing-2"))
    }

    @Test func commandErrorsGoToTheStatusLine() {
        let (d, source) = dispatcher()
        source.failures["restart billing-1"] = "billing-1 is running"
        #expect(d.handle(.char("r"), snapshot: source.current) == .continueRunning)
        #expect(d.state.status == StatusMessage("restart billing-1: billing-1 is running", isError: true))
        let grid = Fixtures.render(state: d.state).grid
        #expect(grid.text(row: 38).contains("restart billing-1: billing-1 is running"))
    }

    @Test func producerKeysPauseResumeAndScaleEachTopicsRate() {
        let (d, source) = dispatcher()
        _ = d.handle(.char("p"), snapshot: source.current)
        _ = d.handle(.char("p"), snapshot: Fixtures.snapshot(paused: true))
        _ = d.handle(.char("+"), snapshot: source.current)
        _ = d.handle(.char("-"), snapshot: source.current)
        #expect(
            source.applied == [
                .pauseProducers, .resumeProducers,
                .rate(topic: "orders", messagesPerSecond: 250), .rate(topic: "payments", messagesPerSecond: 100),
                .rate(topic: "orders", messagesPerSecond: 160), .rate(topic: "payments", messagesPerSecond: 64),
            ])
    }

    @Test func speedStepsBetweenAQuarterAndAHundred() {
        let (d, source) = dispatcher()
        for _ in 0..<20 { _ = d.handle(.char(">"), snapshot: source.current) }
        #expect(d.state.speed == 100)
        for _ in 0..<20 { _ = d.handle(.char("<"), snapshot: source.current) }
        #expect(d.state.speed == 0.25)
        _ = d.handle(.char(" "), snapshot: source.current)
        #expect(d.state.paused)
        _ = d.handle(.char(" "), snapshot: source.current)
        #expect(!d.state.paused)
        #expect(source.applied.isEmpty)
        #expect(SpeedSteps.faster(than: 3) == 5)
        #expect(SpeedSteps.slower(than: 3) == 2)
    }

    @Test func filterNarrowsTopicsGroupsAndMembers() {
        let (d, source) = dispatcher()
        let snapshot = source.current
        _ = d.handle(.char("/"), snapshot: snapshot)
        for c in "ANALY" { _ = d.handle(.char(c), snapshot: snapshot) }
        #expect(d.state.isEditingFilter)
        _ = d.handle(.char("q"), snapshot: snapshot)  // typed, not quit
        _ = d.handle(.backspace, snapshot: snapshot)
        _ = d.handle(.enter, snapshot: snapshot)
        #expect(d.state.filter == "ANALY")
        #expect(!d.state.isEditingFilter)
        let (grid, metrics) = Fixtures.render(state: d.state)
        #expect(metrics.selectedMember == "analytics-1")
        #expect(Fixtures.row(containing: "★ billing-1", in: grid) == nil)
        #expect(Fixtures.row(containing: "payments", in: grid) == nil)
        #expect(Fixtures.row(containing: "orders  4 partitions", in: grid) != nil)
        d.adopt(metrics)
        _ = d.handle(.char("k"), snapshot: snapshot)
        #expect(source.applied == [.crash(member: "analytics-1")])
        _ = d.handle(.char("/"), snapshot: snapshot)
        _ = d.handle(.escape, snapshot: snapshot)
        #expect(d.state.filter.isEmpty)
    }

    @Test func filterByMemberShowsOnlyItsPartitions() {
        let view = FilteredView(snapshot: Fixtures.snapshot(), filter: "billing-2")
        #expect(view.groups.count == 1)
        #expect(view.groups[0].memberIndices == [1])
        #expect(view.topics.map(\.topicIndex) == [0, 1])
        let grid = Fixtures.render(
            state: {
                var s = DashboardState(); s.filter = "billing-2"; return s
            }()
        ).grid
        #expect(Fixtures.row(containing: "2 of 4 partitions", in: grid) != nil)
        #expect(Fixtures.row(containing: "12,345", in: grid) == nil)  // orders-0 belongs to billing-1
        #expect(Fixtures.row(containing: "12,346", in: grid) != nil)
    }

    @Test func sortTabHelpAndQuit() {
        let (d, source) = dispatcher()
        let snapshot = source.current
        _ = d.handle(.char("o"), snapshot: snapshot)
        #expect(d.state.sort == .byLag)
        _ = d.handle(.char("o"), snapshot: snapshot)
        #expect(d.state.sort == .byPartition)
        #expect(d.state.focus == .groups)
        _ = d.handle(.tab, snapshot: snapshot)
        #expect(d.state.focus == .events)
        _ = d.handle(.tab, snapshot: snapshot)
        #expect(d.state.focus == .topics)
        _ = d.handle(.function(1), snapshot: snapshot)
        #expect(d.state.showHelp)
        #expect(d.handle(.char("k"), snapshot: snapshot) == .continueRunning)  // closes help, does not crash
        #expect(!d.state.showHelp)
        #expect(source.applied.isEmpty)
        #expect(d.handle(.char("q"), snapshot: snapshot) == .quit)
        #expect(d.handle(.function(10), snapshot: snapshot) == .quit)
    }

    @Test func scrollingTopicsAndEventsIsClamped() {
        let snapshot = Fixtures.snapshot(ordersPartitions: 100)
        let (d, _) = dispatcher(snapshot)
        d.adopt(Fixtures.render(snapshot, events: Fixtures.events(50), state: d.state).metrics)
        _ = d.handle(.tab, snapshot: snapshot)  // events
        _ = d.handle(.pageDown, snapshot: snapshot)
        #expect(d.state.eventsScroll > 1)
        _ = d.handle(.end, snapshot: snapshot)
        #expect(d.state.eventsScroll == 49)
        _ = d.handle(.tab, snapshot: snapshot)  // topics
        _ = d.handle(.end, snapshot: snapshot)
        #expect(d.state.topicsScroll == d.metrics.topicsRows - d.metrics.topicsHeight)
        _ = d.handle(.home, snapshot: snapshot)
        #expect(d.state.topicsScroll == 0)
    }
}
