/// The row above the key bar: the filter being typed, or the last command's result (errors in red),
/// and on the right the focused pane and selected member.
enum StatusLineRenderer {
    static func draw(rect: Rect, state: DashboardState, selectedName: String?, glyphs: Glyphs, grid: inout CellGrid) {
        guard !rect.isEmpty else { return }
        var right = "focus: \(state.focus.rawValue)"
        if let selectedName { right = "selected: \(selectedName)  " + right }
        let rightWidth = right.unicodeScalars.count
        let leftMax = max(0, rect.width - rightWidth - 3)
        if rect.width - rightWidth > 20 {
            grid.put(right, x: rect.maxX - rightWidth - 1, y: rect.y, maxWidth: rightWidth, style: .label)
        }
        if state.isEditingFilter {
            var x = rect.x + 1
            x += grid.put("filter: ", x: x, y: rect.y, maxWidth: leftMax, style: CellStyle(.title, bold: true))
            x += grid.put(
                state.filter, x: x, y: rect.y, maxWidth: max(0, rect.x + 1 + leftMax - x), style: CellStyle(.normal, bold: true))
            grid.set(x, rect.y, glyphs.cursor, CellStyle(.title, bold: true))
        } else if let status = state.status {
            let style = status.isError ? CellStyle(.error, bold: true, reverse: true) : CellStyle(.info)
            let text = glyphs.displayable(status.text)
            grid.put(
                status.isError ? " " + text + " " : text, x: rect.x + 1, y: rect.y, maxWidth: leftMax,
                style: style, ellipsis: glyphs.ellipsis)
        }
    }
}
