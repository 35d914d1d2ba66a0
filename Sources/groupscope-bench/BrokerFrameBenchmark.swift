import ArgumentParser
import Foundation
import GroupBroker
import GroupCore
import GroupDash
import GroupSim

/// `groupscope-bench broker-frames`: broker mode with the dashboard's frame loop drawing (into a grid, no terminal)
/// while real clients load the broker. Prints `listening on HOST:PORT` first, so that a script can start its clients
/// (demo/bench-broker.sh --dashboard), then runs the frame loop for `--seconds` with a key pressed every `--every` ms,
/// and reports frame time (snapshot, layout, paint) over the whole run and over the frames drawn while records were
/// arriving, plus the broker's stored bytes.
struct BrokerFrameBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker-frames",
        abstract: "Dashboard frame time in broker mode while real Kafka clients produce and consume.")

    @Option(help: "Scenario file (default: one 6-partition topic `bench`, no simulated load).") var scenario: String?
    @Option(help: "Listen address [HOST:]PORT (0: a free port).") var listen = "127.0.0.1:0"
    @Option(help: "Wall seconds to run the frame loop.") var seconds = 30.0
    @Option(help: "Wall milliseconds between key presses.") var every = 250.0
    @Option(help: "Screen width.") var width = 200
    @Option(help: "Screen height.") var height = 60
    @Option(help: "Also write each frame as a line `UNIX_SECONDS FRAME_MS` to this file.") var frameLog: String?

    static let benchScenario = """
        name: broker-bench
        seed: 1
        duration: 1h
        topics:
          - { name: bench, partitions: 6 }
        """

    func run() throws {
        let loaded: Scenario
        do {
            loaded = try scenario.map { try Scenario.load(path: $0) } ?? Scenario.parse(yaml: Self.benchScenario, file: "bench")
        } catch { throw ValidationError("\(error)") }
        guard let address = BrokerConfig.parseAddress(listen) else { throw ValidationError("bad --listen \(listen)") }
        let broker = try Broker.start(
            simulation: Simulation(scenario: loaded), config: BrokerConfig(host: address.host, port: address.port))
        defer { broker.stop() }
        // Written unbuffered: the script waits for this line before it starts its clients.
        FileHandle.standardOutput.write(Data("listening on \(broker.address.host):\(broker.address.port)\n".utf8))
        let source = BrokerSource(broker: broker)
        let keys: [Key] = [.char("o"), .tab, .down, .down, .up, .char("o"), .tab, .tab, .pageDown, .home]
        let screen = ScriptedKeyScreen(keys: keys, every: every, seconds: seconds, width: width, height: height)
        let loop = DashboardLoop(source: source, options: DashboardOptions(scenarioName: loaded.name), glyphs: .unicode)
        // Each frame with the log end offsets summed just before it: frames whose sum moved were drawn while records
        // arrived. The frame log lets a script pick the frames of any stretch of its run (produce and consume).
        var frames: [(ms: Double, underLoad: Bool)] = []
        var log: [String] = []
        var lastEnd: Int64 = 0
        loop.onFrame = { ms in
            log.append(String(format: "%.3f %.3f", Date().timeIntervalSince1970, ms))
            let end =
                (try? broker.withSimulation { simulation in
                    simulation.topicPartitionCounts.reduce(Int64(0)) { sum, topic in
                        sum
                            + (0..<topic.partitions).reduce(Int64(0)) {
                                $0 + (simulation.offsets(TopicPartition(topic.name, Int32($1)))?.logEnd ?? 0)
                            }
                    }
                }) ?? lastEnd
            frames.append((ms, end != lastEnd))
            lastEnd = end
        }
        _ = loop.run(screen: screen)
        if let frameLog {
            do { try (log.joined(separator: "\n") + "\n").write(toFile: frameLog, atomically: true, encoding: .utf8) } catch {
                throw ValidationError("cannot write \(frameLog): \(error)")
            }
        }
        func stats(_ values: [Double]) -> String {
            let sorted = values.sorted()
            guard !sorted.isEmpty else { return "n=0" }
            func pick(_ q: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))] }
            let f = { (v: Double) in String(format: "%.2f", v) }
            return "n=\(sorted.count) p50_ms=\(f(pick(0.5))) p99_ms=\(f(pick(0.99))) max_ms=\(f(sorted.last!))"
        }
        let stored = (try? broker.withSimulation { $0.storedBytes }) ?? 0
        print("frames \(stats(frames.map(\.ms)))")
        print("frames_while_records_arrived \(stats(frames.filter(\.underLoad).map(\.ms)))")
        print("stored_bytes=\(stored)")
    }
}
