/// What the coordinator did that a person watching the group would want to see.
public struct CoordinatorEvent: Sendable {
    public var time: Millis
    public var groupId: String
    public var kind: Kind

    public struct Move: Sendable, Equatable {
        public var partition: TopicPartition
        /// The previous owner's member id, nil if the partition had none.
        public var from: String?
        public var to: String
    }

    public enum Kind: Sendable {
        /// A new member was added (after MEMBER_ID_REQUIRED when dynamic).
        case memberJoined(memberId: String, clientId: String, groupInstanceId: String?)
        /// A static member's instance came back with a new member id; the old id is fenced.
        case staticMemberReplaced(oldMemberId: String, newMemberId: String, groupInstanceId: String)
        case memberLeft(memberId: String, reason: String)
        /// No heartbeat within session.timeout.ms.
        case memberExpired(memberId: String, sessionTimeoutMs: Millis)
        /// Did not rejoin within the rebalance timeout.
        case memberRemovedNotRejoined(memberId: String)
        /// Joined but did not send SyncGroup within the rebalance timeout.
        case memberRemovedNotSynced(memberId: String)
        case stateChanged(from: GroupState, to: GroupState)
        /// The group entered PreparingRebalance; `generation` is the one being replaced.
        case rebalanceStarted(generation: Int32, reason: String)
        /// The join phase ended: a new generation, its protocol and leader.
        case joinCompleted(generation: Int32, protocolName: String?, leader: String?, members: [String])
        /// The leader's assignment was handed out; the group is Stable.
        case assignmentCompleted(
            generation: Int32, protocolName: String, assignment: [(memberId: String, partitions: [TopicPartition])],
            moved: [Move], revoked: [(memberId: String, partitions: [TopicPartition])], durationMs: Millis)
        case offsetsCommitted(memberId: String, partitions: Int)
    }
}
