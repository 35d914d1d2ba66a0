/// Kafka's names for the error codes the monitor can meet (apache/kafka `clients/src/main/java/org/apache/kafka/
/// common/protocol/Errors.java`), so that a problem line names the error as Kafka's tools do.
enum KafkaErrorNames {
    static func name(_ code: Int16) -> String {
        switch code {
        case -1: "UNKNOWN_SERVER_ERROR"
        case 0: "NONE"
        case 3: "UNKNOWN_TOPIC_OR_PARTITION"
        case 5: "LEADER_NOT_AVAILABLE"
        case 6: "NOT_LEADER_OR_FOLLOWER"
        case 7: "REQUEST_TIMED_OUT"
        case 14: "COORDINATOR_LOAD_IN_PROGRESS"
        case 15: "COORDINATOR_NOT_AVAILABLE"
        case 16: "NOT_COORDINATOR"
        case 24: "INVALID_GROUP_ID"
        case 29: "TOPIC_AUTHORIZATION_FAILED"
        case 30: "GROUP_AUTHORIZATION_FAILED"
        case 31: "CLUSTER_AUTHORIZATION_FAILED"
        case 35: "UNSUPPORTED_VERSION"
        case 42: "INVALID_REQUEST"
        case 69: "GROUP_ID_NOT_FOUND"
        case 74: "FENCED_LEADER_EPOCH"
        case 75: "UNKNOWN_LEADER_EPOCH"
        case 88: "UNSTABLE_OFFSET_COMMIT"
        default: "error \(code)"
        }
    }

    /// Partition errors after which the leader may have moved: refresh metadata and ask the new leader
    /// (the Java client's `ListOffsetsHandler` retries on these after a metadata update).
    static let leaderMoved: Set<Int16> = [3, 5, 6, 74, 75]
    /// Group errors after which the coordinator must be looked up again (`CoordinatorStrategy` in the Java admin).
    static let coordinatorMoved: Set<Int16> = [15, 16]
}
