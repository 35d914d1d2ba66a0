/// Where each part of the screen goes for a terminal size.
///
/// Narrower than 140 columns (or short): header, topics, groups, events stacked, then the status
/// line and the key bar. Wider: topics across the top, groups and events side by side below.
public struct ScreenLayout: Equatable, Sendable {
    public static let minimumWidth = 60
    public static let minimumHeight = 15
    static let headerHeight = 2

    public var header: Rect
    public var topics: Rect
    public var groups: Rect
    public var events: Rect
    public var status: Rect
    public var keyBar: Rect
    /// The column of the vertical line between groups and events, when side by side.
    public var divider: Rect?

    /// nil when the terminal is smaller than the minimum. `topicsRows` and `groupsRows` are the
    /// content rows those panes could show: a pane that needs less than its share gives the rest away.
    public init?(width: Int, height: Int, topicsRows: Int = .max / 4, groupsRows: Int = .max / 4) {
        guard width >= ScreenLayout.minimumWidth, height >= ScreenLayout.minimumHeight else { return nil }
        header = Rect(x: 0, y: 0, width: width, height: ScreenLayout.headerHeight)
        keyBar = Rect(x: 0, y: height - 1, width: width, height: 1)
        status = Rect(x: 0, y: height - 2, width: width, height: 1)
        let bodyTop = ScreenLayout.headerHeight
        let bodyHeight = height - ScreenLayout.headerHeight - 2
        func clamp(_ wanted: Int, _ low: Int, _ high: Int) -> Int { min(max(wanted, low), max(low, high)) }
        if width >= 140 && bodyHeight >= 24 {
            let topicsHeight = clamp(topicsRows + 1, 6, bodyHeight * 60 / 100)
            topics = Rect(x: 0, y: bodyTop, width: width, height: topicsHeight)
            let lowerTop = bodyTop + topicsHeight
            let lowerHeight = bodyHeight - topicsHeight
            let groupsWidth = width * 55 / 100
            groups = Rect(x: 0, y: lowerTop, width: groupsWidth, height: lowerHeight)
            divider = Rect(x: groupsWidth, y: lowerTop, width: 1, height: lowerHeight)
            events = Rect(x: groupsWidth + 1, y: lowerTop, width: width - groupsWidth - 1, height: lowerHeight)
        } else {
            let topicsHeight = clamp(topicsRows + 1, 4, bodyHeight * 42 / 100)
            let rest = bodyHeight - topicsHeight
            let groupsHeight = clamp(groupsRows + 1, 3, rest * 55 / 100)
            topics = Rect(x: 0, y: bodyTop, width: width, height: topicsHeight)
            groups = Rect(x: 0, y: bodyTop + topicsHeight, width: width, height: groupsHeight)
            events = Rect(x: 0, y: bodyTop + topicsHeight + groupsHeight, width: width, height: rest - groupsHeight)
            divider = nil
        }
    }
}
