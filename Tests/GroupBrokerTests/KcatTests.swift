import Foundation
import GroupBroker
import GroupCore
import GroupSim
import Testing

/// Issue 11, tests 1, 2 and 2b, driven by Debian's kcat (librdkafka 2.0.2). Expected values come from the scenario
/// (topics and partition counts) and from what kcat itself produced.
@Suite(.serialized) struct KcatTests {
    static let scenario = """
        name: kcat-test
        seed: 3
        duration: 1h
        topics:
          - { name: orders, partitions: 6 }
          - { name: payments, partitions: 4 }
        """

    /// Test 1: `kcat -L` lists the scenario's topics and their partitions, each led by node 0.
    @Test func metadataListsTheScenariosTopics() throws {
        guard Tools.available(Tools.kcat, for: "kcat -L") else { return }
        let fixture = try BrokerFixture(yaml: Self.scenario)
        let result = try ChildProcess.run([Tools.kcat, "-L", "-J", "-b", fixture.bootstrap], timeout: 20)
        #expect(result.status == 0, "kcat -L failed: \(result.stderr)")
        let json = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let topics = try #require(json["topics"] as? [[String: Any]])
        var partitions: [String: Int] = [:]
        for topic in topics {
            let name = try #require(topic["topic"] as? String)
            let list = try #require(topic["partitions"] as? [[String: Any]])
            partitions[name] = list.count
            for p in list { #expect(p["leader"] as? Int == 0) }
        }
        #expect(partitions == ["orders": 6, "payments": 4])
        let brokers = try #require(json["brokers"] as? [[String: Any]])
        #expect(brokers.count == 1)
        #expect(brokers.first?["name"] as? String == "127.0.0.1:\(fixture.port)")
        #expect(brokers.first?["id"] as? Int == 0)
    }

    /// Test 2: kcat produces 100,000 keyed messages; kcat consumes them back with the same keys and values, and each
    /// partition holds its messages in the order they were produced.
    @Test func produceThenConsumeKeepsKeysValuesAndPartitionOrder() throws {
        guard Tools.available(Tools.kcat, for: "kcat produce/consume") else { return }
        let fixture = try BrokerFixture(yaml: Self.scenario)
        let count = 100_000
        let lines = (0..<count).map { "key-\($0 % 977):value-\($0)" }
        let input = try Tools.temporaryFile(lines.joined(separator: "\n") + "\n")
        defer { try? FileManager.default.removeItem(atPath: input) }
        let produced = try ChildProcess.run(
            [Tools.kcat, "-P", "-b", fixture.bootstrap, "-t", "payments", "-K", ":", "-l", input], timeout: 60)
        #expect(produced.status == 0, "kcat -P failed: \(produced.stderr)")
        let consumed = try ChildProcess.run(
            [
                Tools.kcat, "-C", "-b", fixture.bootstrap, "-t", "payments", "-o", "beginning", "-e", "-q", "-f",
                "%p\t%o\t%k\t%s\n",
            ],
            timeout: 60)
        #expect(consumed.status == 0, "kcat -C failed: \(consumed.stderr)")
        var seen: [String: String] = [:]
        var lastIndexByPartition: [String: Int] = [:]
        var lastOffsetByPartition: [String: Int] = [:]
        var outOfOrder = 0
        for line in consumed.stdout.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4, let offset = Int(fields[1]), let index = Int(fields[3].dropFirst("value-".count)) else {
                Issue.record("unexpected line \(line)")
                continue
            }
            seen[fields[3]] = fields[2]
            if let last = lastIndexByPartition[fields[0]], last >= index { outOfOrder += 1 }
            if let last = lastOffsetByPartition[fields[0]], last + 1 != offset { outOfOrder += 1 }
            lastIndexByPartition[fields[0]] = index
            lastOffsetByPartition[fields[0]] = offset
        }
        #expect(seen.count == count)
        #expect(outOfOrder == 0)
        #expect((0..<count).allSatisfy { seen["value-\($0)"] == "key-\($0 % 977)" })
        // kcat's default partitioner (consistent_random) spreads the keys: every partition got some.
        #expect(lastIndexByPartition.count == 4)
    }

    /// Test 2b: two `kcat -C -G` processes in one group split the partitions, and both commit what they consumed.
    @Test func twoBalancedConsumersSplitPartitionsAndCommit() throws {
        guard Tools.available(Tools.kcat, for: "kcat -G") else { return }
        let fixture = try BrokerFixture(yaml: Self.scenario)
        let input = try Tools.temporaryFile((0..<4_000).map { "k\($0):v\($0)" }.joined(separator: "\n") + "\n")
        defer { try? FileManager.default.removeItem(atPath: input) }
        let produced = try ChildProcess.run(
            [Tools.kcat, "-P", "-b", fixture.bootstrap, "-t", "payments", "-K", ":", "-l", input], timeout: 30)
        #expect(produced.status == 0)
        let consumer = [
            Tools.kcat, "-C", "-G", "pair", "-b", fixture.bootstrap, "-X", "auto.offset.reset=earliest", "-e", "-q",
            "-f", "%p %o\n", "payments",
        ]
        let first = try ChildProcess(consumer)
        let second = try ChildProcess(consumer)
        // Both join within group.initial.rebalance.delay.ms (3 s), so the first generation has both.
        let firstStatus = first.wait(timeout: 40)
        let secondStatus = second.wait(timeout: 10)
        #expect(firstStatus == 0 && secondStatus == 0, "\(first.stderr) \(second.stderr)")
        let completed = try #require(
            fixture.events.first { $0.type == "rebalance.completed" && $0.group == "pair" }, "no rebalance of group pair")
        guard case .object(let assignment)? = completed.details.first(where: { $0.key == "assignment" })?.value else {
            Issue.record("rebalance.completed has no assignment")
            return
        }
        #expect(assignment.count == 2)
        for (_, partitions) in assignment {
            guard case .array(let list) = partitions else { continue }
            #expect(list.count == 2)
        }
        let total = first.stdout.split(separator: "\n").count + second.stdout.split(separator: "\n").count
        #expect(total >= 4_000)
        #expect(!first.stdout.isEmpty && !second.stdout.isEmpty)
        // Both committed: every partition's committed offset is its log end.
        let commits = try fixture.broker.withSimulation { simulation in
            (0..<4).map { p in
                (
                    simulation.committedOffset(group: "pair", TopicPartition("payments", Int32(p))),
                    simulation.offsets(TopicPartition("payments", Int32(p)))?.logEnd
                )
            }
        }
        for (committed, end) in commits { #expect(committed != nil && committed == end) }
    }
}
