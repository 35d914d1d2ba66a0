import GroupSim

/// The groups pane: per group a row (state, generation, strategy, leader, lag) and a row per
/// member (status, partitions, lag, rate). The selected member's row is highlighted and kept in view.
enum GroupsPaneRenderer {
    static let statusWidth = 8
    static let countWidth = 4
    static let lagWidth = 9
    static let rateWidth = 13

    static func draw(
        snapshot: SimulationSnapshot, view: FilteredView, state: DashboardState, selected: (group: Int, member: Int)?,
        rect: Rect, ownerWidth: Int, glyphs: Glyphs, grid: inout CellGrid
    ) -> Int {
        let memberCount = view.groups.reduce(0) { $0 + $1.memberIndices.count }
        PaneTitle.draw(
            "Groups", info: Formatting.plural(view.groups.count, "group") + ", " + Formatting.plural(memberCount, "member"),
            in: rect, focused: state.focus == .groups, glyphs: glyphs, grid: &grid)
        var body = rect.belowFirstRow
        // The column header stays on the pane's first row.
        var statusWidth = Self.statusWidth
        for g in view.groups {
            for m in g.memberIndices {
                statusWidth = max(statusWidth, DisplayWidth.of(snapshot.groups[g.groupIndex].members[m].status.rawValue))
            }
        }
        if body.height >= 3 {
            drawHeader(x: body.x, y: body.y, maxX: body.maxX, ownerWidth: ownerWidth, statusWidth: statusWidth, grid: &grid)
            body = body.belowFirstRow
        }
        guard !body.isEmpty else { return 0 }
        if view.groups.isEmpty {
            grid.put(
                state.filter.isEmpty ? "no groups" : "no group or member matches \"\(state.filter)\"", x: body.x + 1,
                y: body.y, maxWidth: body.width - 1, style: .dim, ellipsis: glyphs.ellipsis)
            return 0
        }
        // Row model: group row, then its members.
        var selectedRow: Int?
        var total = 0
        for g in view.groups {
            total += 1
            if let selected, selected.group == g.groupIndex, let i = g.memberIndices.firstIndex(of: selected.member) {
                selectedRow = total + i
            }
            total += g.memberIndices.count
        }
        var scroll = max(0, state.groupsScroll)
        if let selectedRow {
            if selectedRow < scroll { scroll = selectedRow }
            if selectedRow >= scroll + body.height { scroll = selectedRow - body.height + 1 }
            // Show the group's own row when its first member is at the top.
            if selectedRow == scroll && scroll > 0 && isFirstMember(selectedRow, view) { scroll -= 1 }
        }
        scroll = min(scroll, max(0, total - body.height))

        var row = 0
        for g in view.groups {
            let group = snapshot.groups[g.groupIndex]
            if row >= scroll + body.height { break }
            if row >= scroll {
                drawGroup(group, x: body.x, y: body.y + row - scroll, maxX: body.maxX, glyphs: glyphs, grid: &grid)
            }
            row += 1
            for m in g.memberIndices {
                defer { row += 1 }
                guard row >= scroll, row < scroll + body.height else { continue }
                let y = body.y + row - scroll
                drawMember(
                    group.members[m], x: body.x, y: y, maxX: body.maxX, ownerWidth: ownerWidth, statusWidth: statusWidth,
                    glyphs: glyphs, grid: &grid)
                if let selected, selected.group == g.groupIndex, selected.member == m {
                    let highlight = state.focus == .groups
                    grid.restyle(Rect(x: body.x, y: y, width: body.width, height: 1)) { style in
                        style.reverse = true
                        style.bold = highlight
                        if highlight { style.role = .selected }
                    }
                }
            }
        }
        return scroll
    }

    private static func isFirstMember(_ row: Int, _ view: FilteredView) -> Bool {
        var r = 0
        for g in view.groups {
            if row == r + 1 { return true }
            r += 1 + g.memberIndices.count
            if r > row { return false }
        }
        return false
    }

    private static func drawGroup(_ group: GroupView, x: Int, y: Int, maxX: Int, glyphs: Glyphs, grid: inout CellGrid) {
        var w = SegmentWriter(y: y, x: x + 1, maxX: maxX, glyphs: glyphs)
        w.write(group.id, style: CellStyle(.title, bold: true), grid: &grid)
        w.gap()
        let stateRole: ColorRole =
            switch group.state {
            case "Stable": .good
            case "PreparingRebalance", "CompletingRebalance": .warning
            case "Dead": .danger
            default: .dim
            }
        w.write(group.state, style: CellStyle(stateRole, bold: true), grid: &grid)
        // `?` when the source cannot know the generation (a watched classic group).
        w.field("gen", group.generation.map { String($0) } ?? "?", grid: &grid)
        var strategy = group.protocolName ?? "-"
        if group.protocolName != group.configuredStrategy.rawValue {
            strategy += " " + glyphs.steady + " " + group.configuredStrategy.rawValue
        }
        w.field("strategy", strategy, grid: &grid)
        w.field("leader", group.leader ?? "-", grid: &grid)
        w.field("lag", Formatting.grouped(group.lag), grid: &grid)
        if let status = group.lagStatus {
            // Burrow's group status: the worst of its partitions' (only from a source that judges it).
            w.gap()
            w.write("status ", style: .label, grid: &grid)
            w.write(status.description, style: TopicsPaneRenderer.lagStatusStyle(status), grid: &grid)
        }
        w.field("topics", group.topics.joined(separator: ","), grid: &grid)
    }

    /// MEMBER (★ the leader), STATE, PARTS (partitions owned), LAG (its partitions' LOG-END-OFFSET − CURRENT-OFFSET),
    /// RATE (msg/s processed now / its capacity), then its partitions.
    private static func drawHeader(x: Int, y: Int, maxX: Int, ownerWidth: Int, statusWidth: Int, grid: inout CellGrid) {
        var cx = x + 4
        grid.put("MEMBER", x: cx, y: y, maxWidth: max(0, maxX - cx), style: .label)
        cx += ownerWidth + 1
        grid.put("STATE", x: cx, y: y, maxWidth: max(0, maxX - cx), style: .label)
        cx += statusWidth + 1
        grid.putRight("PARTS", right: cx + countWidth + 1, y: y, width: countWidth + 1, style: .label)
        cx += countWidth + 1
        grid.putRight("LAG", right: cx + lagWidth, y: y, width: lagWidth, style: .label)
        cx += lagWidth + 1
        grid.putRight("RATE NOW/MAX", right: cx + rateWidth, y: y, width: rateWidth, style: .label)
        cx += rateWidth + 2
        if cx < maxX { grid.put("PARTITIONS", x: cx, y: y, maxWidth: maxX - cx, style: .label) }
    }

    private static func drawMember(
        _ member: MemberView, x: Int, y: Int, maxX: Int, ownerWidth: Int, statusWidth: Int, glyphs: Glyphs,
        grid: inout CellGrid
    ) {
        var cx = x + 2
        if member.isLeader { grid.set(cx, y, glyphs.leader, CellStyle(.warning, bold: true)) }
        // A real client (broker or monitor mode): only some faults apply to it, so it must stand out from simulated ones.
        if member.isExternal { grid.set(cx + 1, y, glyphs.external, CellStyle(.info, bold: true)) }
        cx += 2
        grid.put(
            member.name, x: cx, y: y, maxWidth: min(ownerWidth, maxX - cx), style: CellStyle(.normal, bold: true),
            ellipsis: glyphs.ellipsis)
        cx += ownerWidth + 1
        grid.put(member.status.rawValue, x: cx, y: y, maxWidth: min(statusWidth, maxX - cx), style: statusStyle(member.status))
        cx += statusWidth + 1
        grid.putRight("\(member.partitions.count)", right: cx + countWidth, y: y, width: countWidth, style: .label)
        cx += countWidth + 1
        grid.putRight(
            Formatting.count(member.lag, width: lagWidth), right: cx + lagWidth, y: y, width: lagWidth,
            style: member.lag == 0 ? .dim : .normal)
        cx += lagWidth + 1
        let rate = Formatting.rate(member.consumeRate) + "/" + Formatting.rate(member.processingRate) + "/s"
        grid.putRight(rate, right: cx + rateWidth, y: y, width: rateWidth, style: .label)
        cx += rateWidth + 2
        guard cx < maxX else { return }
        if let error = member.error {
            grid.put(error, x: cx, y: y, maxWidth: maxX - cx, style: CellStyle(.danger, bold: true), ellipsis: glyphs.ellipsis)
            return
        }
        if let detection = member.detectionInMs {
            // The countdown to the coordinator (or the poll timer) noticing: the lesson of a crash or a hang.
            let what = member.status == .hung ? "poll timeout in" : "session expires in"
            cx += grid.put(
                "\(what) \(Formatting.lagTime(detection)) ", x: cx, y: y, maxWidth: maxX - cx,
                style: CellStyle(.warning, bold: true),
                ellipsis: glyphs.ellipsis)
            guard cx < maxX else { return }
        }
        // The partition list, written piece by piece (no joined string per frame).
        for (i, tp) in member.partitions.enumerated() {
            let text = tp.description
            let needed = DisplayWidth.of(text) + (i > 0 ? 1 : 0)
            if cx + needed > maxX || (i < member.partitions.count - 1 && cx + needed + 2 > maxX) {
                grid.put(
                    " +\(member.partitions.count - i)", x: cx, y: y, maxWidth: maxX - cx, style: .dim, ellipsis: glyphs.ellipsis)
                return
            }
            if i > 0 { cx += 1 }
            cx += grid.put(text, x: cx, y: y, maxWidth: maxX - cx, style: .normal, ellipsis: glyphs.ellipsis)
        }
        if member.isExternal {
            drawClient(member, x: member.partitions.isEmpty ? cx : cx + 2, y: y, maxX: maxX, glyphs: glyphs, grid: &grid)
        }
    }

    /// A real client's `client.id` and host (CLIENT-ID and HOST of `kafka-consumer-groups.sh --members`), after its
    /// partitions, as far as the row has room.
    private static func drawClient(_ member: MemberView, x: Int, y: Int, maxX: Int, glyphs: Glyphs, grid: inout CellGrid) {
        var w = SegmentWriter(y: y, x: x, maxX: maxX, glyphs: glyphs)
        w.write(String(glyphs.external) + " ", style: CellStyle(.info, bold: true), grid: &grid)
        w.write(member.clientId.isEmpty ? "-" : member.clientId, style: .label, grid: &grid)
        if !member.host.isEmpty {
            w.write(" ", style: .label, grid: &grid)
            w.write(member.host, style: .dim, grid: &grid)
        }
    }

    static func statusStyle(_ status: MemberStatus) -> CellStyle {
        switch status {
        case .stable: CellStyle(.good)
        case .joining: CellStyle(.info, bold: true)
        case .crashed, .hung, .hungLeftGroup, .error: CellStyle(.danger, bold: true)
        case .paused: CellStyle(.warning, bold: true)
        case .left: .dim
        }
    }
}
