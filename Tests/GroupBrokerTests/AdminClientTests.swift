import Foundation
import GroupBroker
import GroupCore
import GroupSim
import Testing

/// Admin tools read this cluster (issue 11: ListGroups, DescribeGroups, OffsetFetch): confluent-kafka's AdminClient
/// (librdkafka 2.16), as `kafka-consumer-groups.sh --describe` would ask. Expected values come from the scenario:
/// Kafka's RangeAssignor gives 2 of 4 partitions to each of 2 members.
@Suite(.serialized) struct AdminClientTests {
    static let scenario = """
        name: admin-test
        seed: 6
        duration: 1h
        topics:
          - { name: ledger, partitions: 4 }
        producers:
          - { topic: ledger, rate: 20 }
        groups:
          - id: books
            topics: [ledger]
            members: 2
            config: { partition.assignment.strategy: range, auto.commit.interval.ms: 500 }
        """

    @Test func adminClientListsDescribesAndReadsOffsets() throws {
        guard Tools.available(Tools.python, for: "confluent-kafka AdminClient") else { return }
        let fixture = try BrokerFixture(yaml: Self.scenario)
        #expect(fixture.waitForEvent(timeout: 20) { $0.type == "rebalance.completed" && $0.group == "books" } != nil)
        let code = """
            import sys, time
            from confluent_kafka.admin import AdminClient
            from confluent_kafka import ConsumerGroupTopicPartitions
            a = AdminClient({'bootstrap.servers': sys.argv[1]})
            listed = a.list_consumer_groups(request_timeout=10).result()
            print('list', ' '.join(sorted(g.group_id + '=' + g.state.name for g in listed.valid)))
            d = a.describe_consumer_groups(['books'], request_timeout=10)['books'].result()
            print('describe', d.state.name, d.partition_assignor,
                  ' '.join(sorted(str(len(m.assignment.topic_partitions)) for m in d.members)))
            deadline = time.time() + 10
            while True:
                o = a.list_consumer_group_offsets([ConsumerGroupTopicPartitions('books')], request_timeout=10)['books'].result()
                committed = sorted((tp.partition, tp.offset) for tp in o.topic_partitions if tp.offset >= 0)
                if len(committed) == 4 or time.time() > deadline:
                    break
                time.sleep(0.5)
            print('offsets', ' '.join('%d=%d' % c for c in committed))
            """
        let script = try Tools.temporaryFile(code, suffix: ".py")
        defer { try? FileManager.default.removeItem(atPath: script) }
        let result = try ChildProcess.run([Tools.python, script, fixture.bootstrap], timeout: 40)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "list books=STABLE", "\(result.stdout)")
        #expect(lines.dropFirst().first == "describe STABLE range 2 2", "\(result.stdout)")
        // Every partition has a committed offset, and each is one the coordinator holds (commits only move forward).
        let offsets = try #require(lines.last { $0.hasPrefix("offsets") }).split(separator: " ").dropFirst()
        #expect(offsets.count == 4, "\(result.stdout)")
        let held = try fixture.broker.withSimulation { simulation in
            (0..<4).map { simulation.committedOffset(group: "books", TopicPartition("ledger", Int32($0))) ?? -1 }
        }
        for entry in offsets {
            let parts = entry.split(separator: "=").compactMap { Int64($0) }
            guard parts.count == 2, let index = Int(exactly: parts[0]), held.indices.contains(index) else {
                Issue.record("unexpected offset entry \(entry)")
                continue
            }
            #expect(parts[1] >= 0 && parts[1] <= held[index], "partition \(index): read \(parts[1]), held \(held[index])")
        }
    }
}
