/// The row above the key bar: the filter being typed, or the last command's result (errors in red),
/// and on the right the focused pane and selected member.
enum StatusLineRenderer {
    /// The narrowest the right-hand text is shown at (truncated); below it, it is left out.
    static let minimumRightWidth = 12

    static func draw(rect: Rect, state: DashboardState, selectedName: String?, glyphs: Glyphs, grid: inout CellGrid) {
        guard !rect.isEmpty else { return }
        var right = "focus: \(state.focus.rawValue)"
        if let selectedName { right = "selected: \(selectedName)  " + right }
        let rightWidth = DisplayWidth.of(right)
        if state.isEditingFilter {
            let leftMax = max(0, rect.width - rightWidth - 3)
            if rect.width - rightWidth > 20 {
                grid.put(right, x: rect.maxX - rightWidth - 1, y: rect.y, maxWidth: rightWidth, style: .label)
            }
            var x = rect.x + 1
            x += grid.put("filter: ", x: x, y: rect.y, maxWidth: leftMax, style: CellStyle(.title, bold: true))
            x += grid.put(
                state.filter, x: x, y: rect.y, maxWidth: max(0, rect.x + 1 + leftMax - x), style: CellStyle(.normal, bold: true))
            grid.set(x, rect.y, glyphs.cursor, CellStyle(.title, bold: true))
            return
        }
        // A message (a refusal's reason above all) takes priority: it gets the row it needs, and the selection text
        // is cut (or left out) to fit what remains.
        var messageWidth = 0
        if let status = state.status {
            let style = status.isError ? CellStyle(.error, bold: true, reverse: true) : CellStyle(.info)
            let text = glyphs.displayable(status.text)
            messageWidth = grid.put(
                status.isError ? " " + text + " " : text, x: rect.x + 1, y: rect.y, maxWidth: max(0, rect.width - 2),
                style: style, ellipsis: glyphs.ellipsis)
        }
        let room = rect.width - 2 - (messageWidth > 0 ? messageWidth + 3 : 0)
        if rightWidth <= room && rect.width - rightWidth > 20 {
            grid.put(right, x: rect.maxX - rightWidth - 1, y: rect.y, maxWidth: rightWidth, style: .label)
        } else if room >= minimumRightWidth && messageWidth > 0 {
            grid.put(right, x: rect.maxX - room - 1, y: rect.y, maxWidth: room, style: .label, ellipsis: glyphs.ellipsis)
        }
    }
}
