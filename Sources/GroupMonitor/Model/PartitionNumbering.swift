import GroupCore

/// A dense number for every partition of the metadata (and for any other partition a group committed to), so that
/// the per-partition and per-(group, partition) histories are read by array index instead of hashing a topic name
/// for every one of the ~100,000 (group, partition) pairs of a large cluster on every refresh.
/// Renumbered only when the metadata's topics or partitions change.
struct PartitionNumbering: Sendable {
    /// The partition behind each number: the metadata's first, topic by topic in the observation's order.
    private(set) var keys: [TopicPartition] = []
    private var numbers: [TopicPartition: Int] = [:]
    /// The numbers of each metadata topic's partitions, aligned with `ObservedTopic.partitions`.
    private(set) var topicNumbers: [[Int]] = []
    /// What was numbered: each topic's name and partition numbers, to tell whether the next metadata differs.
    private var layout: [(name: String, partitions: [Int32])] = []
    private var topicIndexByName: [String: Int] = [:]
    /// Changes whenever the numbers do, so that what was numbered before can tell it is out of date.
    private(set) var version = 0

    var count: Int { keys.count }

    func number(_ tp: TopicPartition) -> Int? { numbers[tp] }

    /// The number of `tp`, numbering it when the metadata does not list it (a commit on a deleted topic).
    mutating func numberAdding(_ tp: TopicPartition) -> Int {
        if let number = numbers[tp] { return number }
        keys.append(tp)
        numbers[tp] = keys.count - 1
        return keys.count - 1
    }

    /// The numbers of `partitions` of the topic `name`, numbering those the metadata does not list. One lookup of
    /// the name; each partition is then found by position (Kafka numbers a topic's partitions 0..<n).
    mutating func numbersAdding(topic name: String, partitions: [Int32]) -> [Int] {
        guard let t = topicIndexByName[name] else { return partitions.map { numberAdding(TopicPartition(name, $0)) } }
        let listed = layout[t].partitions
        return partitions.map { p in
            if p >= 0, Int(p) < listed.count, listed[Int(p)] == p { return topicNumbers[t][Int(p)] }
            return numberAdding(TopicPartition(name, p))
        }
    }

    /// The numbers of `partitions` (an assignment, which lists a topic's partitions together: the topic's name is
    /// looked up once per run of that topic, not once per partition).
    mutating func numbersAdding(_ partitions: [TopicPartition]) -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(partitions.count)
        var start = partitions.startIndex
        while start < partitions.endIndex {
            let topic = partitions[start].topic
            var end = start + 1
            while end < partitions.endIndex && partitions[end].topic == topic { end += 1 }
            result += numbersAdding(topic: topic, partitions: partitions[start..<end].map(\.partition))
            start = end
        }
        return result
    }

    /// Renumbers when `topics` lists other topics or partitions than last time. Returns the numbering it replaced
    /// (for carrying histories over), nil when nothing changed.
    mutating func update(_ topics: [ObservedTopic]) -> PartitionNumbering? {
        let unchanged =
            layout.count == topics.count
            && zip(layout, topics).allSatisfy { old, topic in
                old.name == topic.name && old.partitions.elementsEqual(topic.partitions.lazy.map(\.partition))
            }
        if unchanged { return nil }
        let previous = self
        self = PartitionNumbering()
        version = previous.version + 1
        layout = topics.map { ($0.name, $0.partitions.map(\.partition)) }
        topicIndexByName = Dictionary(topics.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        topicNumbers = topics.map { topic in topic.partitions.map { numberAdding(TopicPartition(topic.name, $0.partition)) } }
        return previous
    }
}
