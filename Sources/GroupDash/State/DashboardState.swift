/// The dashboard's panes, in `Tab` order.
public enum Pane: String, Sendable, CaseIterable {
    case topics, groups, events

    public var next: Pane {
        let all = Pane.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
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

    public init(speed: Double = 1, scenarioName: String? = nil) {
        self.speed = speed
        self.scenarioName = scenarioName
    }
}
