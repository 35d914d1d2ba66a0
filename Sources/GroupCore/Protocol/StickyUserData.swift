/// The eager `sticky` assignor's user data: the member's previous assignment and its generation, as Kafka's
/// StickyAssignor.subscriptionUserData writes it (schema STICKY_ASSIGNOR_USER_DATA_V1, no version prefix):
/// `[topic: STRING, partitions: [INT32]]`, then `generation: INT32`. Topics come in the order of the
/// `HashMap` CollectionUtils.groupPartitionsByTopic builds; partitions in assignment order.
/// Version 0 (no generation) is still read, as StickyAssignor.deserializeTopicPartitionAssignment falls back to it.
public enum StickyUserData {
    public static func encode(_ partitions: [TopicPartition], generation: Int32) -> [UInt8] {
        var topics = JavaHashMapKeys()
        var byTopic: [String: [Int32]] = [:]
        for tp in partitions {
            topics.put(tp.topic)
            byTopic[tp.topic, default: []].append(tp.partition)
        }
        var w = ByteWriter()
        w.int32(Int32(topics.count))
        for topic in topics.ordered {
            w.string(topic)
            let ps = byTopic[topic]!
            w.int32(Int32(ps.count))
            for p in ps { w.int32(p) }
        }
        w.int32(generation)
        return w.bytes
    }

    /// The previous assignment and its generation (nil for version 0 data).
    public static func decode(_ bytes: [UInt8]) throws(ConsumerProtocol.DecodeError) -> (
        partitions: [TopicPartition], generation: Int32?
    ) {
        var r = ByteReader(bytes)
        let partitions = try r.topicPartitions()
        guard r.at < bytes.count else { return (partitions, nil) }
        return (partitions, try r.int32())
    }
}
