/// A pane's first row: a rule with the pane's name (highlighted when focused) and a few facts.
enum PaneTitle {
    static func draw(
        _ name: String, info: String, in rect: Rect, focused: Bool, glyphs: Glyphs, grid: inout CellGrid
    ) {
        guard !rect.isEmpty else { return }
        let rule = CellStyle(focused ? .title : .dim)
        grid.fill(Rect(x: rect.x, y: rect.y, width: rect.width, height: 1), glyphs.horizontal, style: rule)
        var x = rect.x + 1
        let nameStyle = focused ? CellStyle(.titleFocused, bold: true, reverse: true) : CellStyle(.title, bold: true)
        x += grid.put(" " + name + " ", x: x, y: rect.y, maxWidth: rect.maxX - x, style: nameStyle, ellipsis: glyphs.ellipsis)
        if !info.isEmpty && x + 3 < rect.maxX {
            x += 1
            grid.put(" " + info + " ", x: x, y: rect.y, maxWidth: rect.maxX - x - 1, style: .label, ellipsis: glyphs.ellipsis)
        }
    }
}
