import Foundation
import GroupCore
import Testing

@testable import GroupMonitor

/// The monitor against a third-party Kafka-protocol broker, tansu, with real kafka-python consumers committing
/// offsets. tansu is imperfect — its ListOffsets "latest" can be behind what was committed, its DescribeGroups can
/// leave out client ids and assignments — so the checks are: what kafka-python says it committed is what the
/// monitor shows; a lag is never negative; what tansu does not say is unknown (nil, `?`), never made up.
@Suite(.serialized) struct TansuTests {
    @Test func describeShowsWhatKafkaPythonCommittedAndNeverAGarbageLag() async throws {
        if let missing = External.missing {
            if External.inCI { Issue.record(Comment(rawValue: missing)) } else { print("skipped: \(missing)") }
            return
        }
        let port = External.freePort()
        let tansu = try External.startTansu(port: port)
        defer { tansu.stop() }
        let bootstrap = [BrokerAddress(host: "127.0.0.1", port: port)]
        let transport = NIOKafkaTransport(connectTimeout: .seconds(1), requestTimeout: .seconds(5))
        // Closed at the end (or dropped with the process on failure); never blocked on from the cooperative pool.

        // Wait (bounded) for tansu to answer.
        var ready = false
        for _ in 0..<50 where !ready {
            ready = (try? await ClusterReader(transport: transport, bootstrap: bootstrap).refresh(at: 0)) != nil
            if !ready { try await Task.sleep(for: .milliseconds(200)) }
        }
        try #require(ready, "tansu did not answer on port \(port)")

        // One kafka-python consumer in a fresh group reads 90 records of a 3-partition topic and commits.
        let lines = try External.drive(["127.0.0.1:\(port)", "orders", "3", "90", "tansu-billing", "1", "20"], timeout: 40)
        let line = try #require(lines.last.flatMap { $0.data(using: .utf8) })
        let result = try #require(try JSONSerialization.jsonObject(with: line) as? [String: Any])
        let committed = try #require(result["committed"] as? [String: Int])
        try #require(!committed.isEmpty, "kafka-python committed nothing: \(lines)")

        let outcome = await DescribeRun.describe(bootstrap: bootstrap, groupIds: ["tansu-billing"], transport: transport)
        let report = try outcome.get()
        #expect(report.missing.isEmpty)
        let group = try #require(report.groups.first)
        #expect(group.id == "tansu-billing")
        for (name, offset) in committed {
            let tp = try #require(TopicPartition(parsing: name))
            let row = try #require(
                group.rows.first { $0.topic == tp.topic && $0.partition == tp.partition }, "no row for \(name)")
            #expect(row.currentOffset == Int64(offset), "\(name)")
            if let end = row.logEndOffset, end < Int64(offset) {
                #expect(row.lag == nil && row.suspicious != nil, "\(name): a log end behind the commit is suspicious")
            } else if let end = row.logEndOffset {
                #expect(row.lag == end - Int64(offset))
            }
        }
        #expect(group.rows.allSatisfy { ($0.lag ?? 0) >= 0 })
        // The text and JSON render whatever tansu said.
        #expect(report.text.contains("tansu-billing"))
        #expect(report.json.serialized.hasPrefix(#"{"groups":[{"group":"tansu-billing","#))

        // --all-groups finds it through ListGroups.
        let all = try await DescribeRun.describe(bootstrap: bootstrap, groupIds: nil, transport: transport).get()
        #expect(all.groups.contains { $0.id == "tansu-billing" })
        await transport.shutdown()
    }
}
