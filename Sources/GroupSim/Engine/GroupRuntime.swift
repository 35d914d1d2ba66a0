import GroupCore

/// A consumer group in the simulation: its members and, per partition it consumes, the group's accounting.
struct GroupRuntime {
    var spec: GroupSpec
    /// Only ever appended to (a restart reuses its slot; names and numbers never change), which keeps
    /// `memberLookup` valid by indexing just the members added since the last lookup.
    var members: [MemberRuntime]
    /// Member index by name and by client id, for the members `members[..<memberLookup.indexed]`.
    private var memberLookup = MemberLookup()
    /// The next member number `add-member` gives.
    var nextNumber: Int
    /// Partitions of the subscribed topics, in topic-then-partition order, and their accounting.
    var partitions: [TopicPartition]
    /// Accounting per partition, aligned with `partitions` (arrays, not dictionaries: this is the hot path).
    var stats: [PartitionStats]
    /// Partition → index into `partitions` and `stats`.
    let partitionIndex: [TopicPartition: Int]
    /// Each partition's (topic index, partition index) in the cluster log, aligned with `partitions`; filled on first
    /// use (`Simulation.logPlaces`).
    var logPlaces: [(topic: Int, partition: Int)?] = []
    /// A rolling strategy change waiting for the new protocol to be chosen before dropping the old one.
    var pendingStrategy: AssignmentStrategy?
    var rebalances = 0
    /// What started the rebalance in progress, in member names.
    var rebalanceReason: String?
    var partitionsMoved = 0
    var peakLag: Int64 = 0
    /// The most partitions without a consuming owner at one instant: how much of the group a rebalance stopped.
    var peakUnowned = 0

    init(spec: GroupSpec, partitionsPerTopic: [String: Int]) {
        self.spec = spec
        self.members = (1...max(spec.members, 1)).prefix(spec.members).map {
            MemberRuntime(name: spec.memberName($0), number: $0, processingRate: spec.processingRate)
        }
        self.nextNumber = spec.members + 1
        self.partitions = spec.topics.sorted().flatMap { topic in
            (0..<(partitionsPerTopic[topic] ?? 0)).map { TopicPartition(topic, Int32($0)) }
        }
        self.stats = Array(repeating: PartitionStats(), count: partitions.count)
        self.partitionIndex = Dictionary(uniqueKeysWithValues: partitions.enumerated().map { ($1, $0) })
    }

    /// The first member with this name. O(1) for indexed members; members appended since the last
    /// `memberIndex(clientId:)` are scanned (a mutating index is not possible from a read-only group).
    func memberIndex(named name: String) -> Int? {
        guard memberLookup.indexed <= members.count else { return members.firstIndex { $0.name == name } }
        if let m = memberLookup.byName[name] { return m }
        return members.indices.dropFirst(memberLookup.indexed).first { members[$0].name == name }
    }

    /// The first member sending this `client.id`: the coordinator reports members by it on every join, so
    /// a linear search here made large groups quadratic.
    mutating func memberIndex(clientId: String) -> Int? {
        indexNewMembers()
        return memberLookup.byClientId[clientId]
    }

    private mutating func indexNewMembers() {
        if memberLookup.indexed > members.count { memberLookup = MemberLookup() }
        while memberLookup.indexed < members.count {
            let m = memberLookup.indexed
            // `first` semantics: an earlier member keeps a shared name or client id.
            if memberLookup.byName[members[m].name] == nil { memberLookup.byName[members[m].name] = m }
            let clientId = members[m].clientId
            if memberLookup.byClientId[clientId] == nil { memberLookup.byClientId[clientId] = m }
            memberLookup.indexed += 1
        }
    }
}

/// `GroupRuntime`'s member indexes by name and client id.
private struct MemberLookup {
    var byName: [String: Int] = [:]
    var byClientId: [String: Int] = [:]
    /// How many members, from the first, are in the indexes.
    var indexed = 0
}

/// Per group and partition: what was processed, twice, or never, and a minute of lag history.
struct PartitionStats {
    var processed: Int64 = 0
    var duplicates: Int64 = 0
    var skipped: Int64 = 0
    /// One past the highest offset the group ever processed; nil before its first record.
    var processedUpTo: Int64?
    /// Partition-milliseconds with no live owner, the stop-the-world cost of rebalances and failures.
    var unownedMs: Millis = 0
    var lagHistory = LagHistory()

    /// Counts a processed run of records, noting those processed before.
    mutating func process(from start: Int64, count: Int64) {
        let end = start.addingSaturating(count)
        if let upTo = processedUpTo {
            duplicates = duplicates.addingSaturating(max(0, min(end, upTo) - start))
            processedUpTo = max(upTo, end)
        } else {
            processedUpTo = end
        }
        processed = processed.addingSaturating(count)
    }

    /// A position was set (from a committed offset or a reset): a jump past what was processed skips records.
    mutating func positioned(at position: Int64) {
        guard let upTo = processedUpTo else {
            processedUpTo = position
            return
        }
        if position > upTo {
            skipped = skipped.addingSaturating(position - upTo)
            processedUpTo = position
        }
    }
}

/// The last 60 one-second lag samples in a fixed ring.
struct LagHistory {
    static let capacity = 60
    private var samples = [Int64](repeating: 0, count: capacity)
    private var next = 0
    private var count = 0
    /// `values` as last handed out, until the next sample: snapshots between two samples share one array.
    private var shared: [Int64]?

    mutating func record(_ lag: Int64) {
        samples[next] = lag
        next = (next + 1) % Self.capacity
        count = min(count + 1, Self.capacity)
        shared = nil
    }

    /// `values`, built once per sample however many snapshots read it.
    mutating func sharedValues() -> [Int64] {
        if let shared { return shared }
        let built = values
        shared = built
        return built
    }

    /// Oldest first.
    var values: [Int64] {
        (0..<count).map { samples[(next - count + $0 + Self.capacity) % Self.capacity] }
    }
}
