/// The bottom row, htop style: key, then its label on a colored band. Entries that do not fit are
/// first get shorter labels, then are dropped lowest priority first; Help and Quit always stay.
enum KeyBarRenderer {
    private static func rank(_ key: String) -> Int { key == "F1" ? 0 : key == "F10" ? 2 : 1 }

    static func draw(rect: Rect, state: DashboardState, glyphs: Glyphs, grid: inout CellGrid) {
        guard !rect.isEmpty else { return }
        grid.fill(rect, style: CellStyle(.keyLabel, reverse: true))
        // Help first and Quit last, as in htop; the rest in key-table order.
        var entries = KeyBindings.table
            .filter { binding in binding.action.commandClass.map { !state.refusedCommandClasses.contains($0) } ?? true }
            .compactMap(\.keyBar).sorted { a, b in rank(a.key) < rank(b.key) }
        if state.isEditingFilter {
            entries = [("Enter", "Keep", 0), ("Esc", "Clear", 0), ("Bksp", "Delete", 0)]
        } else if state.showHelp {
            entries = [("Esc", "Close", 0), ("F10", "Quit", 0)]
        }
        func width(_ list: [(key: String, label: String, priority: Int)]) -> Int {
            list.reduce(0) { $0 + $1.key.count + $1.label.count + 1 }
        }
        // Shorten labels before dropping any key: "Strategy" → "Strat" → "Str".
        entries = entries.map { (glyphs.displayable($0.key), $0.label, $0.priority) }
        for limit in [5, 4, 3] where width(entries) > rect.width {
            entries = entries.map { ($0.key, $0.priority == 0 ? $0.label : String($0.label.prefix(limit)), $0.priority) }
        }
        while width(entries) > rect.width, let worst = entries.indices.max(by: { entries[$0].priority < entries[$1].priority }),
            entries[worst].priority > 0
        {
            entries.remove(at: worst)
        }
        // Spread spare columns evenly over labels, like htop's fixed-width slots.
        let spare = entries.isEmpty ? 0 : max(0, rect.width - width(entries)) / entries.count
        let pad = min(spare, 4)
        var x = rect.x
        for entry in entries where x < rect.maxX {
            x += grid.put(entry.key, x: x, y: rect.y, maxWidth: rect.maxX - x, style: CellStyle(.keyName, bold: true))
            let label = entry.label + String(repeating: " ", count: pad)
            x += grid.put(label, x: x, y: rect.y, maxWidth: rect.maxX - x, style: CellStyle(.keyLabel, reverse: true))
            x += grid.put(" ", x: x, y: rect.y, maxWidth: rect.maxX - x, style: CellStyle(.keyName))
        }
        if x < rect.maxX { grid.fill(Rect(x: x, y: rect.y, width: rect.maxX - x, height: 1), style: CellStyle(.keyName)) }
    }
}
