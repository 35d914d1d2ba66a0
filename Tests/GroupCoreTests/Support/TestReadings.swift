@testable import GroupCore

// Readings only tests need, kept out of the engine.

extension ConsumerMembership {
    /// Partitions the application may fetch from: owned, with a known position.
    var fetchable: [TopicPartition] { owned.filter { positions[$0] != nil } }
}

extension ClientRequest {
    /// Kafka's API name, to pick a member's requests of one kind out of the harness's record.
    var apiName: String {
        switch self {
        case .joinGroup: "JoinGroup"
        case .syncGroup: "SyncGroup"
        case .heartbeat: "Heartbeat"
        case .leaveGroup: "LeaveGroup"
        case .offsetCommit: "OffsetCommit"
        case .offsetFetch: "OffsetFetch"
        case .listOffsets: "ListOffsets"
        }
    }
}
