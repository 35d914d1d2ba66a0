/// Everything a key can do. What each one means for the simulation is in `ActionCommands`.
public enum KeyAction: String, Sendable, CaseIterable {
    case moveUp, moveDown, pageUp, pageDown, moveHome, moveEnd, nextPane, scrollLeft, scrollRight
    case openDetail, back, timeline, cycleEventType
    case crash, leave, hang, restart, addMember, cycleStrategy, gcPause
    case toggleProducers, rateUp, rateDown, speedUp, speedDown, togglePause
    case filter, cycleSort, help, quit
}

/// One row of the key table: the keys, the action, and how help and the key bar describe it.
public struct KeyBinding: Sendable {
    public var keys: [Key]
    public var action: KeyAction
    /// The keys as the help overlay writes them (`nil`: described together with the previous row).
    public var helpKeys: String?
    public var helpKeysASCII: String?
    public var help: String?
    /// The key bar's entry (key, label) and its priority (lower survives narrower terminals).
    public var keyBar: (key: String, label: String, priority: Int)?

    init(
        _ keys: [Key], _ action: KeyAction, helpKeys: String? = nil, ascii: String? = nil, help: String? = nil,
        bar: (String, String, Int)? = nil
    ) {
        self.keys = keys
        self.action = action
        self.helpKeys = helpKeys
        self.helpKeysASCII = ascii
        self.help = help
        self.keyBar = bar.map { (key: $0.0, label: $0.1, priority: $0.2) }
    }
}

/// The key table: the one place that says which key does what (issue 5's list, exactly).
public enum KeyBindings {
    public static let table: [KeyBinding] = [
        KeyBinding(
            [.up], .moveUp, helpKeys: "↑/↓", ascii: "Up/Down",
            help: "select member (groups); scroll (topics, events)"),
        KeyBinding([.down], .moveDown),
        KeyBinding([.pageUp], .pageUp, helpKeys: "PgUp/PgDn", help: "move a page"),
        KeyBinding([.pageDown], .pageDown),
        KeyBinding([.home], .moveHome, helpKeys: "Home/End", help: "first / last"),
        KeyBinding([.end], .moveEnd),
        KeyBinding(
            [.left], .scrollLeft, helpKeys: "←/→", ascii: "Left/Right", help: "show the previous / next groups' columns",
            bar: ("←→", "Groups", 10)),
        KeyBinding([.right], .scrollRight),
        KeyBinding([.tab], .nextPane, helpKeys: "Tab", help: "next pane (topics, groups, events)", bar: ("Tab", "Pane", 9)),
        KeyBinding(
            [.enter], .openDetail, helpKeys: "Enter", help: "the selected member's detail (Esc returns)",
            bar: ("Enter", "Detail", 7)),
        KeyBinding([.escape], .back, helpKeys: "Esc", help: "back to the main view"),
        KeyBinding(
            [.char("t")], .timeline, helpKeys: "t", help: "ownership timeline (+/- zoom there; t or Esc returns)",
            bar: ("t", "Timeline", 6)),
        KeyBinding(
            [.char("e")], .cycleEventType, helpKeys: "e",
            help: "events of one type: all, rebalance, member, strategy, producer", bar: ("e", "Events", 9)),
        KeyBinding([.char("k")], .crash, helpKeys: "k", help: "crash the selected member", bar: ("k", "Crash", 1)),
        KeyBinding([.char("l")], .leave, helpKeys: "l", help: "member leaves cleanly", bar: ("l", "Leave", 3)),
        KeyBinding([.char("h")], .hang, helpKeys: "h", help: "member hangs (poll loop stuck)", bar: ("h", "Hang", 3)),
        KeyBinding(
            [.char("r")], .restart, helpKeys: "r", help: "restart a crashed, hung or left member", bar: ("r", "Restart", 2)),
        KeyBinding([.char("a")], .addMember, helpKeys: "a", help: "add a member to the selected group", bar: ("a", "Add", 4)),
        KeyBinding(
            [.char("s")], .cycleStrategy, helpKeys: "s",
            help: "next strategy: range, roundrobin, sticky, coop-sticky", bar: ("s", "Strategy", 4)),
        KeyBinding([.char("g")], .gcPause, helpKeys: "g", help: "pause the member for 5s (GC pause)", bar: ("g", "GC", 6)),
        KeyBinding([.char("p")], .toggleProducers, helpKeys: "p", help: "pause / resume producers", bar: ("p", "Produce", 5)),
        KeyBinding([.char("+")], .rateUp, helpKeys: "+/-", help: "producer rate up / down (×1.25)", bar: ("+-", "Rate", 6)),
        KeyBinding([.char("-")], .rateDown),
        KeyBinding(
            [.char(">")], .speedUp, helpKeys: ">/<", help: "simulation speed up / down (×0.25 to ×100)", bar: ("<>", "Speed", 5)),
        KeyBinding([.char("<")], .speedDown),
        KeyBinding(
            [.char(" ")], .togglePause, helpKeys: "Space", help: "pause / resume the simulation", bar: ("Spc", "Pause", 2)),
        KeyBinding(
            [.char("/")], .filter, helpKeys: "/", help: "filter topics, groups, members (Esc clears)", bar: ("/", "Filter", 7)),
        KeyBinding([.char("o")], .cycleSort, helpKeys: "o", help: "sort partitions by number / by lag", bar: ("o", "Sort", 8)),
        KeyBinding([.char("?"), .function(1)], .help, helpKeys: "?/F1", help: "this help", bar: ("F1", "Help", 0)),
        KeyBinding([.char("q"), .function(10)], .quit, helpKeys: "q/F10", help: "quit", bar: ("F10", "Quit", 0)),
    ]

    private static let lookup: [Key: KeyAction] = {
        var map: [Key: KeyAction] = [:]
        for binding in table { for key in binding.keys { map[key] = binding.action } }
        return map
    }()

    public static func action(for key: Key) -> KeyAction? { lookup[key] }
}
