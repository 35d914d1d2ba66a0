/// A partition of a topic, written as Kafka writes it: `orders-3`.
public struct TopicPartition: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32

    public init(_ topic: String, _ partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    public var description: String { "\(topic)-\(partition)" }

    /// Parses Kafka's `TOPIC-P` form; the topic itself may contain dashes, so the last one splits.
    public init?(parsing text: String) {
        guard let dash = text.lastIndex(of: "-") else { return nil }
        let topic = String(text[..<dash])
        guard !topic.isEmpty, let partition = Int32(text[text.index(after: dash)...]), partition >= 0 else { return nil }
        self.init(topic, partition)
    }

    public static func < (lhs: TopicPartition, rhs: TopicPartition) -> Bool {
        lhs.topic != rhs.topic ? lhs.topic < rhs.topic : lhs.partition < rhs.partition
    }
}
