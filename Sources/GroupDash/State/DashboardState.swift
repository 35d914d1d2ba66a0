import GroupSim

/// The dashboard's panes, in `Tab` order.
public enum Pane: String, Sendable, CaseIterable {
    case topics, groups, events

    public var next: Pane {
        let all = Pane.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}

/// What the body of the screen shows.
public enum ScreenMode: String, Sendable {
    case main, memberDetail, timeline
}

/// The event types `e` cycles through (prefixes of `SimEvent.type`).
public enum EventTypeFilter {
    public static let cycle: [String?] = [nil, "rebalance", "member", "strategy", "producer"]

    public static func next(after current: String?) -> String? {
        let i = cycle.firstIndex(where: { $0 == current }) ?? 0
        return cycle[(i + 1) % cycle.count]
    }
}

/// How partition rows are ordered within a topic.
public enum PartitionSort: String, Sendable, CaseIterable {
    case byPartition = "partition"
    case byLag = "lag"

    public var next: PartitionSort { self == .byPartition ? .byLag : .byPartition }
}

/// Total lag direction shown next to the header's lag figure.
public enum LagTrend: Sendable, Equatable {
    case rising, falling, steady
}

/// The one-line message above the key bar: the last command or why it failed.
public struct StatusMessage: Sendable, Equatable {
    public var text: String
    public var isError: Bool

    public init(_ text: String, isError: Bool = false) {
        self.text = text
        self.isError = isError
    }
}

/// Everything the viewer chose (as opposed to what the simulation says): focus, selection,
/// scroll positions, filter, sort, speed. Plain values, changed only by key actions and the app loop.
public struct DashboardState: Sendable, Equatable {
    public var focus: Pane = .groups
    /// What fills the body: the three panes, one member's detail, or the ownership timeline.
    public var screen: ScreenMode = .main
    /// The member whose detail is open.
    public var detailMember: String?
    /// First group column shown in the topics pane when not all fit (←/→).
    public var groupColumnOffset = 0
    /// Only events whose type starts with this (`rebalance`, `member`, …); nil shows all.
    public var eventType: String?
    /// Minutes of history the timeline view shows (zoom with +/-).
    public var timelineMinutes = 5
    /// How many groups the timeline view moved on from the selected member's group (←/→; wraps around).
    public var timelineGroupShift = 0
    /// The selected member's name; nil means "the first visible member".
    public var selectedMember: String?
    /// First visible row of each scrollable pane (events: newest-first index).
    public var topicsScroll = 0
    public var groupsScroll = 0
    public var eventsScroll = 0
    public var filter = ""
    public var isEditingFilter = false
    public var sort: PartitionSort = .byPartition
    public var showHelp = false
    public var speed: Double = 1
    /// The speed the simulation actually reaches when it falls short of `speed` (shown as `running ×4.8`).
    public var runningSpeed: Double?
    public var paused = false
    public var status: StatusMessage?
    public var lagTrend: LagTrend = .steady
    /// Shown in the header instead of the snapshot's scenario name when set.
    public var scenarioName: String?
    /// Command classes the source refuses outright (monitor mode: all; broker mode: the clock): their keys leave the
    /// key bar, so it shows only what works here.
    public var refusedCommandClasses: Set<CommandClass> = []

    public init(speed: Double = 1, scenarioName: String? = nil) {
        self.speed = speed
        self.scenarioName = scenarioName
    }
}
