import Foundation
import GroupCore
import GroupSim
import Testing

@testable import GroupDash

/// A screen that hands out scripted keys (all queued at once, as when typed within one frame) and counts paints.
final class ScriptedScreen: DashboardScreen {
    /// nil: no key at that read (so the loop redraws before the next one).
    var keys: [Key?]
    var paints = 0
    var last = CellGrid(width: 0, height: 0)
    let size: (width: Int, height: Int)

    init(keys: [Key?], width: Int = 160, height: Int = 50) {
        self.keys = keys
        size = (width, height)
    }

    func readKey(timeoutMs: Int) -> Key? { keys.isEmpty ? nil : keys.removeFirst() }

    /// Keys typed within one frame, then a pause, then `q`.
    static func typing(_ keys: [Key]) -> ScriptedScreen { ScriptedScreen(keys: keys + [nil, .char("q")]) }
    func invalidate() {}
    func paint(_ grid: CellGrid) -> Int {
        paints += 1
        last = grid
        return 0
    }
}

/// The frame loop on the real simulation: every key press counts, even several within one frame.
@Suite struct LoopTests {
    func run(_ keys: [Key], speed: Double = 0) -> (Simulation, ScriptedScreen, DashboardLoop) {
        let simulation = Simulation(scenario: .builtInDefault)
        simulation.run(until: 0)
        let screen = ScriptedScreen.typing(keys)
        let loop = DashboardLoop(source: simulation, options: DashboardOptions(speed: speed), glyphs: .unicode)
        #expect(loop.run(screen: screen) == nil)
        return (simulation, screen, loop)
    }

    @Test func twoStrategyKeysInOneFrameCycleTwice() {
        // billing (the first group) is cooperative-sticky: s → range, s → roundrobin.
        let (simulation, _, _) = run([.char("s"), .char("s")])
        let changes = simulation.events(from: 0).filter { $0.type == "strategy.changed" }.map(\.message)
        #expect(changes.count == 2, "\(changes)")
        #expect(changes.first?.hasSuffix("to range") == true, "\(changes)")
        #expect(changes.last?.hasSuffix("to roundrobin") == true, "\(changes)")
        #expect(simulation.snapshot().groups[0].configuredStrategy == .roundrobin)
    }

    @Test func threeRateKeysInOneFrameAreThreeSteps() {
        let before = Simulation(scenario: .builtInDefault).snapshot().topics.map(\.rate)
        let (simulation, _, _) = run([.char("+"), .char("+"), .char("+")])
        let after = simulation.snapshot().topics.map(\.rate)
        for (b, a) in zip(before, after) {
            // Three ×1.25 steps, each rounded to hundredths as ActionCommands.scaledRate does.
            var expected = b
            for _ in 0..<3 { expected = ActionCommands.scaledRate(expected, up: true) }
            #expect(a == expected, "before \(b) after \(a)")
        }
    }

    @Test func speedKeysInOneFrameEachStep() {
        let (_, _, loop) = run([.char(">"), .char(">"), .char(">")], speed: 1)
        #expect(loop.state.speed == 10)  // 1 → 2 → 5 → 10
    }

    @Test func aKeyIsDrawnAtOnceWithoutWaitingForTheNextFrame() {
        let (_, screen, _) = run([.char("o")])
        // The first frame, then one redraw for `o`, before any next frame (quit does not draw).
        #expect(screen.paints == 2)
        #expect(screen.last.text.contains("sort: lag"))
    }
}

/// A key read between two simulation slices is painted on the snapshot in hand, before the next snapshot is built:
/// on a large scenario that snapshot is the slow part of a frame.
@Suite struct KeyBetweenSlicesTests {
    final class SnapshotCountingScreen: DashboardScreen {
        var keys: [Key?]
        let source: FakeSource
        /// For each paint: the snapshots taken so far, and whether the screen shows the lag sort.
        var paints: [(snapshots: Int, sortedByLag: Bool)] = []
        let size = (width: 160, height: 50)

        init(keys: [Key?], source: FakeSource) {
            self.keys = keys
            self.source = source
        }

        func readKey(timeoutMs: Int) -> Key? { keys.isEmpty ? nil : keys.removeFirst() }
        func invalidate() {}
        func paint(_ grid: CellGrid) -> Int {
            paints.append((source.snapshots, grid.text.contains("sort: lag")))
            return 0
        }
    }

    @Test func aKeyBetweenSlicesIsPaintedBeforeTheNextSnapshot() throws {
        let source = FakeSource()
        let screen = SnapshotCountingScreen(keys: [.char("o"), nil, .char("q")], source: source)
        // Slices of 1 ms of virtual time, a generous budget: the first frame owes several slices.
        let loop = DashboardLoop(
            source: source, options: DashboardOptions(speed: 1), glyphs: .unicode,
            pacing: .init(frameMs: 100, simulationBudgetMs: 1_000, sliceMs: 1))
        Thread.sleep(forTimeInterval: 0.02)  // 20 ms of wall time owed at ×1: 20 slices
        #expect(loop.run(screen: screen) == nil)
        #expect(source.advanced.count >= 1)
        // The key came in after the first slice: painted at once, with only the loop's initial snapshot taken.
        let first = try #require(screen.paints.first)
        #expect(first.snapshots == 1)
        #expect(first.sortedByLag == true)
        // Then the frame's own snapshot and paint.
        #expect(screen.paints.count >= 2)
        #expect(screen.paints.dropFirst().first?.snapshots == 2)
    }
}

@Suite struct SpeedMeterTests {
    @Test func reportsAShortfallOnlyWhenClearlyBehind() {
        var meter = SpeedMeter(windowMs: 1_000)
        for i in 1...20 { meter.record(wallMs: Double(i) * 100, advancedVirtualMs: 480) }  // ×4.8
        #expect(abs((meter.speed ?? 0) - 4.8) < 1e-9)
        #expect(meter.shortfall(of: 100) != nil)
        #expect(meter.shortfall(of: 5) == nil)  // within 10 % of ×5
        meter.reset()
        #expect(meter.speed == nil)
    }
}

@Suite struct RateBoundTests {
    /// Holding + stops at ScenarioLimits.maxRate (10,000,000 msg/s per topic) with a status line, never past it.
    @Test func plusStopsAtTheMaximumRate() {
        let simulation = Simulation(scenario: .builtInDefault)
        simulation.run(until: 0)
        let screen = ScriptedScreen.typing(Array(repeating: .char("+"), count: 200))
        let loop = DashboardLoop(source: simulation, options: DashboardOptions(speed: 0), glyphs: .unicode)
        #expect(loop.run(screen: screen) == nil)
        #expect(simulation.snapshot().topics.allSatisfy { $0.rate == ScenarioLimits.maxRate })
        #expect(loop.state.status?.isError == true)
        #expect(loop.state.status?.text.contains("maximum") == true)
    }
}
