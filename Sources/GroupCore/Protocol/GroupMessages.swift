// Requests and responses of Kafka's classic group protocol, field for field where GroupScope needs the field,
// so that a wire-protocol front end can later translate them one to one.
// Metadata and assignments are opaque bytes, as on the wire; `ConsumerProtocol` encodes the consumer's.

/// Kafka's request header: who asks, and the id its answer carries back.
public struct RequestHeader: Sendable, Hashable {
    public var clientId: String
    public var correlationId: Int32
    public init(clientId: String, correlationId: Int32) {
        self.clientId = clientId
        self.correlationId = correlationId
    }
}

public struct JoinGroupRequest: Sendable {
    public struct ProtocolEntry: Sendable, Equatable {
        public var name: String
        public var metadata: [UInt8]
        public init(name: String, metadata: [UInt8]) {
            self.name = name
            self.metadata = metadata
        }
    }
    public var groupId: String
    public var sessionTimeoutMs: Millis
    public var rebalanceTimeoutMs: Millis
    /// Empty for a member that has not been given an id yet.
    public var memberId: String
    public var groupInstanceId: String?
    public var protocolType: String
    /// Preferred first.
    public var protocols: [ProtocolEntry]
    public var reason: String?

    public init(
        groupId: String, sessionTimeoutMs: Millis, rebalanceTimeoutMs: Millis, memberId: String,
        groupInstanceId: String?, protocolType: String, protocols: [ProtocolEntry], reason: String? = nil
    ) {
        self.groupId = groupId
        self.sessionTimeoutMs = sessionTimeoutMs
        self.rebalanceTimeoutMs = rebalanceTimeoutMs
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
        self.protocolType = protocolType
        self.protocols = protocols
        self.reason = reason
    }
}

public struct JoinGroupResponse: Sendable {
    public struct Member: Sendable {
        public var memberId: String
        public var groupInstanceId: String?
        public var metadata: [UInt8]
    }
    public var errorCode: KafkaError
    public var generationId: Int32 = -1
    public var protocolType: String?
    public var protocolName: String?
    public var leader: String = ""
    /// True when a static leader rejoined without a rebalance: it must not compute a new assignment.
    public var skipAssignment: Bool = false
    public var memberId: String = ""
    /// Filled for the leader only.
    public var members: [Member] = []

    public init(errorCode: KafkaError, memberId: String = "") {
        self.errorCode = errorCode
        self.memberId = memberId
    }
}

public struct SyncGroupRequest: Sendable {
    public var groupId: String
    public var generationId: Int32
    public var memberId: String
    public var groupInstanceId: String?
    public var protocolType: String?
    public var protocolName: String?
    /// Filled by the leader only: member id → assignment bytes.
    public var assignments: [(memberId: String, assignment: [UInt8])]

    public init(
        groupId: String, generationId: Int32, memberId: String, groupInstanceId: String?,
        protocolType: String?, protocolName: String?, assignments: [(memberId: String, assignment: [UInt8])]
    ) {
        self.groupId = groupId
        self.generationId = generationId
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
        self.protocolType = protocolType
        self.protocolName = protocolName
        self.assignments = assignments
    }
}

public struct SyncGroupResponse: Sendable {
    public var errorCode: KafkaError
    public var protocolType: String?
    public var protocolName: String?
    public var assignment: [UInt8]

    public init(errorCode: KafkaError, protocolType: String? = nil, protocolName: String? = nil, assignment: [UInt8] = []) {
        self.errorCode = errorCode
        self.protocolType = protocolType
        self.protocolName = protocolName
        self.assignment = assignment
    }
}

public struct HeartbeatRequest: Sendable {
    public var groupId: String
    public var generationId: Int32
    public var memberId: String
    public var groupInstanceId: String?
    public init(groupId: String, generationId: Int32, memberId: String, groupInstanceId: String?) {
        self.groupId = groupId
        self.generationId = generationId
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
    }
}

public struct HeartbeatResponse: Sendable {
    public var errorCode: KafkaError
}

public struct LeaveGroupRequest: Sendable {
    public struct Member: Sendable {
        public var memberId: String
        public var groupInstanceId: String?
        public var reason: String?
        public init(memberId: String, groupInstanceId: String? = nil, reason: String? = nil) {
            self.memberId = memberId
            self.groupInstanceId = groupInstanceId
            self.reason = reason
        }
    }
    public var groupId: String
    public var members: [Member]
    public init(groupId: String, members: [Member]) {
        self.groupId = groupId
        self.members = members
    }
}

public struct LeaveGroupResponse: Sendable {
    public struct Member: Sendable {
        public var memberId: String
        public var groupInstanceId: String?
        public var errorCode: KafkaError
    }
    public var errorCode: KafkaError
    public var members: [Member]
}

public struct OffsetCommitRequest: Sendable {
    public struct Partition: Sendable {
        public var topicPartition: TopicPartition
        public var committedOffset: Int64
        public init(_ topicPartition: TopicPartition, committedOffset: Int64) {
            self.topicPartition = topicPartition
            self.committedOffset = committedOffset
        }
    }
    public var groupId: String
    /// -1 for a commit from outside the group protocol (an admin tool); then the group must be Empty.
    public var generationId: Int32
    public var memberId: String
    public var groupInstanceId: String?
    public var partitions: [Partition]

    public init(groupId: String, generationId: Int32, memberId: String, groupInstanceId: String?, partitions: [Partition]) {
        self.groupId = groupId
        self.generationId = generationId
        self.memberId = memberId
        self.groupInstanceId = groupInstanceId
        self.partitions = partitions
    }
}

public struct OffsetCommitResponse: Sendable {
    public var partitions: [(topicPartition: TopicPartition, errorCode: KafkaError)]
    /// The error every partition carries when the whole request failed.
    public var errorCode: KafkaError { partitions.first(where: { $0.errorCode != .none })?.errorCode ?? .none }
}

public struct OffsetFetchRequest: Sendable {
    public var groupId: String
    /// nil: every partition the group has an offset for.
    public var partitions: [TopicPartition]?
    public init(groupId: String, partitions: [TopicPartition]?) {
        self.groupId = groupId
        self.partitions = partitions
    }
}

public struct OffsetFetchResponse: Sendable {
    /// committedOffset is -1 when the group has no offset for the partition (Kafka's convention).
    public var partitions: [(topicPartition: TopicPartition, committedOffset: Int64)]
    public var errorCode: KafkaError
}

public struct DescribeGroupsRequest: Sendable {
    public var groupIds: [String]
    public init(groupIds: [String]) { self.groupIds = groupIds }
}

public struct DescribedGroup: Sendable {
    public struct Member: Sendable {
        public var memberId: String
        public var groupInstanceId: String?
        public var clientId: String
        public var memberMetadata: [UInt8]
        public var memberAssignment: [UInt8]
    }
    public var errorCode: KafkaError
    public var groupId: String
    /// Kafka's state name: Empty, PreparingRebalance, CompletingRebalance, Stable, Dead.
    public var groupState: String
    public var protocolType: String
    /// The chosen protocol (strategy), empty when there is none.
    public var protocolData: String
    public var members: [Member]
}

public struct DescribeGroupsResponse: Sendable {
    public var groups: [DescribedGroup]
}

public struct ListGroupsRequest: Sendable {
    /// Empty: all states.
    public var statesFilter: [String]
    public init(statesFilter: [String] = []) { self.statesFilter = statesFilter }
}

public struct ListGroupsResponse: Sendable {
    public var errorCode: KafkaError
    public var groups: [(groupId: String, protocolType: String, groupState: String)]
}

/// Kafka's ListOffsets, answered by the partition leader (here: `ClusterLog`).
public struct ListOffsetsRequest: Sendable {
    public enum Spec: Sendable { case earliest, latest }
    public var partitions: [(TopicPartition, Spec)]
    public init(partitions: [(TopicPartition, Spec)]) { self.partitions = partitions }
}

public struct ListOffsetsResponse: Sendable {
    /// offset is nil for an unknown partition.
    public var partitions: [(topicPartition: TopicPartition, offset: Int64?)]
    public init(partitions: [(topicPartition: TopicPartition, offset: Int64?)]) { self.partitions = partitions }
}

/// Every request a consumer sends, so one queue can carry them.
public enum ClientRequest: Sendable {
    case joinGroup(JoinGroupRequest)
    case syncGroup(SyncGroupRequest)
    case heartbeat(HeartbeatRequest)
    case leaveGroup(LeaveGroupRequest)
    case offsetCommit(OffsetCommitRequest)
    case offsetFetch(OffsetFetchRequest)
    case listOffsets(ListOffsetsRequest)
}

public enum ClientResponse: Sendable {
    case joinGroup(JoinGroupResponse)
    case syncGroup(SyncGroupResponse)
    case heartbeat(HeartbeatResponse)
    case leaveGroup(LeaveGroupResponse)
    case offsetCommit(OffsetCommitResponse)
    case offsetFetch(OffsetFetchResponse)
    case listOffsets(ListOffsetsResponse)
}
