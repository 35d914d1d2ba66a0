/// The `?` / F1 overlay: a box listing every key of the key table (two columns when short on rows), then what every
/// column and mark means.
enum HelpOverlayRenderer {
    /// Every column header and mark the screens use, in Kafka's words where Kafka has them.
    static func glossary(glyphs: Glyphs) -> [(term: String, meaning: String)] {
        [
            ("LOG-END-OFFSET", "offset the next record written to the partition gets (the log end)"),
            ("CURRENT-OFFSET", "the group's committed offset, the next one it will read; - when never committed"),
            ("LAG", "LOG-END-OFFSET - CURRENT-OFFSET, as kafka-consumer-groups.sh computes it; - with no commit"),
            ("BEHIND", "how long ago the first unread record was written; " + glyphs.atLeast + "10m past the kept window"),
            ("LAG, LAST 60s", "the lag once a second over the last minute"),
            ("STATUS", "watch: Burrow's lag status OK WARN STALL STOP REWIND; BEHIND there is an estimate"),
            ("POSITION", "where the owner reads next (ahead of CURRENT-OFFSET until it commits)"),
            (String(glyphs.hotMark), "hot partition: more than twice its share of the topic's traffic"),
            (String(glyphs.leader), "the group leader (the member that computes the assignment)"),
            (String(glyphs.external), "a real Kafka client, not simulated; its client.id and host follow its partitions"),
            (String(glyphs.belowLogStart), "committed offset below the log start: retention deleted unread records"),
            ("revoking", "its owner is giving it up in a cooperative rebalance (no longer fetching)"),
            ("unassigned", "nobody consumes it: between an eager revoke and the new assignment, or no live member"),
            ("PARTS, RATE NOW/MAX", "partitions a member owns; msg/s it processes now / at most"),
            ("hung (left group)", "poll loop stuck past max.poll.interval.ms: it left the group, owns nothing"),
            ("running " + glyphs.times + "N", "the speed the simulation really reaches when short of the one asked"),
        ]
    }

    static func lines(glyphs: Glyphs) -> [(keys: String, help: String)] {
        KeyBindings.table.compactMap { binding in
            guard let keys = binding.helpKeys, let help = binding.help else { return nil }
            return (glyphs == .ascii ? (binding.helpKeysASCII ?? keys) : keys, glyphs.displayable(help))
        }
    }

    static func draw(width: Int, height: Int, glyphs: Glyphs, grid: inout CellGrid) {
        let items = lines(glyphs: glyphs)
        let terms = glossary(glyphs: glyphs)
        let keyWidth = items.map { $0.keys.count }.max() ?? 0
        let helpWidth = items.map { $0.help.count }.max() ?? 0
        let entryWidth = keyWidth + 2 + helpWidth
        let rowsAvailable = height - 4
        let columns = items.count <= rowsAvailable && width < 2 * entryWidth + 7 ? 1 : 2
        let rows = (items.count + columns - 1) / columns
        let termWidth = terms.map { DisplayWidth.of($0.term) }.max() ?? 0
        let glossaryWidth = termWidth + 2 + (terms.map { $0.meaning.count }.max() ?? 0) + 4
        let boxWidth = min(width - 2, max(columns * entryWidth + (columns - 1) * 3 + 4, glossaryWidth))
        let boxHeight = min(height, rows + 4 + (rows + 4 + 2 + terms.count <= height ? 2 + terms.count : 0))
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
        // Columns and marks, when there is room below the keys.
        var y = box.y + 2 + rows + 1
        if y + terms.count < box.maxY {
            grid.put("Columns and marks", x: box.x + 2, y: y, maxWidth: box.width - 4, style: CellStyle(.title, bold: true))
            y += 1
            for term in terms where y < box.maxY - 1 {
                grid.put(term.term, x: box.x + 2, y: y, maxWidth: termWidth, style: CellStyle(.warning, bold: true))
                grid.put(
                    term.meaning, x: box.x + 4 + termWidth, y: y, maxWidth: max(0, box.maxX - 2 - (box.x + 4 + termWidth)),
                    ellipsis: glyphs.ellipsis)
                y += 1
            }
        }
        grid.put(" any key closes ", x: box.maxX - 18, y: box.maxY - 1, maxWidth: 16, style: .label)
    }
}
