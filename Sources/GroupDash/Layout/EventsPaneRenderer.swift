import GroupSim

/// The event log, newest first; long messages wrap under the message column.
enum EventsPaneRenderer {
    static let typeWidth = 20

    /// `events` are oldest first (as the source returns them). Returns the scroll offset used.
    static func draw(
        events: [SimEvent], happened: Int, state: DashboardState, rect: Rect, glyphs: Glyphs, grid: inout CellGrid
    ) -> Int {
        let scroll = min(max(0, state.eventsScroll), max(0, events.count - 1))
        var info =
            happened > events.count
            ? "\(Formatting.grouped(Int64(events.count))) of \(Formatting.plural(happened, "event")) kept"
            : Formatting.plural(events.count, "event")
        info += scroll > 0 ? ", \(scroll) newer above" : ", newest first"
        PaneTitle.draw("Events", info: info, in: rect, focused: state.focus == .events, glyphs: glyphs, grid: &grid)
        let body = rect.belowFirstRow
        guard !body.isEmpty else { return scroll }
        if events.isEmpty {
            grid.put("no events yet", x: body.x + 1, y: body.y, maxWidth: body.width - 1, style: .dim)
            return scroll
        }
        let showType = body.width >= 60
        var y = body.y
        var index = events.count - 1 - scroll
        while index >= 0 && y < body.maxY {
            let event = events[index]
            index -= 1
            var x = body.x + 1
            x += grid.put(Formatting.eventTime(event.time), x: x, y: y, maxWidth: body.maxX - x, style: .label)
            x += 1
            let role = role(for: event.type)
            if showType {
                grid.put(
                    event.type, x: x, y: y, maxWidth: min(typeWidth, body.maxX - x), style: CellStyle(role, bold: true),
                    ellipsis: glyphs.ellipsis)
                x += typeWidth + 1
            }
            y = wrap(
                glyphs.displayable(event.message), x: x, y: y, rect: body, style: CellStyle(role == .dim ? .normal : role),
                glyphs: glyphs,
                grid: &grid)
        }
        return scroll
    }

    /// Writes `text` from (x, y), wrapping at word boundaries under x; returns the next free row.
    private static func wrap(
        _ text: String, x: Int, y: Int, rect: Rect, style: CellStyle, glyphs: Glyphs, grid: inout CellGrid
    ) -> Int {
        let width = rect.maxX - x
        guard width > 8 else { return y + 1 }
        var row = y
        var remaining = Substring(text)
        while !remaining.isEmpty && row < rect.maxY {
            let scalars = remaining.unicodeScalars
            if scalars.count <= width {
                grid.put(String(remaining), x: x, y: row, maxWidth: width, style: style)
                return row + 1
            }
            var cut = scalars.index(scalars.startIndex, offsetBy: width)
            if let space = scalars[..<cut].lastIndex(of: " "), scalars.distance(from: scalars.startIndex, to: space) > width / 3 {
                cut = space
            }
            let line = String(remaining[..<cut])
            if row == rect.maxY - 1 {
                grid.put(line + "  ", x: x, y: row, maxWidth: width, style: style, ellipsis: glyphs.ellipsis)
                return row + 1
            }
            grid.put(line, x: x, y: row, maxWidth: width, style: style)
            remaining = remaining[cut...].drop(while: { $0 == " " })
            row += 1
        }
        return row
    }

    static func role(for type: String) -> ColorRole {
        if type.hasSuffix("crashed") || type.hasSuffix("expired") || type.hasSuffix("failed") || type.contains("error")
            || type.hasSuffix("hung") || type.hasSuffix("timeout")
        {
            return .danger
        }
        if type.hasPrefix("rebalance.") { return type == "rebalance.completed" ? .good : .warning }
        if type.hasSuffix("joined") || type.hasSuffix("restarted") || type.hasSuffix("added") { return .info }
        if type.hasPrefix("command") || type.hasPrefix("producer") { return .hot }
        return .dim
    }
}
