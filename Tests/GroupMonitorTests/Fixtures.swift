import GroupCore

@testable import GroupMonitor

/// Hand-built observations of a small cluster: topic `orders` (4 partitions, leaders on node 1) and group `billing`.
enum Fixtures {
    static let broker = ObservedBroker(nodeId: 1, host: "127.0.0.1", port: 9092)

    static func orders(ends: [Int64], starts: [Int64]? = nil) -> ObservedTopic {
        ObservedTopic(
            name: "orders",
            partitions: ends.enumerated().map { i, end in
                ObservedPartition(partition: Int32(i), leader: 1, logStartOffset: starts?[i] ?? 0, logEndOffset: end)
            })
    }

    static func member(_ n: Int, _ partitions: [Int32]?, host: String? = nil) -> ObservedMember {
        ObservedMember(
            memberId: "consumer-billing-\(n)-" + String(repeating: Character(UnicodeScalar(UInt8(96 + n))), count: 4),
            clientId: "consumer-billing-\(n)", host: host ?? "/10.0.0.\(n)",
            assignment: partitions.map { $0.map { TopicPartition("orders", $0) } }, subscribedTopics: ["orders"])
    }

    static func committed(_ offsets: [Int32: Int64]) -> [TopicPartition: Int64] {
        Dictionary(uniqueKeysWithValues: offsets.map { (TopicPartition("orders", $0.key), $0.value) })
    }

    static func observation(
        at time: Millis, ends: [Int64] = [100, 60, 30, 7], state: String = "Stable", members: [ObservedMember],
        committed: [Int32: Int64], assignor: String? = "range"
    ) -> ClusterObservation {
        ClusterObservation(
            time: time, brokers: [broker], topics: [orders(ends: ends)],
            groups: [
                ObservedGroup(
                    id: "billing", state: state, assignor: assignor, coordinator: 1, members: members,
                    committed: Self.committed(committed))
            ])
    }
}
