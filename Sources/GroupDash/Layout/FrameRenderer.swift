import GroupSim

/// Where the panes ended up after a frame: the scroll positions actually used (clamped, selection
/// kept in view) and the sizes that page keys and scroll limits need.
public struct FrameMetrics: Equatable, Sendable {
    public var tooSmall = false
    public var topicsScroll = 0
    public var topicsRows = 0
    public var topicsHeight = 0
    public var groupsScroll = 0
    public var groupsHeight = 0
    public var eventsScroll = 0
    public var eventsHeight = 0
    public var eventCount = 0
    public var selectedMember: String?

    public init() {}
}

/// Builds one frame: (snapshot, recent events, view state) → cell grid. Pure; no terminal involved.
public enum FrameRenderer {
    /// Clears `grid` and draws the whole screen into it at the grid's size.
    /// `events` are oldest first, as `SimulationSource.events(from:)` returns them.
    @discardableResult
    public static func render(
        snapshot: SimulationSnapshot, events: [SimEvent], state: DashboardState, glyphs: Glyphs, into grid: inout CellGrid,
        eventsHappened: Int? = nil
    ) -> FrameMetrics {
        grid.clear()
        var metrics = FrameMetrics()
        metrics.eventCount = events.count
        let view = FilteredView(snapshot: snapshot, filter: state.filter)
        let topicsRows = view.topics.reduce(0) { $0 + TopicsPaneRenderer.rowCount(snapshot.topics[$1.topicIndex], $1) }
        let groupsRows = view.groups.reduce(0) { $0 + 1 + $1.memberIndices.count }
        guard let layout = ScreenLayout(width: grid.width, height: grid.height, topicsRows: topicsRows, groupsRows: groupsRows)
        else {
            metrics.tooSmall = true
            metrics.topicsScroll = state.topicsScroll
            metrics.groupsScroll = state.groupsScroll
            metrics.eventsScroll = state.eventsScroll
            TooSmallRenderer.draw(width: grid.width, height: grid.height, glyphs: glyphs, grid: &grid)
            return metrics
        }
        let selected = Selection.resolve(state, in: view, snapshot: snapshot)
        let selectedName = selected.map { snapshot.groups[$0.group].members[$0.member].name }
        metrics.selectedMember = selectedName
        let ownerWidth = ownerColumnWidth(snapshot)

        HeaderRenderer.draw(snapshot: snapshot, state: state, rect: layout.header, glyphs: glyphs, grid: &grid)
        let topics = TopicsPaneRenderer.draw(
            snapshot: snapshot, view: view, state: state, rect: layout.topics,
            ownerWidth: ownerWidth, glyphs: glyphs, grid: &grid)
        metrics.topicsScroll = topics.scroll
        metrics.topicsRows = topics.rows
        metrics.topicsHeight = max(0, layout.topics.height - 1)
        metrics.groupsScroll = GroupsPaneRenderer.draw(
            snapshot: snapshot, view: view, state: state, selected: selected,
            rect: layout.groups, ownerWidth: ownerWidth, glyphs: glyphs, grid: &grid)
        metrics.groupsHeight = max(0, layout.groups.height - 1)
        if let divider = layout.divider {
            grid.fill(divider, glyphs.vertical, style: .dim)
        }
        metrics.eventsScroll = EventsPaneRenderer.draw(
            events: events, happened: max(eventsHappened ?? snapshot.eventsHappened, events.count), state: state,
            rect: layout.events, glyphs: glyphs, grid: &grid)
        metrics.eventsHeight = max(0, layout.events.height - 1)
        StatusLineRenderer.draw(rect: layout.status, state: state, selectedName: selectedName, glyphs: glyphs, grid: &grid)
        KeyBarRenderer.draw(rect: layout.keyBar, state: state, glyphs: glyphs, grid: &grid)
        if state.showHelp {
            HelpOverlayRenderer.draw(width: grid.width, height: grid.height, glyphs: glyphs, grid: &grid)
        }
        return metrics
    }

    /// Member names are `<group>-<n>`: size the owner column to the longest, within 10…20.
    static func ownerColumnWidth(_ snapshot: SimulationSnapshot) -> Int {
        var longest = 0
        for group in snapshot.groups {
            for member in group.members { longest = max(longest, member.name.unicodeScalars.count) }
        }
        return min(max(longest, 10), 20)
    }
}
