import Foundation
import GroupCore
import GroupSim
import Testing

@testable import GroupDash

/// Keys read while the source is in the middle of a long step: view keys are answered and painted there, a command
/// (or `q`) and everything after it wait until the step is done, in order.
@Suite struct KeysInsideStepTests {
    /// A source whose every `advance` is one long step with pauses, like the large scenario's auto-commit tick.
    final class LongStepSource: DashboardSource {
        let fake = FakeSource()
        var insideStep = false
        /// Commands applied while a step was running (must stay empty).
        var appliedInsideStep: [SimulationCommand] = []
        var steps = 0

        func snapshot() -> SimulationSnapshot { fake.snapshot() }
        func events(from sequence: Int) -> [SimEvent] { fake.events(from: sequence) }
        func advance(by duration: Millis) { steps += 1 }
        func advance(by duration: Millis, pausingAt pause: () -> Void) {
            steps += 1
            insideStep = true
            defer { insideStep = false }
            for _ in 0..<20 {
                Thread.sleep(forTimeInterval: 0.003)  // longer than the loop's 2 ms between looks for keys
                pause()
            }
        }
        func apply(_ command: SimulationCommand) throws {
            if insideStep { appliedInsideStep.append(command) }
            try fake.apply(command)
        }
    }

    /// Hands out its keys only while the source is inside a step (nil before, so the loop gets into one first), and
    /// records what it read there and each paint.
    final class StepScreen: DashboardScreen {
        var keys: [Key]
        let source: LongStepSource
        var readInsideStep: [Key] = []
        var paints: [(insideStep: Bool, sortedByLag: Bool)] = []
        let size = (width: 160, height: 50)

        init(keys: [Key], source: LongStepSource) {
            self.keys = keys
            self.source = source
        }

        func readKey(timeoutMs: Int) -> Key? {
            guard !keys.isEmpty else { return .char("q") }
            guard source.insideStep || !readInsideStep.isEmpty else {
                if timeoutMs > 0 { Thread.sleep(forTimeInterval: Double(min(timeoutMs, 5)) / 1000) }
                return nil
            }
            let key = keys.removeFirst()
            if source.insideStep { readInsideStep.append(key) }
            return key
        }
        func invalidate() {}
        func paint(_ grid: CellGrid) -> Int {
            paints.append((source.insideStep, grid.text.contains("sort: lag")))
            return 0
        }
    }

    @Test func aViewKeyIsPaintedInsideTheStepAndACommandWaitsForItsEnd() {
        let source = LongStepSource()
        // o: a view key; s: a command; Tab after it must wait too, so that keys keep their order.
        let screen = StepScreen(keys: [.char("o"), .char("s"), .tab], source: source)
        let loop = DashboardLoop(
            source: source, options: DashboardOptions(speed: 1), glyphs: .unicode,
            pacing: .init(frameMs: 100, simulationBudgetMs: 50, sliceMs: 100))
        Thread.sleep(forTimeInterval: 0.2)  // wall time owed: the first frame runs a step
        #expect(loop.run(screen: screen) == nil)
        #expect(source.steps >= 1)
        // Inside the step the loop read `o` (answered) and `s` (held), and stopped reading there.
        #expect(screen.readInsideStep == [.char("o"), .char("s")])
        #expect(screen.paints.contains { $0.insideStep && $0.sortedByLag }, "o painted inside the step")
        #expect(source.appliedInsideStep.isEmpty)
        #expect(source.fake.applied == [.strategy(group: "billing", to: .roundrobin)])
        #expect(loop.state.focus == DashboardState().focus.next, "Tab was answered, after s")
    }
}

/// `onlyChangesView` is what the loop relies on to answer a key inside a step: such a key must never reach the
/// source nor quit, in any of the dispatcher's modes.
@Suite struct OnlyChangesViewTests {
    static let keys: [Key] =
        KeyBindings.table.flatMap(\.keys) + [.char("x"), .enter, .escape, .backspace, .resize]

    /// The dispatcher's state in one of its modes: the main screen, help shown, the filter being typed, the timeline.
    static func state(_ mode: String) -> DashboardState {
        var state = DashboardState()
        switch mode {
        case "help": state.showHelp = true
        case "filter": state.isEditingFilter = true
        case "timeline": state.screen = .timeline
        default: break
        }
        return state
    }

    @Test(arguments: ["main", "help", "filter", "timeline"]) func aViewKeyNeverReachesTheSource(mode: String) {
        var viewKeys = 0
        for key in Self.keys {
            let source = FakeSource()
            let dispatcher = ActionDispatcher(source: source, state: Self.state(mode))
            guard dispatcher.onlyChangesView(key) else { continue }
            viewKeys += 1
            let outcome = dispatcher.handle(key, snapshot: source.current)
            #expect(outcome == .continueRunning, "\(mode): \(key)")
            #expect(source.applied.isEmpty, "\(mode): \(key) applied \(source.applied)")
            #expect(dispatcher.appliedCommands == 0)
        }
        #expect(viewKeys > 0)
    }

    @Test func commandsAndQuitWaitOnTheMainScreen() {
        let dispatcher = ActionDispatcher(source: FakeSource(), state: DashboardState())
        for key in ["k", "l", "h", "r", "a", "s", "g", "p", "+", "-", ">", "<", " ", "q"] {
            #expect(!dispatcher.onlyChangesView(.char(Character(key))), "\(key)")
        }
        for key: Key in [.up, .down, .tab, .char("o"), .char("t"), .char("/"), .char("?"), .enter] {
            #expect(dispatcher.onlyChangesView(key), "\(key)")
        }
    }
}
