import GroupSim

/// The topics pane: per topic a title row, a column header row, then a row per partition with,
/// for each subscribed group, owner, committed offset, lag, time lag and a lag sparkline.
/// Only the rows on screen are built.
enum TopicsPaneRenderer {
    static let partitionWidth = 4
    static let endWidth = 10
    static let commitWidth = 10
    static let lagWidth = 8
    static let timeLagWidth = 6
    static let maxSparkWidth = 60
    /// Left of the first group block: partition, hot mark, log-end offset.
    static let fixedWidth = partitionWidth + 1 + 1 + endWidth

    /// Which columns each group block gets at this width.
    struct Plan: Equatable {
        var shownGroups: Int
        var ownerWidth: Int
        var showCommit: Bool
        var showTimeLag: Bool
        var sparkWidth: Int

        var blockWidth: Int {
            3 + ownerWidth + (showCommit ? 1 + commitWidth : 0) + 1 + lagWidth + (showTimeLag ? 1 + timeLagWidth : 0)
                + (sparkWidth > 0 ? 1 + sparkWidth : 0)
        }
    }

    static func plan(groups n: Int, width: Int, ownerWidth: Int) -> Plan {
        let available = width - fixedWidth
        let levels: [(commit: Bool, timeLag: Bool, spark: Int)] = [
            (true, true, 10), (false, true, 8), (false, true, 0), (false, false, 0),
        ]
        guard n > 0 else {
            return Plan(shownGroups: 0, ownerWidth: ownerWidth, showCommit: true, showTimeLag: true, sparkWidth: 0)
        }
        for level in levels {
            var plan = Plan(
                shownGroups: n, ownerWidth: ownerWidth, showCommit: level.commit, showTimeLag: level.timeLag,
                sparkWidth: level.spark)
            if n * plan.blockWidth <= available {
                if plan.sparkWidth > 0 {
                    plan.sparkWidth = min(maxSparkWidth, plan.sparkWidth + (available - n * plan.blockWidth) / n)
                }
                return plan
            }
        }
        var narrow = Plan(shownGroups: n, ownerWidth: ownerWidth, showCommit: false, showTimeLag: false, sparkWidth: 0)
        narrow.shownGroups = max(1, min(n, available / narrow.blockWidth))
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

    /// Draws the pane; returns the scroll offset used (clamped) and the total number of rows.
    static func draw(
        snapshot: SimulationSnapshot, view: FilteredView, state: DashboardState, rect: Rect, ownerWidth: Int,
        glyphs: Glyphs, grid: inout CellGrid
    ) -> (scroll: Int, rows: Int) {
        let partitionTotal = view.topics.reduce(0) { $0 + snapshot.topics[$1.topicIndex].partitions.count }
        var info = "\(view.topics.count) topics, \(partitionTotal) partitions"
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
        for (t, visible) in view.topics.enumerated() {
            let count = counts[t]
            defer { row += count }
            let first = max(row, scroll), last = min(row + count, scroll + body.height)
            guard first < last else {
                if row >= scroll + body.height { break }
                continue
            }
            let topic = snapshot.topics[visible.topicIndex]
            let plan = plan(groups: visible.groupColumns.count, width: body.width, ownerWidth: ownerWidth)
            var order: [Int]? = nil
            for r in first..<last {
                let y = body.y + (r - scroll)
                switch r - row {
                case 0:
                    drawTitle(topic, visible, plan: plan, x: body.x, y: y, width: body.width, glyphs: glyphs, grid: &grid)
                case 1:
                    drawColumnHeader(topic, visible, plan: plan, x: body.x, y: y, width: body.width, glyphs: glyphs, grid: &grid)
                default:
                    if order == nil { order = self.order(topic, visible, sort: state.sort) }
                    let p = topic.partitions[order![r - row - 2]]
                    drawPartition(p, visible, plan: plan, x: body.x, y: y, maxX: body.maxX, glyphs: glyphs, grid: &grid)
                }
            }
        }
        return (scroll, total)
    }

    private static func drawTitle(
        _ topic: TopicView, _ visible: FilteredView.VisibleTopic, plan: Plan, x: Int, y: Int, width: Int,
        glyphs: Glyphs, grid: inout CellGrid
    ) {
        var w = SegmentWriter(y: y, x: x, maxX: x + width, glyphs: glyphs)
        w.write(topic.name, style: CellStyle(.info, bold: true), grid: &grid)
        let shown = partitionCount(topic, visible)
        let partitions =
            shown == topic.partitions.count ? "\(shown) partitions" : "\(shown) of \(topic.partitions.count) partitions"
        w.write("  " + partitions + "  " + Formatting.rate(topic.rate) + " msg/s", style: .label, grid: &grid)
        let hidden = visible.groupColumns.count - plan.shownGroups
        if hidden > 0 {
            w.write("  +\(hidden) groups off-screen (widen or filter)", style: CellStyle(.warning), grid: &grid)
        }
    }

    private static func drawColumnHeader(
        _ topic: TopicView, _ visible: FilteredView.VisibleTopic, plan: Plan, x: Int, y: Int, width: Int,
        glyphs: Glyphs, grid: inout CellGrid
    ) {
        let label = CellStyle.label
        grid.putRight("P", right: x + partitionWidth, y: y, width: partitionWidth, style: label)
        grid.putRight("END", right: x + fixedWidth, y: y, width: endWidth, style: label)
        guard let sample = topic.partitions.first else { return }
        var bx = x + fixedWidth
        let maxX = x + width
        for c in visible.groupColumns.prefix(plan.shownGroups) where c < sample.groups.count {
            grid.set(bx + 1, y, glyphs.vertical, .dim)
            var cx = bx + 3
            grid.put(
                sample.groups[c].groupId, x: cx, y: y, maxWidth: min(plan.ownerWidth, maxX - cx),
                style: CellStyle(.title, bold: true), ellipsis: glyphs.ellipsis)
            cx += plan.ownerWidth + 1
            if plan.showCommit {
                grid.putRight("COMMITTED", right: cx + commitWidth, y: y, width: commitWidth, style: label)
                cx += commitWidth + 1
            }
            grid.putRight("LAG", right: cx + lagWidth, y: y, width: lagWidth, style: label)
            cx += lagWidth + 1
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

    private static func drawPartition(
        _ p: PartitionView, _ visible: FilteredView.VisibleTopic, plan: Plan, x: Int, y: Int, maxX: Int,
        glyphs: Glyphs, grid: inout CellGrid
    ) {
        let numberStyle = p.isHot ? CellStyle(.hot, bold: true) : CellStyle.normal
        grid.putRight(String(p.partition), right: x + partitionWidth, y: y, width: partitionWidth, style: numberStyle)
        if p.isHot { grid.set(x + partitionWidth, y, glyphs.hotMark, numberStyle) }
        grid.putRight(Formatting.count(p.logEndOffset, width: endWidth), right: x + fixedWidth, y: y, width: endWidth)
        var bx = x + fixedWidth
        for c in visible.groupColumns.prefix(plan.shownGroups) where c < p.groups.count {
            let g = p.groups[c]
            grid.set(bx + 1, y, glyphs.vertical, .dim)
            var cx = bx + 3
            let ownerWidth = min(plan.ownerWidth, maxX - cx)
            switch g.ownership {
            case .owned:
                grid.put(g.owner ?? "?", x: cx, y: y, maxWidth: ownerWidth, ellipsis: glyphs.ellipsis)
            case .revoking:
                let text = g.owner.map { "revoking " + $0 } ?? "revoking"
                let shown = text.unicodeScalars.count <= ownerWidth ? text : "revoking"
                grid.put(
                    shown, x: cx, y: y, maxWidth: ownerWidth, style: CellStyle(.warning, bold: true), ellipsis: glyphs.ellipsis)
            case .unassigned:
                grid.put(
                    "unassigned", x: cx, y: y, maxWidth: ownerWidth, style: CellStyle(.danger, bold: true),
                    ellipsis: glyphs.ellipsis)
            }
            cx += plan.ownerWidth + 1
            if plan.showCommit {
                if let committed = g.committedOffset {
                    grid.putRight(
                        Formatting.count(committed, width: commitWidth), right: cx + commitWidth, y: y, width: commitWidth)
                } else {
                    grid.putRight("-", right: cx + commitWidth, y: y, width: commitWidth, style: .dim)
                }
                cx += commitWidth + 1
            }
            let style = lagStyle(g)
            if let lag = g.lag {
                grid.putRight(Formatting.count(lag, width: lagWidth), right: cx + lagWidth, y: y, width: lagWidth, style: style)
            } else {
                grid.putRight("-", right: cx + lagWidth, y: y, width: lagWidth, style: .dim)
            }
            cx += lagWidth + 1
            if plan.showTimeLag {
                grid.putRight(Formatting.lagTime(g.timeLagMs), right: cx + timeLagWidth, y: y, width: timeLagWidth, style: style)
                cx += timeLagWidth + 1
            }
            if plan.sparkWidth > 0 {
                Sparkline.draw(
                    g.lagHistory, into: &grid, x: cx, y: y, width: min(plan.sparkWidth, maxX - cx), glyphs: glyphs,
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

    static func lagStyle(_ g: PartitionGroupView) -> CellStyle {
        if (g.lag ?? 0) > 0 && g.timeLagMs >= 30_000 { return CellStyle(.danger, bold: true) }
        if isGrowing(g) { return CellStyle(.warning, bold: true) }
        if (g.lag ?? 0) == 0 { return .dim }
        return .normal
    }
}
