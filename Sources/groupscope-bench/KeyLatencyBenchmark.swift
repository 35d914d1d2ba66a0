import ArgumentParser
import Foundation
import GroupCore
import GroupDash
import GroupSim

/// `groupscope-bench keys`: the dashboard's frame loop on a scenario (default `demo/load/large.yaml`) with a scripted
/// screen that presses a key every few hundred milliseconds of wall time. Reports key-to-screen latency (from the
/// moment a key is available to the paint that follows its handling) and frame time (snapshot, layout, paint
/// into the grid), and the speed the simulation really ran at; then what a key can wait behind inside the source: each
/// `advance` slice, each snapshot, and the stretches between the source's pauses (where the loop answers view keys).
/// No terminal involved.
struct KeyLatencyBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Key-to-screen latency and frame time of the dashboard loop on a large scenario.")

    @Option(help: "Scenario file.") var scenario = "demo/load/large.yaml"
    @Option(help: "Simulation speed.") var speed = 1.0
    @Option(help: "Wall seconds to run (after the first frame).") var seconds = 20.0
    @Option(help: "Wall milliseconds between key presses.") var every = 250.0
    @Option(help: "Screen width.") var width = 200
    @Option(help: "Screen height.") var height = 60
    @Flag(help: "Press command keys (producer rate + and -, which the source must apply) instead of view keys.")
    var commandKeys = false

    func run() throws {
        let loaded: Scenario
        do { loaded = try Scenario.load(path: scenario) } catch { throw ValidationError("\(error)") }
        let simulation = Simulation(scenario: loaded)
        simulation.run(until: 0)
        // View keys (sort, pane, arrows): they change the screen without changing the run. Command keys: the
        // selected topic's producer rate up and down, which go to the source and so wait for a step to end.
        let keys: [Key] =
            commandKeys
            ? [.char("+"), .char("-")] : [.char("o"), .tab, .down, .down, .up, .char("o"), .tab, .tab, .pageDown, .home]
        let screen = ScriptedKeyScreen(keys: keys, every: every, seconds: seconds, width: width, height: height)
        let timed = TimedSource(simulation)
        let loop = DashboardLoop(source: timed, options: DashboardOptions(speed: speed), glyphs: .unicode)
        var frames: [Double] = []
        loop.onFrame = { frames.append($0) }
        let began = ContinuousClock.now
        _ = loop.run(screen: screen)
        let wall = began.duration(to: .now)
        let quitLatency = screen.sinceQuitPressed
        let wallSeconds = wall.inMilliseconds / 1_000
        func stats(_ values: [Double]) -> String {
            let sorted = values.sorted()
            guard !sorted.isEmpty else { return "n=0" }
            func pick(_ q: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))] }
            let f = { (v: Double) in String(format: "%.1f", v) }
            return "n=\(sorted.count) p50_ms=\(f(pick(0.5))) p99_ms=\(f(pick(0.99))) max_ms=\(f(sorted.last!))"
        }
        print(
            "keys: \(loaded.name) (\(loaded.topics.reduce(0) { $0 + $1.partitions }) partitions, \(loaded.groups.count) groups), "
                + "speed ×\(speed), \(width)x\(height), \(String(format: "%.1f", wallSeconds)) s wall, "
                + "\(String(format: "%.1f", Double(simulation.now) / 1000)) s virtual "
                + "(running ×\(String(format: "%.2f", Double(simulation.now) / 1000 / wallSeconds)))")
        print("key_to_screen (\(commandKeys ? "command" : "view") keys) \(stats(screen.latencies))")
        print("quit_ms \(quitLatency.map { String(format: "%.1f", $0) } ?? "-") (from q available to the loop's return)")
        print("frame \(stats(frames))")
        print("advance \(stats(timed.advances))")
        print("snapshot \(stats(timed.snapshots))")
        print("between_pauses \(stats(timed.stretches))")
    }
}

/// Presses `keys` in turn, one every `every` ms of wall time, then `q` after `seconds`. A key's latency runs from
/// its scheduled instant to the first paint after the loop read it.
final class ScriptedKeyScreen: DashboardScreen {
    private let keys: [Key]
    private let every: Double
    private let quitAt: Double
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var next = 0
    private var readButNotPainted: [Double] = []
    private(set) var latencies: [Double] = []
    let size: (width: Int, height: Int)

    init(keys: [Key], every: Double, seconds: Double, width: Int, height: Int) {
        self.keys = keys
        self.every = every
        quitAt = seconds * 1000
        start = clock.now
        size = (width, height)
    }

    private var nowMs: Double {
        let d = start.duration(to: clock.now)
        return d.inMilliseconds
    }

    private var dueAt: Double { Double(next + 1) * every }

    /// Wall milliseconds since `q` was first available, nil before.
    var sinceQuitPressed: Double? { nowMs >= quitAt ? nowMs - quitAt : nil }

    func readKey(timeoutMs: Int) -> Key? {
        var now = nowMs
        if now >= quitAt { return .char("q") }
        if now < dueAt {
            let wait = min(Double(timeoutMs), dueAt - now, quitAt - now)  // q is not pressed late
            if wait > 0 { Thread.sleep(forTimeInterval: wait / 1000) }
            now = nowMs
            if now >= quitAt { return .char("q") }
            if now < dueAt { return nil }
        }
        let key = keys[next % keys.count]
        readButNotPainted.append(dueAt)
        next += 1
        return key
    }

    func invalidate() {}

    func paint(_ grid: CellGrid) -> Int {
        let now = nowMs
        latencies += readButNotPainted.map { now - $0 }
        readButNotPainted.removeAll()
        return 0
    }
}

/// The simulation, with the wall time of each `advance` and `snapshot` call recorded: the two pieces of work a key can
/// wait behind.
final class TimedSource: DashboardSource {
    private let inner: DashboardSource
    private let clock = ContinuousClock()
    private(set) var advances: [Double] = []
    private(set) var snapshots: [Double] = []
    /// Wall milliseconds between two pauses of the source (or a call's start or end and its nearest pause): how long
    /// a key read by the loop at a pause can wait inside the source.
    private(set) var stretches: [Double] = []
    private var lastPause: ContinuousClock.Instant?

    init(_ inner: DashboardSource) { self.inner = inner }

    private func timed<T>(_ into: inout [Double], _ work: () throws -> T) rethrows -> T {
        let began = clock.now
        defer { into.append(began.duration(to: clock.now).inMilliseconds) }
        return try work()
    }

    func snapshot() -> SimulationSnapshot { timed(&snapshots) { inner.snapshot() } }
    func events(from sequence: Int) -> [SimEvent] { inner.events(from: sequence) }
    func advance(by duration: Millis) { timed(&advances) { inner.advance(by: duration) } }
    func advance(by duration: Millis, pausingAt pause: () -> Void) {
        timed(&advances) { stretching(pause) { inner.advance(by: duration, pausingAt: $0) } }
    }
    func snapshot(pausingAt pause: () -> Void) -> SimulationSnapshot {
        timed(&snapshots) { stretching(pause) { inner.snapshot(pausingAt: $0) } }
    }

    /// Runs `work` with a pause that records the stretch since the previous one (the pause's own work excluded).
    private func stretching<T>(_ pause: () -> Void, _ work: (() -> Void) -> T) -> T {
        withoutActuallyEscaping(pause) { pause in
            lastPause = clock.now
            let result = work { [self] in
                if let last = lastPause { stretches.append(last.duration(to: clock.now).inMilliseconds) }
                pause()
                lastPause = clock.now
            }
            if let last = lastPause { stretches.append(last.duration(to: clock.now).inMilliseconds) }
            lastPause = nil
            return result
        }
    }
    func apply(_ command: SimulationCommand) throws { try inner.apply(command) }
    var capabilities: SourceCapabilities { inner.capabilities }
}
