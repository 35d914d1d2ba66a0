@testable import GroupCore

/// Requests built by hand, for coordinator tests that speak the protocol directly.
enum Fixtures {
    static func subscription(_ topics: [String], owned: [TopicPartition] = [], generation: Int32 = -1) -> [UInt8] {
        ConsumerProtocol.encode(.init(topics: topics, ownedPartitions: owned, generationId: generation))
    }

    static func join(
        group: String = "g", memberId: String = "", instance: String? = nil, session: Millis = 10_000,
        rebalance: Millis = 30_000, type: String = ConsumerProtocol.protocolType, protocols: [String] = ["range"],
        topics: [String] = ["t"]
    ) -> ClientRequest {
        .joinGroup(
            JoinGroupRequest(
                groupId: group, sessionTimeoutMs: session, rebalanceTimeoutMs: rebalance, memberId: memberId,
                groupInstanceId: instance, protocolType: type,
                protocols: protocols.map { .init(name: $0, metadata: subscription(topics)) }))
    }

    static func sync(
        group: String = "g", memberId: String, generation: Int32, instance: String? = nil,
        assignments: [(memberId: String, assignment: [UInt8])] = []
    ) -> ClientRequest {
        .syncGroup(
            SyncGroupRequest(
                groupId: group, generationId: generation, memberId: memberId, groupInstanceId: instance,
                protocolType: ConsumerProtocol.protocolType, protocolName: nil, assignments: assignments))
    }

    static func heartbeat(group: String = "g", memberId: String, generation: Int32, instance: String? = nil) -> ClientRequest {
        .heartbeat(HeartbeatRequest(groupId: group, generationId: generation, memberId: memberId, groupInstanceId: instance))
    }

    static func leave(group: String = "g", memberId: String, instance: String? = nil) -> ClientRequest {
        .leaveGroup(LeaveGroupRequest(groupId: group, members: [.init(memberId: memberId, groupInstanceId: instance)]))
    }

    static func commit(
        group: String = "g", memberId: String, generation: Int32, instance: String? = nil,
        _ offsets: [(TopicPartition, Int64)] = [(TopicPartition("t", 0), 1)]
    ) -> ClientRequest {
        .offsetCommit(
            OffsetCommitRequest(
                groupId: group, generationId: generation, memberId: memberId, groupInstanceId: instance,
                partitions: offsets.map { .init($0.0, committedOffset: $0.1) }))
    }
}

extension ClientResponse {
    var join: JoinGroupResponse? { if case .joinGroup(let r) = self { r } else { nil } }
    var sync: SyncGroupResponse? { if case .syncGroup(let r) = self { r } else { nil } }
}

extension MembershipEvent {
    var isError: Bool { if case .error = self { true } else { false } }
    var revokedPartitions: [TopicPartition]? { if case .revoked(let p) = self { p } else { nil } }
    var lostPartitions: [TopicPartition]? { if case .lost(let p) = self { p } else { nil } }
}

extension CoordinatorEvent.Kind {
    var isRebalanceStarted: Bool { if case .rebalanceStarted = self { true } else { false } }
    var expiredMember: String? { if case .memberExpired(let id, _) = self { id } else { nil } }
    var newState: GroupState? { if case .stateChanged(_, let to) = self { to } else { nil } }
}
