import Foundation

/// Drawn instead of the dashboard when the terminal is below the minimum size.
enum TooSmallRenderer {
    static func message(width: Int, height: Int, glyphs: Glyphs) -> String {
        "terminal too small: need \(ScreenLayout.minimumWidth)\(glyphs.times)\(ScreenLayout.minimumHeight), have \(width)\(glyphs.times)\(height)"
    }

    static func draw(width: Int, height: Int, glyphs: Glyphs, grid: inout CellGrid) {
        guard width > 0, height > 0 else { return }
        let text = message(width: width, height: height, glyphs: glyphs)
        let style = CellStyle(.warning, bold: true)
        // Wrap at word boundaries so the whole message stays readable in tiny terminals.
        var lines: [String] = []
        var current = ""
        let parts = text.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        if text.count > width, parts.count == 2, parts.allSatisfy({ $0.count + 1 <= width }) {
            lines = [parts[0] + ":", parts[1]]
        } else {
            for word in text.split(separator: " ") {
                if current.isEmpty {
                    current = String(word)
                } else if current.count + 1 + word.count <= width {
                    current += " " + word
                } else {
                    lines.append(current)
                    current = String(word)
                }
            }
            if !current.isEmpty { lines.append(current) }
        }
        let top = max(0, (height - lines.count) / 2)
        for (i, line) in lines.enumerated() where top + i < height {
            grid.put(
                line, x: max(0, (width - line.count) / 2), y: top + i, maxWidth: width, style: style, ellipsis: glyphs.ellipsis)
        }
    }
}
