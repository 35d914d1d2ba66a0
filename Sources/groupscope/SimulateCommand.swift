import ArgumentParser
import Foundation
import GroupCore
import GroupSim

/// Runs a scenario headless, as fast as possible, printing events as they happen and a final table.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run a scenario headless and print its events and the final state of every group.")

    @OptionGroup var options: ScenarioOptions
    @OptionGroup var strategy: StrategyOption
    @OptionGroup var headless: HeadlessOptions

    @Option(name: .long, help: "Also write the partition-ownership timeline of the run as an SVG file.")
    var timeline: String?

    func run() throws {
        let scenario = try options.load(strategy: strategy)
        let end = headless.end(of: scenario)
        let simulation = Simulation(scenario: scenario)
        var out = BufferedOutput()
        let format = headless.format
        simulation.onEvent = { event in
            switch format {
            case .json: out.write(event.json.serialized + "\n")
            case .text: out.write(event.textLine + "\n")
            }
        }
        let progress = isatty(STDERR_FILENO) == 1 ? Progress(total: end) : nil
        var t: Millis = 0
        while t < end {
            t = min(end, t + 10_000)
            simulation.run(until: t)
            progress?.show(t)
        }
        progress?.clear()
        let summary = simulation.summary()
        switch format {
        case .json: out.write(summary.json.serialized + "\n")
        case .text: out.write("\n" + summary.text)
        }
        out.flush()
        if let path = timeline {
            let svg = TimelineSVG.render(OwnershipHistory.record(scenario: scenario, until: end), title: scenario.name)
            do { try svg.write(toFile: path, atomically: true, encoding: .utf8) } catch {
                fail("cannot write --timeline \(path): \(error.localizedDescription)")
            }
        }
    }
}

/// Collects output and writes it in large blocks: event streams are long.
struct BufferedOutput {
    private var buffer = ""

    mutating func write(_ text: String) {
        buffer += text
        if buffer.utf8.count > 64 * 1024 { flush() }
    }

    mutating func flush() {
        FileHandle.standardOutput.write(Data(buffer.utf8))
        buffer = ""
    }
}

/// "simulated 120 s of 300 s" on stderr, for long runs at a terminal.
struct Progress {
    let total: Millis

    func show(_ t: Millis) {
        FileHandle.standardError.write(Data("\rsimulated \(t / 1_000) s of \(total / 1_000) s".utf8))
    }

    func clear() { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
}
