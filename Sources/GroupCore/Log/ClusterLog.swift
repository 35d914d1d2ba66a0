/// The partition logs of every topic of the simulated cluster, and Kafka's ListOffsets answers.
public struct ClusterLog: Sendable {
    public struct Topic: Sendable {
        public let name: String
        public var partitions: [PartitionLog]
        public var retentionMs: Millis?
        public var retentionMessages: Int64?
    }

    public private(set) var topics: [Topic] = []
    private var indexByName: [String: Int] = [:]

    public init() {}

    /// Creates a topic; partition counts are fixed for its life, as GroupScope does not model expansion.
    public mutating func createTopic(
        _ name: String, partitions: Int, retentionMs: Millis? = nil, retentionMessages: Int64? = nil
    ) {
        precondition(partitions > 0 && indexByName[name] == nil)
        indexByName[name] = topics.count
        topics.append(
            Topic(
                name: name, partitions: Array(repeating: PartitionLog(), count: partitions),
                retentionMs: retentionMs, retentionMessages: retentionMessages))
    }

    public func topicIndex(_ name: String) -> Int? { indexByName[name] }

    /// Topic name → partition count, the metadata a consumer leader assigns from.
    public var partitionsPerTopic: [String: Int] {
        var result: [String: Int] = [:]
        for topic in topics { result[topic.name] = topic.partitions.count }
        return result
    }

    public func partition(_ tp: TopicPartition) -> PartitionLog? {
        guard let t = indexByName[tp.topic], tp.partition >= 0, Int(tp.partition) < topics[t].partitions.count else {
            return nil
        }
        return topics[t].partitions[Int(tp.partition)]
    }

    public mutating func append(topic: Int, partition: Int, count: Int64, at time: Millis) {
        topics[topic].partitions[partition].append(count: count, at: time)
    }

    /// Applies every topic's retention; returns the records deleted per (topic index, partition).
    public mutating func applyRetention(now: Millis) -> [(topic: Int, partition: Int, deleted: Int64)] {
        var deleted: [(Int, Int, Int64)] = []
        for t in topics.indices where topics[t].retentionMs != nil || topics[t].retentionMessages != nil {
            for p in topics[t].partitions.indices {
                let n = topics[t].partitions[p].applyRetention(
                    now: now, retentionMs: topics[t].retentionMs, retentionMessages: topics[t].retentionMessages)
                if n > 0 { deleted.append((t, p, n)) }
            }
        }
        return deleted
    }

    /// Kafka's ListOffsets: the earliest (log-start) or latest (log-end) offset of a partition.
    public func listOffset(_ tp: TopicPartition, _ spec: ListOffsetsRequest.Spec) -> Int64? {
        guard let log = partition(tp) else { return nil }
        return spec == .earliest ? log.logStartOffset : log.logEndOffset
    }
}

extension ClusterLog {
    /// Moves a partition's log start up to `offset` (Kafka's DeleteRecords, and `retention.bytes` dropping segments).
    public mutating func deleteRecords(topic: Int, partition: Int, before offset: Int64) {
        let end = topics[topic].partitions[partition].logEndOffset
        topics[topic].partitions[partition].applyRetention(
            now: 0, retentionMs: nil, retentionMessages: max(0, end.subtractingSaturating(offset)))
    }
}
