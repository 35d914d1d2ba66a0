import GroupCore
import GroupSim

/// The `t` view: one row per partition of one group, time running left to right over the last N minutes (`+`/`-`
/// zoom), each cell the letter of the member that owned the partition then (upper case while it consumed, `·` while
/// its owner was not consuming, blank while unassigned), rebalances marked on the axis. Cooperative's two-round
/// handover and eager's stop-the-world show at a glance.
///
/// Ownership is per group: when several groups read a topic, each owns its partitions independently, so mixing
/// them in one row would mean nothing. The view shows one group at a time — the selected member's when it opens —
/// and `←`/`→` step through the others; the title says which group of how many is shown.
enum TimelineRenderer {
    static let labelWidth = 14

    /// The group shown: the selected member's group moved on by `timelineGroupShift` (wrapping), nil without groups.
    static func shownGroup(snapshot: SimulationSnapshot, state: DashboardState) -> (index: Int, id: String)? {
        guard !snapshot.groups.isEmpty else { return nil }
        let base =
            state.selectedMember.flatMap { name in snapshot.groups.firstIndex { $0.members.contains { $0.name == name } } }
            ?? 0
        let count = snapshot.groups.count
        let index = ((base + state.timelineGroupShift) % count + count) % count
        return (index, snapshot.groups[index].id)
    }

    static func draw(
        snapshot: SimulationSnapshot, history: OwnershipHistory?, state: DashboardState, rect: Rect, glyphs: Glyphs,
        grid: inout CellGrid
    ) {
        let shown = shownGroup(snapshot: snapshot, state: state)
        let windowMs = Millis(state.timelineMinutes) * 60_000
        var info = "group " + (shown?.id ?? "-")
        if let shown, snapshot.groups.count > 1 {
            info += " (\(shown.index + 1) of \(snapshot.groups.count), \(glyphs.leftArrow)/\(glyphs.rightArrow) other groups)"
        }
        info += "  last \(Formatting.plural(state.timelineMinutes, "minute"))  +/- zoom  t or Esc returns"
        PaneTitle.draw("Timeline", info: info, in: rect, focused: true, glyphs: glyphs, grid: &grid)
        guard let groupId = shown?.id, let group = history?.groups.first(where: { $0.id == groupId }) else {
            grid.put("no ownership recorded yet", x: rect.x + 1, y: rect.y + 1, style: .dim)
            return
        }
        let plotX = rect.x + labelWidth
        let plotWidth = max(1, rect.maxX - plotX - 1)
        let end = snapshot.time
        let start = end - windowMs
        func time(ofColumn c: Int) -> Millis {
            start + windowMs * Millis(c) / Millis(plotWidth) + windowMs / Millis(plotWidth) / 2
        }
        // Legend.
        var y = rect.y + 1
        var lx = rect.x + 1
        for (i, member) in group.members.enumerated() where lx < rect.maxX {
            lx += grid.put(String(letter(i)) + " " + member + "  ", x: lx, y: y, maxWidth: rect.maxX - lx, style: style(i))
        }
        y += 1
        // Axis with rebalance marks.
        grid.put("rebalances", x: rect.x + 1, y: y, maxWidth: labelWidth - 2, style: .label)
        grid.fill(Rect(x: plotX, y: y, width: plotWidth, height: 1), glyphs.horizontal, style: .dim)
        for t in group.rebalances where t >= start && t <= end {
            let c = Int((t - start) * Millis(plotWidth) / max(1, windowMs))
            grid.set(plotX + min(c, plotWidth - 1), y, glyphs.rebalanceMark, CellStyle(.danger, bold: true))
        }
        y += 1
        let rows = rect.maxY - y - 1
        let scroll = min(max(0, state.topicsScroll), max(0, group.partitions.count - rows))
        for (p, tp) in group.partitions.enumerated().dropFirst(scroll) where y < rect.maxY - 1 {
            grid.put(tp.description, x: rect.x + 1, y: y, maxWidth: labelWidth - 2, style: .label, ellipsis: glyphs.ellipsis)
            let spans = group.spans[p]
            var s = spans.firstIndex { $0.end >= start } ?? spans.count
            for c in 0..<plotWidth {
                let t = time(ofColumn: c)
                while s < spans.count && spans[s].end < t { s += 1 }
                guard s < spans.count, spans[s].start <= t, let owner = spans[s].owner else { continue }
                let i = group.members.firstIndex(of: owner) ?? 0
                grid.set(plotX + c, y, spans[s].consuming ? letter(i) : glyphs.stalled, style(i))
            }
            y += 1
        }
        // Time labels under the plot.
        let labelY = rect.maxY - 1
        grid.put("-" + Formatting.lagTime(windowMs), x: plotX, y: labelY, style: .label)
        grid.putRight("now", right: rect.maxX - 1, y: labelY, width: 3, style: .label)
    }

    static func letter(_ i: Int) -> Unicode.Scalar {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ".unicodeScalars)
        return letters[i % letters.count]
    }

    static func style(_ i: Int) -> CellStyle {
        let roles: [ColorRole] = [.info, .good, .warning, .hot, .title, .danger]
        return CellStyle(roles[i % roles.count], bold: true)
    }
}
