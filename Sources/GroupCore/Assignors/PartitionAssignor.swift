/// Kafka's two rebalance protocols: eager members give up everything before rejoining;
/// cooperative members keep what they own and give up only what the new assignment takes away.
public enum RebalanceProtocol: String, Sendable {
    case eager = "EAGER"
    case cooperative = "COOPERATIVE"
}

/// What one member tells the leader in JoinGroup (Kafka's `ConsumerPartitionAssignor.Subscription`).
public struct MemberSubscription: Sendable, Equatable {
    public var memberId: String
    public var groupInstanceId: String?
    /// Subscribed topics.
    public var topics: [String]
    /// Partitions the member owned in `generation` (sent by cooperative and sticky members).
    public var ownedPartitions: [TopicPartition]
    /// The generation in which `ownedPartitions` were owned; -1 when unknown (Kafka's DEFAULT_GENERATION).
    public var generation: Int32

    public init(
        memberId: String, groupInstanceId: String? = nil, topics: [String],
        ownedPartitions: [TopicPartition] = [], generation: Int32 = -1
    ) {
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
        self.topics = topics
        self.ownedPartitions = ownedPartitions
        self.generation = generation
    }
}

/// The leader's input: every member's subscription and the partition count of every topic it knows.
public struct GroupSubscription: Sendable {
    public var members: [MemberSubscription]
    public var partitionsPerTopic: [String: Int]

    public init(members: [MemberSubscription], partitionsPerTopic: [String: Int]) {
        self.members = members
        self.partitionsPerTopic = partitionsPerTopic
    }
}

/// A client-side assignor, run by the group leader (never by the coordinator), as in Kafka.
public protocol PartitionAssignor: Sendable {
    /// The protocol name sent in JoinGroup, e.g. `range`.
    var name: String { get }
    /// The rebalance protocols this assignor supports, preferred first.
    var supportedProtocols: [RebalanceProtocol] { get }
    /// Member id → assigned partitions. Every member of the input appears in the result, possibly with none.
    func assign(_ group: GroupSubscription) -> [String: [TopicPartition]]
}
