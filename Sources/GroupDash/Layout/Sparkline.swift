/// Draws a lag history as a sparkline: the last `width` samples, scaled to the largest of them.
enum Sparkline {
    static func draw(
        _ history: [Int64], into grid: inout CellGrid, x: Int, y: Int, width: Int, glyphs: Glyphs, style: CellStyle
    ) {
        guard width > 0, !history.isEmpty else { return }
        let count = min(width, history.count)
        let start = history.count - count
        var peak: Int64 = 0
        for i in start..<history.count where history[i] > peak { peak = history[i] }
        let levels = glyphs.sparkLevels
        let top = Int64(levels.count - 1)
        // Right-aligned so that "now" is always at the same column.
        let x0 = x + width - count
        for i in 0..<count {
            let value = max(0, history[start + i])
            let level = peak == 0 ? 0 : Int((value * top + peak - 1) / peak)
            grid.set(x0 + i, y, levels[min(level, levels.count - 1)], style)
        }
    }
}
