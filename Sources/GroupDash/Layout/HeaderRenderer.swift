import GroupCore
import GroupSim

/// The two header rows: what runs (scenario, time, speed, seed — or, for a watched cluster, its address, refresh
/// interval and the age of the data) and how it flows (rates, lag, trend).
enum HeaderRenderer {
    static func draw(
        snapshot: SimulationSnapshot, state: DashboardState, rect: Rect, glyphs: Glyphs, grid: inout CellGrid
    ) {
        guard rect.height >= 2 else { return }
        var line = SegmentWriter(y: rect.y, x: rect.x + 1, maxX: rect.maxX, glyphs: glyphs)
        line.write("GroupScope", style: CellStyle(.title, bold: true))
        if let live = snapshot.liveSource {
            // A real cluster in real time: what is watched and how fresh the data is, not a speed or a seed.
            line.field("watch", live.target, grid: &grid)
            line.field("time", Formatting.clock(snapshot.time), grid: &grid)
            line.field("refresh", refreshInterval(live.refreshInterval), grid: &grid)
            let updated = live.lastRefresh.map { Formatting.lagTime(snapshot.time - $0) + " ago" } ?? "not yet"
            line.field("updated", updated, grid: &grid)
        } else {
            if let address = snapshot.listeningOn {
                // Broker mode: where real clients connect, first, so that it survives a narrow terminal.
                line.field("listening on", address, grid: &grid)
            }
            drawSimulation(snapshot: snapshot, state: state, line: &line, glyphs: glyphs, grid: &grid)
        }
        if let status = snapshot.sourceStatus {
            line.gap()
            line.write(glyphs.displayable(status), style: CellStyle(.warning, bold: true), grid: &grid)
        }
        drawFlow(snapshot: snapshot, state: state, rect: rect, glyphs: glyphs, grid: &grid)
    }

    /// `250ms`, `2s`, `1.5s`: as `--interval` takes it.
    static func refreshInterval(_ ms: Millis) -> String {
        if ms < 1_000 { return "\(max(0, ms))ms" }
        return ms % 1_000 == 0 ? "\(ms / 1_000)s" : Formatting.lagTime(ms)
    }

    private static func drawSimulation(
        snapshot: SimulationSnapshot, state: DashboardState, line: inout SegmentWriter, glyphs: Glyphs, grid: inout CellGrid
    ) {
        line.field("scenario", state.scenarioName ?? snapshot.scenarioName, grid: &grid)
        line.field("time", Formatting.clock(snapshot.time), grid: &grid)
        if state.paused {
            line.gap()
            line.write(" PAUSED ", style: CellStyle(.warning, bold: true, reverse: true), grid: &grid)
            line.write(" " + Formatting.speed(state.speed, times: glyphs.times), style: .dim, grid: &grid)
        } else {
            line.field("speed", Formatting.speed(state.speed, times: glyphs.times), grid: &grid)
            if let running = state.runningSpeed {
                // Honest about a simulation that cannot keep up with the requested speed.
                line.write(
                    " (running " + Formatting.runningSpeed(running, times: glyphs.times) + ")",
                    style: CellStyle(.warning, bold: true), grid: &grid)
            }
        }
        line.field("seed", String(snapshot.seed), grid: &grid)
    }

    private static func drawFlow(
        snapshot: SimulationSnapshot, state: DashboardState, rect: Rect, glyphs: Glyphs, grid: inout CellGrid
    ) {
        var flow = SegmentWriter(y: rect.y + 1, x: rect.x + 1, maxX: rect.maxX, glyphs: glyphs)
        flow.field("produce", Formatting.rate(snapshot.produceRate) + " msg/s", grid: &grid, first: true)
        flow.field("consume", Formatting.rate(snapshot.consumeRate) + " msg/s", grid: &grid)
        let trend: (String, ColorRole) =
            switch state.lagTrend {
            case .rising: (glyphs.up, .danger)
            case .falling: (glyphs.down, .good)
            case .steady: (glyphs.steady, .dim)
            }
        flow.field("lag", Formatting.grouped(snapshot.totalLag), grid: &grid)
        flow.write(" " + trend.0, style: CellStyle(trend.1, bold: true), grid: &grid)
        if snapshot.producersPaused {
            flow.gap()
            flow.write(" producers paused ", style: CellStyle(.warning, bold: true, reverse: true), grid: &grid)
        }
        if !state.filter.isEmpty {
            flow.field("filter", state.filter, grid: &grid)
        }
    }
}

/// Writes label/value pairs left to right on one row, stopping at the edge.
struct SegmentWriter {
    var y: Int
    var x: Int
    var maxX: Int
    var glyphs: Glyphs
    private var pending: [(String, CellStyle)] = []

    init(y: Int, x: Int, maxX: Int, glyphs: Glyphs) {
        self.y = y
        self.x = x
        self.maxX = maxX
        self.glyphs = glyphs
    }

    mutating func gap() { x += 2 }

    mutating func write(_ text: String, style: CellStyle) {
        pending.append((text, style))
    }

    mutating func write(_ text: String, style: CellStyle, grid: inout CellGrid) {
        flush(&grid)
        guard x < maxX else { return }
        x += grid.put(text, x: x, y: y, maxWidth: maxX - x, style: style, ellipsis: glyphs.ellipsis)
    }

    mutating func field(_ label: String, _ value: String, grid: inout CellGrid, first: Bool = false) {
        flush(&grid)
        if !first { gap() }
        write(label + " ", style: .label, grid: &grid)
        write(value, style: CellStyle(.normal, bold: true), grid: &grid)
    }

    private mutating func flush(_ grid: inout CellGrid) {
        let items = pending
        pending = []
        for (text, style) in items where x < maxX {
            x += grid.put(text, x: x, y: y, maxWidth: maxX - x, style: style, ellipsis: glyphs.ellipsis)
        }
    }
}
