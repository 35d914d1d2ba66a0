import DequeModule
import GroupCore
import GroupSim

/// The frame loop. Each frame: answer every queued key, advance the simulation in bounded slices (reading keys
/// between slices) until it has caught up with wall time × speed or its share of the frame is spent, then take a
/// snapshot, lay out a frame and paint what changed. Between frames it waits for keys, and a key redraws at once.
///
/// So input is read and the screen redrawn at least once per frame (100 ms) whatever the scenario: a simulation
/// that cannot keep up runs slower than asked (the header says how fast it really runs) instead of freezing.
///
/// A key never waits behind a whole step or a whole snapshot either: the source pauses between members, groups and
/// topics (`advance(by:pausingAt:)`, `snapshot(pausingAt:)`), and at those pauses the loop answers keys that only
/// change the view, painting them on the snapshot in hand. A command (or `q`) read there is held, in order, until
/// the source is between steps again. After a command the snapshot is not rebuilt at once: the status line says
/// what was done, the next frame shows it, and a following command key first takes the fresh snapshot it needs.
public final class DashboardLoop {
    /// How the loop shares its time.
    public struct Pacing: Sendable {
        /// Wall milliseconds per frame.
        public var frameMs: Double
        /// Wall milliseconds per frame the simulation may use at most.
        public var simulationBudgetMs: Double
        /// Virtual milliseconds per slice: the simulation is advanced this much at a time, keys read in between.
        public var sliceMs: Millis

        public init(frameMs: Double = 100, simulationBudgetMs: Double = 55, sliceMs: Millis = Simulation.tickMs) {
            self.frameMs = frameMs
            self.simulationBudgetMs = simulationBudgetMs
            self.sliceMs = sliceMs
        }
    }

    private let source: DashboardSource
    private let dispatcher: ActionDispatcher
    private let glyphs: Glyphs
    private let pacing: Pacing
    private var pacer = VirtualTimePacer()
    private var meter = SpeedMeter()
    private var eventLog = EventLog(capacity: EventLog.dashboardCapacity)
    private var trend = LagTrendTracker()
    /// Who owned what over time, for the `t` view.
    private var ownership = OwnershipHistory()
    private var grid = CellGrid(width: 0, height: 0)
    private var snapshot: SimulationSnapshot
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var lastAdvance: ContinuousClock.Instant
    private var speedShown: Double
    private var keysHandled = 0
    /// Keys read at a pause inside the source that had to wait for it to finish (a command, quit), oldest first.
    private var heldKeys = Deque<Key>()
    /// A command changed the source since `snapshot` was taken.
    private var snapshotIsStale = false
    /// When a pause inside the source next looks for keys: reading keys costs a system call, pauses come far oftener.
    private var nextLookForKeys: ContinuousClock.Instant
    /// How often a pause inside the source looks for keys.
    static let lookForKeysEveryMs = 2.0
    /// Topics whose ownership is recorded between two looks for keys (on the large scenario: 2,000 partition views).
    static let topicsObservedAtOnce = 5
    /// Wall milliseconds spent answering keys at pauses, so a frame does not count them as its own.
    private var answeringInsideMs = 0.0
    /// Called after each paint with the wall milliseconds the frame took (snapshot, layout, paint); for benchmarks.
    public var onFrame: ((Double) -> Void)?

    public init(source: DashboardSource, options: DashboardOptions, glyphs: Glyphs, pacing: Pacing? = nil) {
        self.source = source
        self.glyphs = glyphs
        let speed = options.speed > 0 ? SpeedSteps.clamp(options.speed) : 1
        var state = DashboardState(speed: speed, scenarioName: options.scenarioName)
        state.paused = options.speed <= 0
        state.refusedCommandClasses = Set(source.capabilities.refusedClasses.keys)
        dispatcher = ActionDispatcher(source: source, state: state)
        let fps = min(max(options.framesPerSecond, 1), 60)
        self.pacing = pacing ?? Pacing(frameMs: 1000 / fps, simulationBudgetMs: 550 / fps)
        snapshot = source.snapshot()
        start = clock.now
        lastAdvance = start
        nextLookForKeys = start
        speedShown = speed
    }

    public var state: DashboardState { dispatcher.state }

    private enum Flow { case keepGoing, quit }

    /// Runs until `q`/F10 (returns nil) or until `stopRequested` returns a signal (returns it).
    public func run(screen: DashboardScreen, stopRequested: () -> Int32? = { nil }) -> Int32? {
        var nextFrame = clock.now
        while true {
            if let sig = stopRequested() { return sig }
            if clock.now >= nextFrame {
                if simulate(screen) == .quit { return nil }
                if let sig = stopRequested() { return sig }
                frame(screen, refresh: true)
                nextFrame = nextFrame.advanced(by: .milliseconds(pacing.frameMs))
                let now = clock.now
                if nextFrame <= now { nextFrame = now.advanced(by: .milliseconds(pacing.frameMs / 4)) }  // no burst
            }
            let waitMs = max(0, Self.milliseconds(clock.now.duration(to: nextFrame)))
            guard let key = nextKey(screen, timeoutMs: Int(waitMs.rounded(.up))) else { continue }
            if handle(key, screen) == .quit { return nil }
            if handleQueuedKeys(screen) == .quit { return nil }
            if let sig = stopRequested() { return sig }
            frame(screen, refresh: false)  // the key's effect on screen now, not at the next frame
        }
    }

    /// Every key waiting now, one at a time (a paste into the filter, `+ + +`, a held arrow).
    private func handleQueuedKeys(_ screen: DashboardScreen) -> Flow {
        while let key = nextKey(screen, timeoutMs: 0) {
            if handle(key, screen) == .quit { return .quit }
        }
        return .keepGoing
    }

    /// A held key first, then the screen's.
    private func nextKey(_ screen: DashboardScreen, timeoutMs: Int) -> Key? {
        heldKeys.popFirst() ?? screen.readKey(timeoutMs: timeoutMs)
    }

    /// One key against the current state. A key that may send a command after another command changed the source
    /// first takes a fresh snapshot, so it sees that effect (`s s` cycles twice, `+ + +` is three steps); a key that
    /// only changes the view works on the snapshot in hand.
    private func handle(_ key: Key, _ screen: DashboardScreen) -> Flow {
        if key == .resize {
            screen.invalidate()
            return .keepGoing
        }
        keysHandled += 1
        if snapshotIsStale && !dispatcher.onlyChangesView(key) {
            snapshot = source.snapshot()
            snapshotIsStale = false
        }
        let applied = dispatcher.appliedCommands
        if dispatcher.handle(key, snapshot: snapshot) == .quit { return .quit }
        if dispatcher.appliedCommands != applied { snapshotIsStale = true }
        return .keepGoing
    }

    /// Called by the source at its pauses (inside a step or a snapshot; it must not be called back) and between the
    /// phases of a frame: answers the keys that only change the view and paints them on the snapshot in hand. The
    /// first other key is held, with everything after it, so keys keep their order.
    private func answerViewKeys(_ screen: DashboardScreen) {
        let now = clock.now
        guard now >= nextLookForKeys, heldKeys.isEmpty else { return }
        nextLookForKeys = now.advanced(by: .milliseconds(Self.lookForKeysEveryMs))
        var answered = false
        while let key = screen.readKey(timeoutMs: 0) {
            guard dispatcher.onlyChangesView(key) else {
                heldKeys.append(key)
                break
            }
            _ = handle(key, screen)
            answered = true
        }
        if answered { frame(screen, refresh: false) }
        answeringInsideMs += Self.milliseconds(now.duration(to: clock.now))
    }

    /// Advances the source by what wall time × speed asks, in slices, within the frame's simulation budget,
    /// answering keys between slices. What does not fit is dropped: the simulation then runs slower than asked,
    /// and the meter says by how much.
    private func simulate(_ screen: DashboardScreen) -> Flow {
        let now = clock.now
        let wallMs = Self.milliseconds(lastAdvance.duration(to: now))
        lastAdvance = now
        let state = dispatcher.state
        if state.paused || state.speed != speedShown {
            meter.reset()
            speedShown = state.speed
            if state.paused {
                dispatcher.setRunningSpeed(nil)
                return .keepGoing
            }
        }
        var owed = pacer.step(wallMs: wallMs, speed: state.speed)
        let deadline = now.advanced(by: .milliseconds(pacing.simulationBudgetMs))
        var advanced: Millis = 0
        while owed > 0 {
            let slice = min(owed, pacing.sliceMs)
            source.advance(by: slice, pausingAt: { answerViewKeys(screen) })
            owed -= slice
            advanced += slice
            let keysBefore = keysHandled
            if handleQueuedKeys(screen) == .quit { return .quit }
            if keysHandled != keysBefore {
                // Show the key's effect now, on the snapshot in hand, rather than after the next full snapshot;
                // simulate more next frame. (Keys answered inside the slice were painted there.)
                frame(screen, refresh: false)
                break
            }
            if dispatcher.state.paused { break }
            if clock.now >= deadline { break }
        }
        meter.record(wallMs: Self.milliseconds(start.duration(to: clock.now)), advancedVirtualMs: Double(advanced))
        dispatcher.setRunningSpeed(meter.shortfall(of: state.speed))
        return .keepGoing
    }

    private func frame(_ screen: DashboardScreen, refresh: Bool) {
        let began = clock.now
        let answeringBefore = answeringInsideMs
        if refresh {
            snapshot = source.snapshot(pausingAt: { answerViewKeys(screen) })
            snapshotIsStale = false
            answerViewKeys(screen)
            // Ownership in parts, keys answered in between: all 10,000 partitions at once take tens of ms when busy.
            let statuses = OwnershipHistory.memberStatuses(snapshot)
            var from = 0
            repeat {
                let to = min(from + Self.topicsObservedAtOnce, snapshot.topics.count)
                ownership.observe(snapshot, topics: from..<to, statuses: statuses)
                answerViewKeys(screen)
                from = to
            } while from < snapshot.topics.count
            let arrived = eventLog.fetch(from: source)
            if arrived > 0 {
                dispatcher.eventsArrived(arrived)
                for event in eventLog.events.suffix(arrived) { ownership.observe(event) }
            }
            dispatcher.setLagTrend(trend.record(time: snapshot.time, totalLag: snapshot.totalLag))
        }
        let size = screen.size
        if grid.width != size.width || grid.height != size.height {
            grid = CellGrid(width: size.width, height: size.height)
        }
        let metrics = FrameRenderer.render(
            snapshot: snapshot, events: eventLog.events, state: dispatcher.state, glyphs: glyphs, into: &grid,
            eventsHappened: max(snapshot.eventsHappened, eventLog.happened), ownership: ownership)
        dispatcher.adopt(metrics)
        screen.paint(grid)
        onFrame?(Self.milliseconds(began.duration(to: clock.now)) - (answeringInsideMs - answeringBefore))
    }

    static func milliseconds(_ duration: Duration) -> Double {
        duration.inMilliseconds
    }
}
