import ArgumentParser
import Foundation
import GroupCore
import GroupDash
import GroupMonitor
import GroupSim

#if canImport(Glibc)
    import Glibc
#endif

/// `groupscope-bench refresh`: the monitor's cost per refresh against GroupScope's own broker. Writes a scenario
/// (TOPICS × PARTITIONS, GROUPS groups each reading a few topics), serves it with `groupscope serve` in another
/// process, waits until every group has members and commits, then runs N refreshes as `watch` does (ClusterReader →
/// MonitorModel.ingest → snapshot) and prints per refresh: requests per broker, bytes sent and received, process CPU
/// (getrusage around the refresh: this process does nothing else, so it is the refresh's, NIO threads included), and
/// the median time to lay out a dashboard frame of that snapshot. The issue's goals: ≤ ~20 requests per broker,
/// ≤ 100 ms CPU per refresh, frame ≤ 2 ms.
struct RefreshBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Monitor refresh cost (requests, bytes, CPU, frame) against a served large cluster.")

    @Option(help: "Topics.") var topics = 100
    @Option(help: "Partitions per topic.") var partitions = 100
    @Option(help: "Consumer groups.") var groups = 200
    @Option(help: "Topics each group reads (consecutive, wrapping).") var topicsPerGroup = 5
    @Option(help: "Members per group.") var members = 2
    @Option(help: "Messages per second per topic.") var rate = 50
    @Option(help: "Timed refreshes.") var refreshes = 10
    @Option(help: "Milliseconds between refresh starts (watch's --interval).") var interval = 2_000
    @Option(help: "Seconds to wait for every group to be Stable with commits.") var settle = 120
    @Option(help: "Frame layouts per snapshot for the frame time.") var frameRuns = 100
    @Option(help: "The groupscope binary (default: next to this one).") var groupscope: String?
    @Flag(help: "Leave glibc's heap at its defaults instead of keeping freed memory as `watch` does (RefreshHeap).")
    var glibcDefaultHeap = false

    func validate() throws {
        try requireRange(
            1...1_000_000,
            [
                "topics": topics, "partitions": partitions, "groups": groups, "topics-per-group": topicsPerGroup,
                "members": members, "refreshes": refreshes, "frame-runs": frameRuns,
            ])
        try requireRange(0...10_000_000, ["rate": rate])
        try requireRange(1...3_600_000, ["interval": interval, "settle": settle])
    }

    func run() throws {
        let binary = groupscope ?? Self.siblingBinary()
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw ValidationError("no groupscope binary at \(binary) (build it, or pass --groupscope PATH)")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gs-refresh-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let scenario = directory.appendingPathComponent("monitor-load.yaml")
        try scenarioText().write(to: scenario, atomically: true, encoding: .utf8)

        let log = directory.appendingPathComponent("serve.out")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let serve = Process()
        serve.executableURL = URL(fileURLWithPath: binary)
        serve.arguments = ["serve", "--listen", "127.0.0.1:0", "--scenario", scenario.path, "--format", "json"]
        serve.standardOutput = try FileHandle(forWritingTo: log)
        serve.standardError = FileHandle.nullDevice
        try serve.run()
        defer {
            kill(serve.processIdentifier, SIGTERM)
            serve.waitUntilExit()
        }
        guard let address = Self.listeningAddress(in: log, within: 30) else {
            throw ValidationError("groupscope serve printed no broker.listening line within 30 s")
        }
        print(
            "served: \(topics) topics × \(partitions) partitions = \(topics * partitions), \(groups) groups × \(members) members "
                + "(\(topicsPerGroup) topics each), \(rate) msg/s per topic, at \(address)")
        let settings = (
            address: address, groups: groups, refreshes: refreshes, interval: interval, settle: settle, frameRuns: frameRuns
        )
        if !glibcDefaultHeap { RefreshHeap.keepFreedMemory() }
        let lines = Blocking.run { await Self.measure(settings) }
        for line in lines { print(line) }
    }

    func scenarioText() -> String {
        var text = "name: monitor-load\nseed: 7\nduration: 1h\ntopics:\n"
        let names = (0..<topics).map { String(format: "t%03d", $0) }
        for name in names { text += "  - { name: \(name), partitions: \(partitions) }\n" }
        text += "producers:\n"
        for name in names { text += "  - { topic: \(name), rate: \(rate) }\n" }
        text += "groups:\n"
        for g in 0..<groups {
            let read = (0..<topicsPerGroup).map { names[(g * topicsPerGroup + $0) % names.count] }
            text += "  - { id: \(String(format: "g%03d", g)), topics: [\(read.joined(separator: ","))], members: \(members), "
            text += "processing-rate: \(rate * topicsPerGroup * 2) }\n"
        }
        return text
    }

    static func siblingBinary() -> String {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("groupscope").path
    }

    static func listeningAddress(in log: URL, within seconds: Double) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let data = try? Data(contentsOf: log), let newline = data.firstIndex(of: UInt8(ascii: "\n")),
                let event = try? JSONSerialization.jsonObject(with: data[..<newline]) as? [String: Any],
                let address = event["address"] as? String
            {
                return address
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    /// User + system CPU of this process, in milliseconds.
    static func cpuMillis() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        let user = Double(usage.ru_utime.tv_sec) * 1_000 + Double(usage.ru_utime.tv_usec) / 1_000
        let system = Double(usage.ru_stime.tv_sec) * 1_000 + Double(usage.ru_stime.tv_usec) / 1_000
        return user + system
    }

    static func format(_ value: Double) -> String { String(format: "%.1f", value) }

    static func measure(
        _ s: (address: String, groups: Int, refreshes: Int, interval: Int, settle: Int, frameRuns: Int)
    ) async -> [String] {
        guard case .success(let bootstrap) = BrokerAddress.parseList(s.address) else { return ["bad address \(s.address)"] }
        let transport = NIOKafkaTransport(requestTimeout: .seconds(30))
        let reader = ClusterReader(transport: transport, bootstrap: bootstrap)
        var model = MonitorModel()
        let start = ContinuousClock.now
        func now() -> Millis {
            let elapsed = ContinuousClock.now - start
            return Millis(elapsed.inMilliseconds.rounded(.down))
        }
        var lines: [String] = []
        // Settle: every group Stable, every member with an assignment, and commits on every group.
        var settledAfter: Millis?
        while now() < Millis(s.settle) * 1_000 {
            if let observation = try? await reader.refresh(at: now()) {
                model.ingest(observation)
                let consumers = observation.groups.filter { $0.protocolType == "consumer" }
                let ready = consumers.filter { g in
                    g.state == "Stable" && !g.members.isEmpty && g.members.allSatisfy { $0.assignment != nil }
                        && !g.committedTopics.isEmpty
                }
                if consumers.count >= s.groups && ready.count == consumers.count {
                    settledAfter = now()
                    break
                }
            }
            try? await Task.sleep(for: .milliseconds(1_000))
        }
        guard let settledAfter else {
            await transport.shutdown()
            return ["the served cluster did not settle within \(s.settle) s (every group Stable with commits)"]
        }
        lines.append(
            "settled after \(format(Double(settledAfter) / 1_000)) s; timing \(s.refreshes) refreshes, \(s.interval) ms apart")
        lines.append(
            "refresh  requests/broker  sent_KB  received_KB  read_cpu_ms  ingest_cpu_ms  snapshot_cpu_ms  total_cpu_ms  "
                + "wall_ms  frame_median_ms")
        var totals: [Double] = []
        var frames: [Double] = []
        var requestCounts: [Int] = []
        for i in 0..<max(1, s.refreshes) {
            let began = now()
            let before = reader.statistics
            let wall = ContinuousClock.now
            let cpu0 = cpuMillis()
            guard let observation = try? await reader.refresh(at: began) else {
                lines.append("refresh \(i + 1) failed")
                continue
            }
            let cpu1 = cpuMillis()
            model.ingest(observation)
            let cpu2 = cpuMillis()
            let snapshot = model.snapshot(
                label: "cluster \(s.address)", now: now(), rateWindow: 3 * Millis(s.interval) + 1_000, sourceStatus: nil)
            let cpu3 = cpuMillis()
            let took = ContinuousClock.now - wall
            let wallMs = took.inMilliseconds
            let after = reader.statistics
            let perBroker = after.requestsByBroker.map { broker, count in count - (before.requestsByBroker[broker] ?? 0) }
            requestCounts.append(perBroker.max() ?? 0)
            let frame = frameMedian(snapshot, runs: s.frameRuns)
            frames.append(frame)
            totals.append(cpu3 - cpu0)
            let row = [
                "\(i + 1)", perBroker.map(String.init).joined(separator: ","),
                format(Double(after.bytesSent - before.bytesSent) / 1_000),
                format(Double(after.bytesReceived - before.bytesReceived) / 1_000), format(cpu1 - cpu0), format(cpu2 - cpu1),
                format(cpu3 - cpu2), format(cpu3 - cpu0), format(wallMs), String(format: "%.3f", frame),
            ]
            lines.append(row.joined(separator: "  "))
            let rest = began + Millis(s.interval) - now()
            if rest > 0 { try? await Task.sleep(for: .milliseconds(rest)) }
        }
        await transport.shutdown()
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        if !totals.isEmpty {
            // The least CPU a refresh took too: on this shared machine the median carries other processes' load
            // (the served cluster's included), the least is what the monitor costs with the cores to itself.
            lines.append(
                "median: requests/broker \(requestCounts.sorted()[requestCounts.count / 2])  total_cpu_ms \(format(median(totals)))  "
                    + "(least \(format(totals.min() ?? 0)))  frame_median_ms \(String(format: "%.3f", median(frames)))")
        }
        return lines
    }

    /// Median time to lay out one 200×60 dashboard frame of `snapshot` (as `groupscope-bench frame` does).
    static func frameMedian(_ snapshot: SimulationSnapshot, runs: Int) -> Double {
        var grid = CellGrid(width: 200, height: 60)
        let state = DashboardState(speed: 1)
        let clock = ContinuousClock()
        for _ in 0..<5 { FrameRenderer.render(snapshot: snapshot, events: [], state: state, glyphs: .unicode, into: &grid) }
        var samples: [Double] = []
        for _ in 0..<max(1, runs) {
            let elapsed = clock.measure {
                FrameRenderer.render(snapshot: snapshot, events: [], state: state, glyphs: .unicode, into: &grid)
            }
            samples.append(elapsed.inMilliseconds)
        }
        samples.sort()
        return samples[samples.count / 2]
    }
}
