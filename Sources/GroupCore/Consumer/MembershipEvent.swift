/// What a consumer's membership logic tells its application (Kafka's rebalance listener callbacks and errors).
public enum MembershipEvent: Sendable, Equatable {
    /// JoinGroup answered: this member is in `generation`.
    case joined(memberId: String, generation: Int32, protocolName: String, isLeader: Bool)
    /// The member now owns these partitions in addition to what it kept (onPartitionsAssigned).
    case assigned(added: [TopicPartition], owned: [TopicPartition])
    /// Given up in an orderly way; offsets were committed first when auto-commit is on (onPartitionsRevoked).
    case revoked([TopicPartition])
    /// Taken away without a chance to commit: the member was fenced or expired (onPartitionsLost).
    case lost([TopicPartition])
    case committed([TopicPartition: Int64])
    case commitFailed(KafkaError)
    /// A commit refused before anything was sent, because the member is not Stable (the exception Kafka throws).
    case commitRefused(String)
    /// The member knows a rebalance is needed and will rejoin at its next poll.
    case rejoinRequested(reason: String)
    /// `max.poll.interval.ms` passed without a poll: the member leaves the group on its own.
    case pollTimeout
    /// No valid committed offset and `auto.offset.reset=none`, or a fatal protocol error (fenced, inconsistent).
    case error(String)
}
