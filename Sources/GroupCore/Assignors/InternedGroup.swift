/// A `GroupSubscription` translated to integers, the layout every assignor works on.
///
/// - Members are numbered in Java `String` order of their ids, so "sort members" is "count up".
/// - Assignable topics are the subscribed topics with at least one partition (as Kafka's
///   `AbstractPartitionAssignor` builds `partitionsPerTopic` from metadata), numbered in Java order;
///   partition `p` of topic `t` is the global index `topicBase[t] + p`, so ascending global index is
///   Kafka's (topic, partition) order.
/// - Members with an identical subscription share a subscription class (one bit set per class).
struct InternedGroup {
    // Members, in Java order of member id.
    var memberIds: [String] = []
    var instanceIds: [String?] = []
    var generations: [Int32] = []
    /// Valid owned partitions as claimed, in claim order, de-duplicated; out-of-range or unknown topics dropped.
    var owned: [[Int32]] = []
    /// Iteration order of Kafka's `HashMap<memberId, …>`.
    var hashOrder: [Int32] = []

    // Topics.
    var topicNames: [String] = []
    var partitionCounts: [Int32] = []
    var topicBase: [Int] = [0]
    var totalPartitions: Int { topicBase[topicBase.count - 1] }
    /// Topic of each global partition index.
    var partitionTopic: [Int32] = []

    // Subscriptions.
    var memberClass: [Int32] = []
    /// Assignable topics of each class, ascending.
    var classTopics: [[Int32]] = []
    /// `classBits[c * topicWords + t / 64]` has bit `t % 64` when class `c` subscribes topic `t`.
    var classBits: [UInt64] = []
    var topicWords = 1
    /// True when every member subscribed to the same set of topic names (Kafka's `allSubscriptionsEqual`,
    /// which compares names, including topics without metadata).
    var allSubscriptionsEqual = true

    var memberCount: Int { memberIds.count }
    var topicCount: Int { topicNames.count }

    @inline(__always) func subscribes(_ m: Int, _ t: Int) -> Bool {
        let c = Int(memberClass[m])
        return classBits[c &* topicWords &+ (t >> 6)] & (1 << UInt64(t & 63)) != 0
    }

    init(_ group: GroupSubscription, withOwnership: Bool) {
        // Members in Java order; a repeated member id keeps its first subscription.
        var seen = Set<String>()
        var input: [MemberSubscription] = []
        input.reserveCapacity(group.members.count)
        for m in group.members where seen.insert(m.memberId).inserted { input.append(m) }
        input.sort { JavaOrder.less($0.memberId, $1.memberId) }
        let n = input.count
        memberIds = input.map(\.memberId)
        instanceIds = input.map(\.groupInstanceId)
        generations = input.map(\.generation)
        hashOrder = JavaOrder.hashMapOrder(hashes: memberIds.map(JavaOrder.hash))

        // Subscription classes by raw topic-name set. Identical arrays (often the very same buffer)
        // are recognised without hashing their strings.
        var nameIds: [String: Int32] = [:]
        var names: [String] = []
        var classByKey: [[Int32]: Int32] = [:]
        var classKeys: [[Int32]] = []
        var classRepresentative: [[String]] = []
        memberClass = [Int32](repeating: 0, count: n)
        for (i, m) in input.enumerated() {
            if let last = classRepresentative.indices.last, classRepresentative[last] == m.topics {
                memberClass[i] = Int32(last)
                continue
            }
            var key: [Int32] = []
            key.reserveCapacity(m.topics.count)
            for name in m.topics {
                if let id = nameIds[name] {
                    key.append(id)
                } else {
                    let id = Int32(names.count)
                    nameIds[name] = id
                    names.append(name)
                    key.append(id)
                }
            }
            key.sort()
            key = dedupSorted(key)
            if let c = classByKey[key] {
                memberClass[i] = c
            } else {
                let c = Int32(classKeys.count)
                classByKey[key] = c
                classKeys.append(key)
                classRepresentative.append(m.topics)
                memberClass[i] = c
            }
        }
        // Kafka treats an empty subscription as "not yet seen"; we treat it as a subscription of its own.
        allSubscriptionsEqual = classKeys.count <= 1

        // Assignable topics: subscribed, known, with partitions.
        var assignable: [(String, Int32)] = []
        for name in names {
            if let count = group.partitionsPerTopic[name], count > 0 {
                assignable.append((name, Int32(clamping: count)))
            }
        }
        assignable.sort { JavaOrder.less($0.0, $1.0) }
        topicNames = assignable.map(\.0)
        partitionCounts = assignable.map(\.1)
        var topicIndex: [String: Int32] = [:]
        for (i, name) in topicNames.enumerated() { topicIndex[name] = Int32(i) }
        topicBase = [0]
        topicBase.reserveCapacity(topicNames.count + 1)
        for c in partitionCounts { topicBase.append(topicBase[topicBase.count - 1] + Int(c)) }
        partitionTopic = [Int32](repeating: 0, count: topicBase[topicBase.count - 1])
        for t in 0..<topicNames.count {
            for p in topicBase[t]..<topicBase[t + 1] { partitionTopic[p] = Int32(t) }
        }

        topicWords = max(1, (topicNames.count + 63) / 64)
        let nameToTopic = names.map { topicIndex[$0] ?? -1 }
        classTopics = classKeys.map { key in key.compactMap { nameToTopic[Int($0)] >= 0 ? nameToTopic[Int($0)] : nil }.sorted() }
        classBits = [UInt64](repeating: 0, count: classKeys.count * topicWords)
        for (c, topics) in classTopics.enumerated() {
            for t in topics { classBits[c * topicWords + Int(t >> 6)] |= 1 << UInt64(t & 63) }
        }

        owned = [[Int32]](repeating: [], count: n)
        guard withOwnership else { return }
        var stamp = [Int32](repeating: -1, count: totalPartitions)
        for (i, m) in input.enumerated() where !m.ownedPartitions.isEmpty {
            var list: [Int32] = []
            list.reserveCapacity(m.ownedPartitions.count)
            var lastName: String? = nil
            var lastTopic: Int32 = -1
            for tp in m.ownedPartitions {
                let t: Int32
                if let ln = lastName, ln == tp.topic {
                    t = lastTopic
                } else {
                    t = topicIndex[tp.topic] ?? -1
                    lastName = tp.topic
                    lastTopic = t
                }
                guard t >= 0, tp.partition >= 0, tp.partition < partitionCounts[Int(t)] else { continue }
                let p = Int32(topicBase[Int(t)]) + tp.partition
                if stamp[Int(p)] == Int32(i) { continue }
                stamp[Int(p)] = Int32(i)
                list.append(p)
            }
            owned[i] = list
        }
    }

    /// The public result shape, each member's partitions in (topic, partition) order.
    func result(owner: [Int32]) -> [String: [TopicPartition]] {
        var counts = [Int](repeating: 0, count: memberCount)
        for o in owner where o >= 0 { counts[Int(o)] += 1 }
        var lists = [[TopicPartition]]()
        lists.reserveCapacity(memberCount)
        for c in counts { var a = [TopicPartition](); a.reserveCapacity(c); lists.append(a) }
        for t in 0..<topicCount {
            let name = topicNames[t]
            let base = topicBase[t]
            for p in base..<topicBase[t + 1] {
                let o = owner[p]
                if o >= 0 { lists[Int(o)].append(TopicPartition(name, Int32(p - base))) }
            }
        }
        var out = [String: [TopicPartition]](minimumCapacity: memberCount)
        for (i, id) in memberIds.enumerated() { out[id] = lists[i] }
        return out
    }
}

func dedupSorted(_ a: [Int32]) -> [Int32] {
    guard a.count > 1 else { return a }
    var out = [Int32]()
    out.reserveCapacity(a.count)
    for x in a where out.last != x { out.append(x) }
    return out
}
