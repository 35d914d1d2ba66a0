/// The error codes of Kafka's group protocol that the coordinator answers with, named as Kafka names them.
public enum KafkaError: Int16, Sendable, CustomStringConvertible, Codable {
    case none = 0
    case offsetOutOfRange = 1
    case coordinatorNotAvailable = 15
    case notCoordinator = 16
    case illegalGeneration = 22
    case inconsistentGroupProtocol = 23
    case invalidGroupId = 24
    case unknownMemberId = 25
    case invalidSessionTimeout = 26
    case nonEmptyGroup = 68
    case rebalanceInProgress = 27
    case unknownTopicOrPartition = 3
    case groupIdNotFound = 69
    case memberIdRequired = 79
    case fencedInstanceId = 82

    public var description: String {
        switch self {
        case .none: "NONE"
        case .offsetOutOfRange: "OFFSET_OUT_OF_RANGE"
        case .coordinatorNotAvailable: "COORDINATOR_NOT_AVAILABLE"
        case .notCoordinator: "NOT_COORDINATOR"
        case .illegalGeneration: "ILLEGAL_GENERATION"
        case .inconsistentGroupProtocol: "INCONSISTENT_GROUP_PROTOCOL"
        case .invalidGroupId: "INVALID_GROUP_ID"
        case .unknownMemberId: "UNKNOWN_MEMBER_ID"
        case .invalidSessionTimeout: "INVALID_SESSION_TIMEOUT"
        case .nonEmptyGroup: "NON_EMPTY_GROUP"
        case .rebalanceInProgress: "REBALANCE_IN_PROGRESS"
        case .unknownTopicOrPartition: "UNKNOWN_TOPIC_OR_PARTITION"
        case .groupIdNotFound: "GROUP_ID_NOT_FOUND"
        case .memberIdRequired: "MEMBER_ID_REQUIRED"
        case .fencedInstanceId: "FENCED_INSTANCE_ID"
        }
    }
}
