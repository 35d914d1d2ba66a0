import GroupCore

/// What one refresh read from a real cluster, as plain values: no wire types, no sockets. The client fills it from
/// decoded responses; everything downstream (events, lag status, snapshots, `describe`) reads only this.
/// A value the cluster did not give (an error, an unreachable leader, a broker that does not implement a request)
/// is nil, never a made-up number.
public struct ClusterObservation: Sendable, Equatable {
    /// Milliseconds since the monitor started (the dashboard's clock).
    public var time: Millis
    public var clusterId: String?
    public var controllerId: Int32?
    public var brokers: [ObservedBroker]
    /// Sorted by name.
    public var topics: [ObservedTopic]
    /// Sorted by group id.
    public var groups: [ObservedGroup]
    /// Brokers this refresh could not talk to, with the reason (`connection refused`).
    public var unreachableBrokers: [ObservedBrokerProblem]
    /// Problems of this refresh that are not fatal, one line each (`ListOffsets to broker 2: NOT_LEADER_OR_FOLLOWER`).
    public var warnings: [String]

    public init(
        time: Millis, clusterId: String? = nil, controllerId: Int32? = nil, brokers: [ObservedBroker] = [],
        topics: [ObservedTopic] = [], groups: [ObservedGroup] = [], unreachableBrokers: [ObservedBrokerProblem] = [],
        warnings: [String] = []
    ) {
        self.time = time
        self.clusterId = clusterId
        self.controllerId = controllerId
        self.brokers = brokers
        self.topics = topics
        self.groups = groups
        self.unreachableBrokers = unreachableBrokers
        self.warnings = warnings
    }

    public func topic(named name: String) -> ObservedTopic? {
        topics.first { $0.name == name }
    }

    /// The partition's log offsets, nil when the topic or partition is not in this observation.
    public func partition(_ tp: TopicPartition) -> ObservedPartition? {
        topic(named: tp.topic)?.partitions.first { $0.partition == tp.partition }
    }
}

public struct ObservedBroker: Sendable, Equatable, Hashable {
    public var nodeId: Int32
    public var host: String
    public var port: Int32
    public var rack: String?

    public init(nodeId: Int32, host: String, port: Int32, rack: String? = nil) {
        self.nodeId = nodeId
        self.host = host
        self.port = port
        self.rack = rack
    }

    public var address: String { "\(host):\(port)" }
}

public struct ObservedBrokerProblem: Sendable, Equatable {
    public var address: String
    public var reason: String

    public init(address: String, reason: String) {
        self.address = address
        self.reason = reason
    }
}

public struct ObservedTopic: Sendable, Equatable {
    public var name: String
    public var isInternal: Bool
    /// Sorted by partition number.
    public var partitions: [ObservedPartition]

    public init(name: String, isInternal: Bool = false, partitions: [ObservedPartition]) {
        self.name = name
        self.isInternal = isInternal
        self.partitions = partitions
    }
}

public struct ObservedPartition: Sendable, Equatable {
    public var partition: Int32
    /// The leader's node id, nil when the partition has no leader (-1 in Metadata).
    public var leader: Int32?
    /// ListOffsets with timestamp -2 (earliest), nil when unknown.
    public var logStartOffset: Int64?
    /// ListOffsets with timestamp -1 (latest: the high watermark), nil when unknown.
    public var logEndOffset: Int64?
    /// Why an offset is missing (`no leader`, `ListOffsets: UNKNOWN_SERVER_ERROR`), nil when both are known.
    public var problem: String?

    public init(
        partition: Int32, leader: Int32?, logStartOffset: Int64? = nil, logEndOffset: Int64? = nil, problem: String? = nil
    ) {
        self.partition = partition
        self.leader = leader
        self.logStartOffset = logStartOffset
        self.logEndOffset = logEndOffset
        self.problem = problem
    }
}

public struct ObservedGroup: Sendable, Equatable {
    public var id: String
    /// Kafka's state name as the broker spells it: Empty, PreparingRebalance, CompletingRebalance, Stable, Dead
    /// (classic) or Assigning, Reconciling (KIP-848); `Unknown` when the describe failed.
    public var state: String
    /// `consumer` for consumer groups, empty for a group that only ever committed offsets.
    public var protocolType: String
    /// The classic group's protocol (its assignor), or the KIP-848 group's server assignor; nil when none.
    public var assignor: String?
    /// The group epoch of a KIP-848 group; nil for classic groups (DescribeGroups carries no generation).
    public var epoch: Int32?
    public var coordinator: Int32?
    public var members: [ObservedMember]
    /// Committed offsets (the next offset to read) topic by topic, as OffsetFetch answers them: sorted by topic name,
    /// each topic's partitions ascending; a partition without a commit is absent. Kept in this shape rather than
    /// keyed by partition so that a refresh of ~100,000 commits is read into arrays and numbered one topic at a time,
    /// without hashing a topic name per partition.
    public var committedTopics: [CommittedTopic]
    /// Why the group's description or offsets are missing or partial, one line; nil when fully read.
    public var problem: String?

    public init(
        id: String, state: String, protocolType: String = "consumer", assignor: String? = nil, epoch: Int32? = nil,
        coordinator: Int32? = nil, members: [ObservedMember] = [], committed: [TopicPartition: Int64] = [:],
        problem: String? = nil
    ) {
        self.id = id
        self.state = state
        self.protocolType = protocolType
        self.assignor = assignor
        self.epoch = epoch
        self.coordinator = coordinator
        self.members = members
        self.committedTopics = CommittedTopic.grouping(committed)
        self.problem = problem
    }

    /// The committed offsets keyed by partition (for `describe` and tests; the refresh path reads `committedTopics`).
    public var committed: [TopicPartition: Int64] {
        get {
            var result: [TopicPartition: Int64] = [:]
            for topic in committedTopics {
                for (partition, offset) in zip(topic.partitions, topic.offsets) {
                    result[TopicPartition(topic.topic, partition)] = offset
                }
            }
            return result
        }
        set { committedTopics = CommittedTopic.grouping(newValue) }
    }

    /// The committed offset on `tp`, nil when there is none (binary searches, no table built).
    public func committedOffset(on tp: TopicPartition) -> Int64? {
        guard let t = committedTopics.sortedIndex(of: tp.topic, by: \.topic) else { return nil }
        return committedTopics[t].offset(of: tp.partition)
    }

    public var isRebalancing: Bool { Self.rebalancingStates.contains(state) }

    /// The states in which assignments are being computed or handed out (classic and KIP-848).
    static let rebalancingStates: Set<String> = ["PreparingRebalance", "CompletingRebalance", "Assigning", "Reconciling"]

    /// Who owns each partition according to the members' decoded assignments.
    public var owners: [TopicPartition: String] {
        var result: [TopicPartition: String] = [:]
        for member in members {
            for tp in member.assignment ?? [] { result[tp] = member.memberId }
        }
        return result
    }

    /// Topics the group reads: from its members' assignments and subscriptions, and its committed offsets.
    public var topics: [String] {
        var names = Set(committedTopics.map(\.topic))
        for member in members {
            // An assignment lists a topic's partitions together: one insert per topic, not per partition.
            var previous: String?
            for tp in member.assignment ?? [] where tp.topic != previous {
                names.insert(tp.topic)
                previous = tp.topic
            }
            names.formUnion(member.subscribedTopics ?? [])
        }
        return names.sorted()
    }
}

/// A group's committed offsets on one topic: partitions ascending, offsets aligned with them.
public struct CommittedTopic: Sendable, Equatable {
    public var topic: String
    public var partitions: [Int32]
    public var offsets: [Int64]

    public init(topic: String, partitions: [Int32], offsets: [Int64]) {
        self.topic = topic
        self.partitions = partitions
        self.offsets = offsets
    }

    /// The offset committed on `partition`, nil when none.
    public func offset(of partition: Int32) -> Int64? {
        partitions.partitionIndex(of: partition).map { offsets[$0] }
    }

    /// The offsets of a table, in this shape.
    static func grouping(_ offsets: [TopicPartition: Int64]) -> [CommittedTopic] {
        Dictionary(grouping: offsets, by: \.key.topic).map { topic, entries in
            let sorted = entries.sorted { $0.key.partition < $1.key.partition }
            return CommittedTopic(topic: topic, partitions: sorted.map(\.key.partition), offsets: sorted.map(\.value))
        }
        .sorted { $0.topic < $1.topic }
    }

    /// Topics as a broker listed them (any order, a topic possibly split or repeated) in this shape: sorted by name,
    /// one entry per topic, partitions ascending; of a partition listed twice the last offset is kept, as a table
    /// keyed by partition would keep it. Answers that are already in order (Kafka's are) are only checked.
    static func normalized(_ topics: [CommittedTopic]) -> [CommittedTopic] {
        let inOrder =
            zip(topics, topics.dropFirst()).allSatisfy { $0.topic < $1.topic }
            && topics.allSatisfy { t in zip(t.partitions, t.partitions.dropFirst()).allSatisfy { $0 < $1 } }
        if inOrder { return topics }
        var table: [TopicPartition: Int64] = [:]
        for t in topics {
            for (partition, offset) in zip(t.partitions, t.offsets) { table[TopicPartition(t.topic, partition)] = offset }
        }
        return grouping(table)
    }
}

public struct ObservedMember: Sendable, Equatable {
    public var memberId: String
    public var groupInstanceId: String?
    public var clientId: String
    /// As the coordinator reports it: `/127.0.0.1`.
    public var host: String
    /// Decoded from the member's assignment bytes; nil when the bytes were empty during a rebalance or undecodable.
    public var assignment: [TopicPartition]?
    /// Decoded from the member's subscription metadata; nil when not available.
    public var subscribedTopics: [String]?

    public init(
        memberId: String, groupInstanceId: String? = nil, clientId: String, host: String,
        assignment: [TopicPartition]? = nil, subscribedTopics: [String]? = nil
    ) {
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
        self.clientId = clientId
        self.host = host
        self.assignment = assignment
        self.subscribedTopics = subscribedTopics
    }
}
