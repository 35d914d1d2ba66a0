import GroupSim

/// The frame loop: poll input for at most one frame, then advance the simulation by the wall time
/// elapsed × speed, take a snapshot, lay out a frame and paint what changed.
final class DashboardLoop {
    private let source: SimulationSource
    private let dispatcher: ActionDispatcher
    private let glyphs: Glyphs
    private let frameInterval: Duration
    private var pacer = VirtualTimePacer()
    private var eventLog = EventLog()
    private var trend = LagTrendTracker()
    private var grid = CellGrid(width: 0, height: 0)
    private var snapshot: SimulationSnapshot
    private let clock = ContinuousClock()
    private var lastAdvance: ContinuousClock.Instant

    init(source: SimulationSource, options: DashboardOptions, glyphs: Glyphs) {
        self.source = source
        self.glyphs = glyphs
        let speed = options.speed > 0 ? SpeedSteps.clamp(options.speed) : 1
        var state = DashboardState(speed: speed, scenarioName: options.scenarioName)
        state.paused = options.speed <= 0
        dispatcher = ActionDispatcher(source: source, state: state)
        let fps = min(max(options.framesPerSecond, 1), 60)
        frameInterval = .milliseconds(Int64((1000 / fps).rounded()))
        snapshot = source.snapshot()
        lastAdvance = clock.now
    }

    /// Runs until `q`/F10 (returns nil) or a stop signal (returns it).
    func run(terminal: Terminal, signals: SignalTrap) -> Int32? {
        var nextFrame = clock.now
        while true {
            if let sig = signals.pending { return sig }
            if clock.now >= nextFrame {
                frame(terminal)
                nextFrame += frameInterval
                let now = clock.now
                if nextFrame <= now { nextFrame = now + frameInterval }  // fell behind: don't catch up in a burst
            }
            let wait = clock.now.duration(to: nextFrame)
            let waitMs = max(0, Int(wait.components.seconds * 1000 + wait.components.attoseconds / 1_000_000_000_000_000))
            guard var key = terminal.readKey(timeoutMs: waitMs) else { continue }
            // Answer every queued key (a paste into the filter, a held arrow) before one fresh frame.
            while true {
                if key == .resize {
                    terminal.invalidate()
                } else if dispatcher.handle(key, snapshot: snapshot) == .quit {
                    return nil
                }
                guard let more = terminal.readKey(timeoutMs: 0) else { break }
                key = more
            }
            if let sig = signals.pending { return sig }
            frame(terminal)
        }
    }

    private func frame(_ terminal: Terminal) {
        let now = clock.now
        let elapsed = lastAdvance.duration(to: now)
        lastAdvance = now
        let wallMs = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let state = dispatcher.state
        if !state.paused {
            let step = pacer.step(wallMs: wallMs, speed: state.speed)
            if step > 0 { source.advance(by: step) }
        }
        snapshot = source.snapshot()
        let arrived = eventLog.fetch(from: source)
        if arrived > 0 { dispatcher.eventsArrived(arrived) }
        dispatcher.setLagTrend(trend.record(time: snapshot.time, totalLag: snapshot.totalLag))
        let size = terminal.size
        if grid.width != size.width || grid.height != size.height {
            grid = CellGrid(width: size.width, height: size.height)
        }
        let metrics = FrameRenderer.render(
            snapshot: snapshot, events: eventLog.events, state: dispatcher.state,
            glyphs: glyphs, into: &grid)
        dispatcher.adopt(metrics)
        terminal.paint(grid)
    }
}
