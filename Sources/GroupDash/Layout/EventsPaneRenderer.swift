import GroupSim

/// The event log, newest first; long messages wrap under the message column.
enum EventsPaneRenderer {
    static let typeWidth = 20

    /// The events `/` (substring of type or message, any case) and `e` (type prefix) let through, oldest first.
    static func filtered(_ events: [SimEvent], state: DashboardState) -> [SimEvent] {
        let needle = state.filter.lowercased()
        guard !needle.isEmpty || state.eventType != nil else { return events }
        return events.filter { event in
            if let type = state.eventType, !event.type.hasPrefix(type) { return false }
            guard !needle.isEmpty else { return true }
            return event.message.lowercased().contains(needle) || event.type.contains(needle)
                || (event.group?.lowercased().contains(needle) ?? false)
        }
    }

    /// `events` are the shown ones, oldest first (as the source returns them); `kept` how many the dashboard keeps,
    /// `happened` how many happened since the start. Returns the scroll offset used.
    static func draw(
        events: [SimEvent], kept: Int, happened: Int, state: DashboardState, rect: Rect, glyphs: Glyphs,
        grid: inout CellGrid
    ) -> Int {
        let scroll = min(max(0, state.eventsScroll), max(0, events.count - 1))
        var info =
            happened > kept
            ? "\(Formatting.grouped(Int64(kept))) of \(Formatting.plural(happened, "event")) kept"
            : Formatting.plural(kept, "event")
        if events.count != kept {
            info += ", \(Formatting.grouped(Int64(events.count))) shown"
            if let type = state.eventType { info += " (\(type).*)" }
        }
        info += scroll > 0 ? ", \(scroll) newer above" : ", newest first"
        PaneTitle.draw("Events", info: info, in: rect, focused: state.focus == .events, glyphs: glyphs, grid: &grid)
        let body = rect.belowFirstRow
        guard !body.isEmpty else { return scroll }
        if events.isEmpty {
            grid.put(
                kept == 0 ? "no events yet" : "no event matches the filter", x: body.x + 1, y: body.y, maxWidth: body.width - 1,
                style: .dim)
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
    /// Lines are measured in display columns (`DisplayWidth`), so a wide CJK or emoji name wraps where a terminal
    /// would run out of room instead of being cut off with an ellipsis.
    private static func wrap(
        _ text: String, x: Int, y: Int, rect: Rect, style: CellStyle, glyphs: Glyphs, grid: inout CellGrid
    ) -> Int {
        let width = rect.maxX - x
        guard width > 8 else { return y + 1 }
        var row = y
        var remaining = Substring(text)
        while !remaining.isEmpty && row < rect.maxY {
            guard let cut = lineEnd(remaining.unicodeScalars, width: width) else {
                grid.put(String(remaining), x: x, y: row, maxWidth: width, style: style)
                return row + 1
            }
            let line = String(remaining.unicodeScalars[..<cut])
            if row == rect.maxY - 1 {
                grid.put(line + "  ", x: x, y: row, maxWidth: width, style: style, ellipsis: glyphs.ellipsis)
                return row + 1
            }
            grid.put(line, x: x, y: row, maxWidth: width, style: style)
            remaining = Substring(remaining.unicodeScalars[cut...]).drop(while: { $0 == " " })
            row += 1
        }
        return row
    }

    /// Where the first line of `scalars` ends when it may take `width` columns: at the last space past a third of
    /// the width, else at the first character that does not fit; nil when everything fits.
    static func lineEnd(_ scalars: Substring.UnicodeScalarView, width: Int) -> Substring.UnicodeScalarView.Index? {
        var columns = 0
        var lastSpace: Substring.UnicodeScalarView.Index?
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            let w = DisplayWidth.of(scalar)
            if columns + w > width {
                // Never cut at the very start: a line takes at least one character, however wide.
                if index == scalars.startIndex { return scalars.index(after: index) }
                return lastSpace ?? index
            }
            if scalar == " " && columns > width / 3 { lastSpace = index }
            columns += w
            index = scalars.index(after: index)
        }
        return nil
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
