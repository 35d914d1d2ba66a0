import Foundation
import GroupCore
import GroupSim
import Testing

@testable import GroupMonitor

/// The monitor against GroupScope's own broker (`groupscope serve`), serving a scenario in which billing-2 crashes:
/// three roundrobin members over three partitions (member n owns orders-(n-1): Kafka's RoundRobinAssignor over member
/// ids that sort in member order), session timeout 6 s (Kafka's minimum). What the monitor reads must be that cluster's state, and the
/// crash must show as the member leaving, its partition moving and a rebalance.
@Suite(.serialized) struct ServedClusterTests {
    /// Found as the end-to-end tests find it (`swift build --show-bin-path`); this target does not depend on the
    /// executable, so a plain `swift build` (or the full `swift test`) must have built it.
    static let binary = External.groupscope ?? External.packageRoot.appendingPathComponent(".build/debug/groupscope").path

    static let scenario = """
        name: monitor-crash
        seed: 3
        duration: 10m
        topics:
          - name: orders
            partitions: 3
        producers:
          - topic: orders
            rate: 300
            keys: uniform
            key-space: 1000
        groups:
          - id: billing
            topics: [orders]
            members: 3
            processing-rate: 400
            config:
              partition.assignment.strategy: roundrobin
              session.timeout.ms: 6000
              heartbeat.interval.ms: 2000
        events:
          - { at: 4s, crash: billing-2 }
        """

    @Test func aCrashInTheServedClusterShowsAsMemberLeftPartitionMovedAndRebalance() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else {
            let why = "\(Self.binary) not built (skipped outside CI; swift test builds it)"
            if External.inCI { Issue.record(Comment(rawValue: why)) } else { print("skipped: \(why)") }
            return
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gs-monitor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("crash.yaml")
        try Self.scenario.write(to: file, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["serve", "--listen", "127.0.0.1:0", "--scenario", file.path]
        // Its events go to a file, so that a full pipe never blocks the broker.
        let log = dir.appendingPathComponent("serve.out")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = FileHandle.nullDevice
        try process.run()
        let served = External.Running(process)
        defer { served.stop() }
        let first = try #require(Self.firstLine(of: log, within: 10))
        let port = try #require(first.split(separator: ":").last.flatMap { Int($0) }, "first line: \(first)")
        #expect(first == "listening on 127.0.0.1:\(port)")

        let transport = NIOKafkaTransport(connectTimeout: .seconds(1), requestTimeout: .seconds(5))
        let reader = ClusterReader(transport: transport, bootstrap: [BrokerAddress(host: "127.0.0.1", port: port)])
        var model = MonitorModel()
        let start = Date()
        var before: DescribeReport.Group?
        var after: DescribeReport.Group?
        while Date().timeIntervalSince(start) < 25 {
            let now = Millis(Date().timeIntervalSince(start) * 1_000)
            if let observation = try? await reader.refresh(at: now) {
                model.ingest(observation)
                let report = DescribeReport(model: model, groupIds: ["billing"])
                if let group = report.groups.first, group.state == "Stable" {
                    if group.members.count == 3 && before == nil { before = group }
                    if group.members.count == 2 && before != nil { after = group }
                }
            }
            if after != nil, model.events(from: 0).contains(where: { $0.type == "rebalance.completed" && $0.time > 4_000 }) {
                break
            }
            try await Task.sleep(for: .milliseconds(400))
        }
        await transport.shutdown()

        // Before the crash: the scenario's three members, member n on orders-(n-1), committed within the log.
        let stable = try #require(before, "never saw billing Stable with 3 members")
        #expect(stable.assignor == "roundrobin")
        let owners = Dictionary(
            stable.members.flatMap { m in m.partitions.map { ($0.description, m.clientId) } }, uniquingKeysWith: { a, _ in a })
        #expect(owners == ["orders-0": "billing-001", "orders-1": "billing-002", "orders-2": "billing-003"])
        for row in stable.rows {
            if let committed = row.currentOffset, let end = row.logEndOffset { #expect(committed <= end) }
        }

        // After: billing-2 is gone, orders-1 went to a survivor, and the events say so.
        let settled = try #require(after, "never saw billing Stable with 2 members")
        #expect(Set(settled.members.map(\.clientId)) == ["billing-001", "billing-003"])
        #expect(Set(settled.members.flatMap(\.partitions).map(\.description)) == ["orders-0", "orders-1", "orders-2"])
        let events = model.events(from: 0)
        let left = try #require(events.first { $0.type == "member.left" })
        #expect(left.message.hasPrefix("billing: billing-002 left (client id billing-002, host "))
        let rebalance = try #require(events.last { $0.type == "rebalance.completed" })
        #expect(rebalance.message.contains("moved orders-1 billing-002→billing-00"))
        #expect(rebalance.time >= left.time)
    }

    /// The first line of a file a process writes, waiting at most `seconds`.
    static func firstLine(of file: URL, within seconds: Double) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let data = try? Data(contentsOf: file), let newline = data.firstIndex(of: UInt8(ascii: "\n")) {
                return String(decoding: data[..<newline], as: UTF8.self)
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }
}
