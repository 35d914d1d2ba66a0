import ArgumentParser
import Foundation
import GroupCore
import GroupDash
import GroupMonitor
import GroupSim

/// `groupscope watch`: the dashboard over a real Kafka cluster, refreshed every interval. Read-only.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "The live dashboard over a real Kafka cluster (read-only).",
        discussion: """
            Every interval the monitor reads Metadata, log-start and log-end offsets (ListOffsets), the consumer \
            groups (ListGroups, DescribeGroups or ConsumerGroupDescribe) and their committed offsets (OffsetFetch). \
            Events are inferred between refreshes: state changes, members joined and left, partitions moved, \
            rebalances with their duration bounded by the refresh interval, committed offsets rewound, topics and \
            partitions added, brokers unreachable and back. BEHIND (time lag) is an estimate from the history of \
            log-end offsets. Lag status: Burrow's rules over the last 10 refreshes (OK, WARN, STALL, STOP, REWIND). \
            Failure keys are refused: the cluster is real and the monitor never changes it.
            """)

    @Option(name: .customLong("bootstrap-server"), help: "HOST:PORT[,HOST:PORT…] of the cluster.")
    var bootstrapServer: String

    @Option(name: .long, help: "Refresh interval: 2s, 500ms, 1.5s (at least 250ms).")
    var interval: String = "2s"

    @Option(name: .long, help: "Show only groups whose id matches this regular expression in full (repeatable).")
    var group: [String] = []

    @Option(name: .long, help: "Show only topics whose name matches this regular expression in full (repeatable).")
    var topic: [String] = []

    @Option(name: .customLong("allowed-lag"), help: "Lag that still counts as caught up for the lag status (Burrow uses 0).")
    var allowedLag: Int64 = 0

    func validate() throws {
        guard let ms = Self.parseInterval(interval) else {
            throw ValidationError("invalid --interval '\(interval)': expected a duration such as 2s or 500ms")
        }
        guard ms >= 250 else { throw ValidationError("invalid --interval '\(interval)': the minimum is 250ms") }
        guard allowedLag >= 0 else { throw ValidationError("invalid --allowed-lag \(allowedLag): expected 0 or more") }
        if case .failure(let error) = BrokerAddress.parseList(bootstrapServer) {
            throw ValidationError("invalid --bootstrap-server: \(error)")
        }
        for (flag, patterns) in [("--group", group), ("--topic", topic)] {
            for pattern in patterns where (try? Regex(pattern)) == nil {
                throw ValidationError("invalid \(flag) '\(pattern)': not a regular expression")
            }
        }
    }

    func run() throws {
        guard case .success(let bootstrap) = BrokerAddress.parseList(bootstrapServer), let ms = Self.parseInterval(interval)
        else { throw ExitCode(2) }
        let selection = ReadSelection(
            groupPatterns: group.compactMap { try? Regex($0) }, topicPatterns: topic.compactMap { try? Regex($0) })
        let source = MonitorSource(
            settings: MonitorSource.Settings(
                bootstrap: bootstrap, interval: ms, selection: selection, evaluator: LagEvaluator(allowedLag: allowedLag)))
        let transport = NIOKafkaTransport()
        RefreshHeap.keepFreedMemory()
        source.start(transport: transport)
        defer {
            source.stop()
            Blocking.run { await transport.shutdown() }
        }
        do {
            try Dashboard.run(source: source, options: DashboardOptions(scenarioName: source.label))
        } catch let error as DashboardError {
            fail("\(error)")
        }
    }

    /// `2s`, `500ms`, `1.5s`, `1m` (ScenarioDuration, as everywhere), or a bare number of seconds; nil when malformed,
    /// zero, or longer than an hour.
    static func parseInterval(_ text: String) -> Millis? {
        let ms = Double(text).map { ScenarioDuration.milliseconds(seconds: $0, limit: 3_600_000) } ?? ScenarioDuration.parse(text)
        guard let ms, ms > 0, ms <= 3_600_000 else { return nil }
        return ms
    }
}
