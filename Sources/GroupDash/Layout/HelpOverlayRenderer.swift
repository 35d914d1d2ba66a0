/// The `?` / F1 overlay: a box listing every key of the key table, in two columns when short on rows.
enum HelpOverlayRenderer {
    static func lines(glyphs: Glyphs) -> [(keys: String, help: String)] {
        KeyBindings.table.compactMap { binding in
            guard let keys = binding.helpKeys, let help = binding.help else { return nil }
            return (glyphs == .ascii ? (binding.helpKeysASCII ?? keys) : keys, help)
        }
    }

    static func draw(width: Int, height: Int, glyphs: Glyphs, grid: inout CellGrid) {
        let items = lines(glyphs: glyphs)
        let keyWidth = items.map { $0.keys.count }.max() ?? 0
        let helpWidth = items.map { $0.help.count }.max() ?? 0
        let entryWidth = keyWidth + 2 + helpWidth
        let rowsAvailable = height - 4
        let columns = items.count <= rowsAvailable ? 1 : 2
        let rows = (items.count + columns - 1) / columns
        let boxWidth = min(width - 2, columns * entryWidth + (columns - 1) * 3 + 4)
        let boxHeight = min(height, rows + 4)
        let box = Rect(x: (width - boxWidth) / 2, y: (height - boxHeight) / 2, width: boxWidth, height: boxHeight)
        let border = CellStyle(.title, bold: true)
        grid.fill(box, style: .normal)
        grid.fill(Rect(x: box.x, y: box.y, width: box.width, height: 1), glyphs.horizontal, style: border)
        grid.fill(Rect(x: box.x, y: box.maxY - 1, width: box.width, height: 1), glyphs.horizontal, style: border)
        grid.fill(Rect(x: box.x, y: box.y, width: 1, height: box.height), glyphs.vertical, style: border)
        grid.fill(Rect(x: box.maxX - 1, y: box.y, width: 1, height: box.height), glyphs.vertical, style: border)
        grid.set(box.x, box.y, glyphs.topLeft, border)
        grid.set(box.maxX - 1, box.y, glyphs.topRight, border)
        grid.set(box.x, box.maxY - 1, glyphs.bottomLeft, border)
        grid.set(box.maxX - 1, box.maxY - 1, glyphs.bottomRight, border)
        grid.put(
            " GroupScope keys ", x: box.x + 2, y: box.y, maxWidth: box.width - 4,
            style: CellStyle(.titleFocused, bold: true, reverse: true))
        let columnWidth = (box.width - 4 - (columns - 1) * 3) / columns
        for (i, item) in items.enumerated() {
            let column = i / rows, row = i % rows
            let y = box.y + 2 + row
            guard y < box.maxY - 1 else { continue }
            let x = box.x + 2 + column * (columnWidth + 3)
            grid.put(item.keys, x: x, y: y, maxWidth: min(keyWidth, columnWidth), style: CellStyle(.warning, bold: true))
            let hx = x + keyWidth + 2
            grid.put(item.help, x: hx, y: y, maxWidth: max(0, x + columnWidth - hx), style: .normal, ellipsis: glyphs.ellipsis)
        }
        grid.put(" any key closes ", x: box.maxX - 18, y: box.maxY - 1, maxWidth: 16, style: .label)
    }
}
