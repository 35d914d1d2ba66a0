import GroupCore
import GroupSim

/// The topics pane: per topic a title row, a column header row, then a row per partition with,
/// for each subscribed group, owner, committed offset, lag, time lag and a lag sparkline.
/// Only the rows on screen are built.
enum TopicsPaneRenderer {
    static let partitionWidth = 4
    static let lagWidth = 8
    static let timeLagWidth = 6
    static let maxSparkWidth = 60
    /// `REWIND`, the longest of Burrow's statuses.
    static let statusWidth = 6
    /// BEHIND is exact for ten minutes (the log keeps one time mark per second for that long); beyond, it is a
    /// lower bound and shows as `≥10m`.
    static let timeLagWindowMs: Millis = 600_000

    /// Which columns each group block gets at this width, and under which names: Kafka's
    /// (`kafka-consumer-groups.sh`: LOG-END-OFFSET, CURRENT-OFFSET, LAG) when they fit, short forms when not.
    struct Plan: Equatable {
        var shownGroups: Int
        var ownerWidth: Int
        var endLabel: String
        var commitLabel: String
        var showCommit: Bool
        var showTimeLag: Bool
        var sparkWidth: Int
        /// STATUS (Burrow's lag status) after LAG when the source judges it; 0: no column.
        var statusWidth = 0

        var endWidth: Int { endLabel.count }
        var commitWidth: Int { commitLabel.count }
        /// Left of the first group block: partition, hot mark, log-end offset.
        var fixedWidth: Int { TopicsPaneRenderer.partitionWidth + 1 + 1 + max(endWidth, 10) }

        var blockWidth: Int {
            3 + ownerWidth + (showCommit ? 1 + max(commitWidth, 10) : 0) + 1 + TopicsPaneRenderer.lagWidth
                + (statusWidth > 0 ? 1 + statusWidth : 0) + (showTimeLag ? 1 + TopicsPaneRenderer.timeLagWidth : 0)
                + (sparkWidth > 0 ? 1 + sparkWidth : 0)
        }
    }

    static func plan(groups n: Int, width: Int, ownerWidth: Int, lagStatus: Bool = false) -> Plan {
        let levels: [(end: String, commit: String, showCommit: Bool, timeLag: Bool, spark: Int)] = [
            ("LOG-END-OFFSET", "CURRENT-OFFSET", true, true, 10),
            ("LOG-END", "CURRENT", true, true, 10),
            ("LOG-END", "CURRENT", true, true, 0),
            ("LOG-END", "CURRENT", false, true, 0),
            ("LOG-END", "CURRENT", false, false, 0),
        ]
        func make(_ level: (end: String, commit: String, showCommit: Bool, timeLag: Bool, spark: Int)) -> Plan {
            Plan(
                shownGroups: n, ownerWidth: ownerWidth, endLabel: level.end, commitLabel: level.commit,
                showCommit: level.showCommit, showTimeLag: level.timeLag, sparkWidth: level.spark,
                statusWidth: lagStatus ? statusWidth : 0)
        }
        guard n > 0 else { return make(levels[0]) }
        for level in levels {
            var plan = make(level)
            let available = width - plan.fixedWidth
            if n * plan.blockWidth <= available {
                if plan.sparkWidth > 0 {
                    plan.sparkWidth = min(maxSparkWidth, plan.sparkWidth + (available - n * plan.blockWidth) / n)
                }
                return plan
            }
        }
        // Not every group fits: as many full blocks as fit (←/→ reach the others), short names.
        var narrow = make(levels[1])
        narrow.sparkWidth = 0
        if (width - narrow.fixedWidth) / narrow.blockWidth < 1 { narrow = make(levels[4]) }
        narrow.shownGroups = max(1, min(n, (width - narrow.fixedWidth) / narrow.blockWidth))
        return narrow
    }

    /// Rows a topic takes: title, column header, partitions.
    static func rowCount(_ topic: TopicView, _ visible: FilteredView.VisibleTopic) -> Int {
        2 + partitionCount(topic, visible)
    }

    static func partitionCount(_ topic: TopicView, _ visible: FilteredView.VisibleTopic) -> Int {
        guard let owners = visible.owners else { return topic.partitions.count }
        return topic.partitions.reduce(0) { $0 + (isOwned(by: owners, $1, visible) ? 1 : 0) }
    }

    static func isOwned(by owners: Set<String>, _ partition: PartitionView, _ visible: FilteredView.VisibleTopic) -> Bool {
        for c in visible.groupColumns where c < partition.groups.count {
            if let owner = partition.groups[c].owner, owners.contains(owner) { return true }
        }
        return false
    }

    /// Partition indices in display order.
    static func order(_ topic: TopicView, _ visible: FilteredView.VisibleTopic, sort: PartitionSort) -> [Int] {
        var indices: [Int]
        if let owners = visible.owners {
            indices = topic.partitions.indices.filter { isOwned(by: owners, topic.partitions[$0], visible) }
        } else {
            indices = Array(topic.partitions.indices)
        }
        if sort == .byLag {
            let lags = topic.partitions.map { p in
                visible.groupColumns.reduce(Int64(0)) { c, i in i < p.groups.count ? max(c, p.groups[i].lag ?? 0) : c }
            }
            indices.sort { a, b in
                lags[a] != lags[b] ? lags[a] > lags[b] : topic.partitions[a].partition < topic.partitions[b].partition
            }
        }
        return indices
    }

    /// The group columns shown for a topic: `plan.shownGroups` of them from `offset` (clamped).
    static func shownColumns(_ visible: FilteredView.VisibleTopic, plan: Plan, offset: Int) -> ArraySlice<Int> {
        let columns = visible.groupColumns
        let first = min(max(0, offset), max(0, columns.count - plan.shownGroups))
        return columns[first..<min(columns.count, first + plan.shownGroups)]
    }

    /// Draws the pane; returns the scroll offset used (clamped) and the total number of rows.
    /// When scrolled into a topic, its title and column header stay on the pane's first two rows.
    static func draw(
        snapshot: SimulationSnapshot, view: FilteredView, state: DashboardState, rect: Rect, ownerWidth: Int,
        selectedMember: String?, glyphs: Glyphs, grid: inout CellGrid
    ) -> (scroll: Int, rows: Int) {
        let partitionTotal = view.topics.reduce(0) { $0 + snapshot.topics[$1.topicIndex].partitions.count }
        let lagStatus = snapshot.hasLagStatus
        var info = Formatting.plural(view.topics.count, "topic") + ", " + Formatting.plural(partitionTotal, "partition")
        info += "  sort: \(state.sort.rawValue)"
        PaneTitle.draw("Topics", info: info, in: rect, focused: state.focus == .topics, glyphs: glyphs, grid: &grid)
        let body = rect.belowFirstRow
        let counts = view.topics.map { rowCount(snapshot.topics[$0.topicIndex], $0) }
        let total = counts.reduce(0, +)
        let scroll = min(max(0, state.topicsScroll), max(0, total - body.height))
        guard !body.isEmpty else { return (scroll, total) }
        if view.topics.isEmpty {
            grid.put(
                state.filter.isEmpty ? "no topics" : "no topic matches \"\(state.filter)\"", x: body.x + 1, y: body.y,
                maxWidth: body.width - 1, style: .dim, ellipsis: glyphs.ellipsis)
            return (scroll, total)
        }
        var row = 0
        var stickyTopic: Int?
        for (t, visible) in view.topics.enumerated() {
            let count = counts[t]
            defer { row += count }
            let first = max(row, scroll), last = min(row + count, scroll + body.height)
            guard first < last else {
                if row >= scroll + body.height { break }
                continue
            }
            if row < scroll && body.height > 4 { stickyTopic = t }
            let topic = snapshot.topics[visible.topicIndex]
            let plan = plan(groups: visible.groupColumns.count, width: body.width, ownerWidth: ownerWidth, lagStatus: lagStatus)
            let columns = shownColumns(visible, plan: plan, offset: state.groupColumnOffset)
            var order: [Int]? = nil
            for r in first..<last {
                let y = body.y + (r - scroll)
                switch r - row {
                case 0:
                    drawTitle(
                        topic, visible, plan: plan, columns: columns, x: body.x, y: y, width: body.width, glyphs: glyphs,
                        grid: &grid)
                case 1:
                    drawColumnHeader(topic, columns, plan: plan, x: body.x, y: y, width: body.width, glyphs: glyphs, grid: &grid)
                default:
                    if order == nil { order = self.order(topic, visible, sort: state.sort) }
                    let p = topic.partitions[order![r - row - 2]]
                    drawPartition(
                        p, columns, plan: plan, x: body.x, y: y, maxX: body.maxX, selectedMember: selectedMember,
                        glyphs: glyphs, grid: &grid)
                }
            }
        }
        // Keep context: the topic the view is scrolled into keeps its name and column header on top.
        if let t = stickyTopic {
            let visible = view.topics[t]
            let topic = snapshot.topics[visible.topicIndex]
            let plan = plan(groups: visible.groupColumns.count, width: body.width, ownerWidth: ownerWidth, lagStatus: lagStatus)
            let columns = shownColumns(visible, plan: plan, offset: state.groupColumnOffset)
            grid.fill(Rect(x: body.x, y: body.y, width: body.width, height: 2), style: .normal)
            drawTitle(
                topic, visible, plan: plan, columns: columns, x: body.x, y: body.y, width: body.width, glyphs: glyphs,
                grid: &grid)
            drawColumnHeader(topic, columns, plan: plan, x: body.x, y: body.y + 1, width: body.width, glyphs: glyphs, grid: &grid)
        }
        return (scroll, total)
    }

    private static func drawTitle(
        _ topic: TopicView, _ visible: FilteredView.VisibleTopic, plan: Plan, columns: ArraySlice<Int>, x: Int, y: Int,
        width: Int, glyphs: Glyphs, grid: inout CellGrid
    ) {
        var w = SegmentWriter(y: y, x: x, maxX: x + width, glyphs: glyphs)
        w.write(topic.name, style: CellStyle(.info, bold: true), grid: &grid)
        let shown = partitionCount(topic, visible)
        let partitions =
            shown == topic.partitions.count
            ? Formatting.plural(shown, "partition")
            : "\(shown) of " + Formatting.plural(topic.partitions.count, "partition")
        // A paused producer produces nothing: 0 msg/s (the configured rate comes back on resume).
        // A topic a real client created has no simulated producer: what its real producers wrote in the last second.
        let rate =
            topic.isExternal
            ? Formatting.rate(topic.partitions.reduce(0) { $0 + $1.produceRate }) + " msg/s (real producers)"
            : topic.producing ? Formatting.rate(topic.rate) + " msg/s" : "0 msg/s (producer paused)"
        w.write("  " + partitions + "  " + rate, style: .label, grid: &grid)
        let total = visible.groupColumns.count
        if columns.count < total, let first = columns.first, let firstIndex = visible.groupColumns.firstIndex(of: first) {
            let range = columns.count == 1 ? "\(firstIndex + 1)" : "\(firstIndex + 1)\(glyphs.dash)\(firstIndex + columns.count)"
            w.write(
                "  groups \(range) of \(total) (\(glyphs.leftArrow)/\(glyphs.rightArrow) for more)",
                style: CellStyle(.warning), grid: &grid)
        }
    }

    private static func drawColumnHeader(
        _ topic: TopicView, _ columns: ArraySlice<Int>, plan: Plan, x: Int, y: Int, width: Int,
        glyphs: Glyphs, grid: inout CellGrid
    ) {
        let label = CellStyle.label
        grid.putRight("P", right: x + partitionWidth, y: y, width: partitionWidth, style: label)
        grid.putRight(plan.endLabel, right: x + plan.fixedWidth, y: y, width: plan.fixedWidth - partitionWidth - 2, style: label)
        guard let sample = topic.partitions.first else { return }
        var bx = x + plan.fixedWidth
        let maxX = x + width
        for c in columns where c < sample.groups.count {
            grid.set(bx + 1, y, glyphs.vertical, .dim)
            var cx = bx + 3
            grid.put(
                sample.groups[c].groupId, x: cx, y: y, maxWidth: min(plan.ownerWidth, maxX - cx),
                style: CellStyle(.title, bold: true), ellipsis: glyphs.ellipsis)
            cx += plan.ownerWidth + 1
            if plan.showCommit {
                let w = max(plan.commitWidth, 10)
                grid.putRight(plan.commitLabel, right: cx + w, y: y, width: w, style: label)
                cx += w + 1
            }
            grid.putRight("LAG", right: cx + lagWidth, y: y, width: lagWidth, style: label)
            cx += lagWidth + 1
            if plan.statusWidth > 0 {
                grid.put("STATUS", x: cx, y: y, maxWidth: max(0, min(plan.statusWidth, maxX - cx)), style: label)
                cx += plan.statusWidth + 1
            }
            if plan.showTimeLag {
                grid.putRight("BEHIND", right: cx + timeLagWidth, y: y, width: timeLagWidth, style: label)
                cx += timeLagWidth + 1
            }
            if plan.sparkWidth > 0 {
                grid.put(
                    "LAG, LAST 60s", x: cx, y: y, maxWidth: min(plan.sparkWidth, maxX - cx), style: label,
                    ellipsis: glyphs.ellipsis)
            }
            bx += plan.blockWidth
        }
    }

    /// BEHIND as shown: `≥10m` past the window the log keeps times for.
    static func behind(_ g: PartitionGroupView, glyphs: Glyphs) -> String {
        g.timeLagMs >= timeLagWindowMs - 1_000 ? glyphs.atLeast + "10m" : Formatting.lagTime(g.timeLagMs)
    }

    /// The committed offset lies below the log start: retention deleted records the group never read.
    static func isBelowLogStart(_ g: PartitionGroupView, _ p: PartitionView) -> Bool {
        guard let committed = g.committedOffset else { return false }
        return committed < p.logStartOffset
    }

    private static func drawPartition(
        _ p: PartitionView, _ columns: ArraySlice<Int>, plan: Plan, x: Int, y: Int, maxX: Int, selectedMember: String?,
        glyphs: Glyphs, grid: inout CellGrid
    ) {
        let numberStyle = p.isHot ? CellStyle(.hot, bold: true) : CellStyle.normal
        grid.putRight(String(p.partition), right: x + partitionWidth, y: y, width: partitionWidth, style: numberStyle)
        if p.isHot { grid.set(x + partitionWidth, y, glyphs.hotMark, numberStyle) }
        let endWidth = plan.fixedWidth - partitionWidth - 2
        grid.putRight(Formatting.count(p.logEndOffset, width: endWidth), right: x + plan.fixedWidth, y: y, width: endWidth)
        var bx = x + plan.fixedWidth
        for c in columns where c < p.groups.count {
            let g = p.groups[c]
            grid.set(bx + 1, y, glyphs.vertical, .dim)
            var cx = bx + 3
            let ownerWidth = min(plan.ownerWidth, maxX - cx)
            let selected = selectedMember != nil && g.owner == selectedMember
            switch g.ownership {
            case .owned:
                grid.put(
                    g.owner ?? "?", x: cx, y: y, maxWidth: ownerWidth,
                    style: selected ? CellStyle(.selected, bold: true, reverse: true) : .normal, ellipsis: glyphs.ellipsis)
            case .revoking:
                let text = g.owner.map { "revoking " + $0 } ?? "revoking"
                let shown = DisplayWidth.of(text) <= ownerWidth ? text : "revoking"
                grid.put(
                    shown, x: cx, y: y, maxWidth: ownerWidth, style: CellStyle(.warning, bold: true, reverse: selected),
                    ellipsis: glyphs.ellipsis)
            case .unassigned:
                grid.put(
                    "unassigned", x: cx, y: y, maxWidth: ownerWidth, style: CellStyle(.danger, bold: true),
                    ellipsis: glyphs.ellipsis)
            }
            cx += plan.ownerWidth + 1
            if plan.showCommit {
                let w = max(plan.commitWidth, 10)
                if let committed = g.committedOffset {
                    grid.putRight(Formatting.count(committed, width: w), right: cx + w, y: y, width: w)
                } else {
                    grid.putRight("-", right: cx + w, y: y, width: w, style: .dim)
                }
                cx += w + 1
            }
            let style = lagStyle(g)
            if let lag = g.lag {
                // ↯: committed below the log start — retention deleted what the group never read.
                let below = isBelowLogStart(g, p)
                let text = (below ? String(glyphs.belowLogStart) : "") + Formatting.count(lag, width: lagWidth - (below ? 1 : 0))
                grid.putRight(
                    text, right: cx + lagWidth, y: y, width: lagWidth, style: below ? CellStyle(.danger, bold: true) : style)
            } else {
                grid.putRight("-", right: cx + lagWidth, y: y, width: lagWidth, style: .dim)
            }
            cx += lagWidth + 1
            if plan.statusWidth > 0 {
                let width = max(0, min(plan.statusWidth, maxX - cx))
                grid.put(g.lagStatus?.description ?? "-", x: cx, y: y, maxWidth: width, style: lagStatusStyle(g.lagStatus))
                cx += plan.statusWidth + 1
            }
            if plan.showTimeLag {
                grid.putRight(behind(g, glyphs: glyphs), right: cx + timeLagWidth, y: y, width: timeLagWidth, style: style)
                cx += timeLagWidth + 1
            }
            if plan.sparkWidth > 0 {
                Sparkline.draw(
                    Array(g.lagHistory), into: &grid, x: cx, y: y, width: min(plan.sparkWidth, maxX - cx), glyphs: glyphs,
                    style: isGrowing(g) ? CellStyle(.warning) : CellStyle(.info))
            }
            bx += plan.blockWidth
        }
    }

    /// Lag higher now than five samples (seconds) ago.
    static func isGrowing(_ g: PartitionGroupView) -> Bool {
        let h = g.lagHistory
        guard h.count >= 2, (g.lag ?? 0) > 0 else { return false }
        return h[h.count - 1] > h[max(0, h.count - 6)]
    }

    /// Burrow's statuses by how bad they are: OK fine, WARN a slow consumer, STALL/STOP/REWIND in error.
    static func lagStatusStyle(_ status: LagStatus?) -> CellStyle {
        switch status {
        case nil: .dim
        case .ok: CellStyle(.good)
        case .warn: CellStyle(.warning, bold: true)
        case .stop, .stall, .rewind: CellStyle(.danger, bold: true)
        }
    }

    static func lagStyle(_ g: PartitionGroupView) -> CellStyle {
        if (g.lag ?? 0) > 0 && g.timeLagMs >= 30_000 { return CellStyle(.danger, bold: true) }
        if isGrowing(g) { return CellStyle(.warning, bold: true) }
        if (g.lag ?? 0) == 0 { return .dim }
        return .normal
    }
}
