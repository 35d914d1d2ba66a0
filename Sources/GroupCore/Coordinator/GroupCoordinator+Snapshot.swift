/// What the broker side knows about a group at one instant: its state, its members and their assignments
/// (decoded from the consumer protocol), and per partition the committed offset, lag and time lag.
/// This is the view a monitor of a real cluster has; the simulation adds what only its members know.
public struct GroupSnapshot: Sendable, Equatable {
    public struct Member: Sendable, Equatable {
        public var memberId: String
        public var clientId: String
        public var groupInstanceId: String?
        /// Decoded from the member's assignment bytes; empty while the group is not Stable.
        public var assignment: [TopicPartition]
    }

    public struct Partition: Sendable, Equatable {
        public var partition: TopicPartition
        /// The member id the current assignment gives it to, nil when none does.
        public var owner: String?
        public var committedOffset: Int64?
        public var logEndOffset: Int64
        /// kafka-consumer-groups' LAG: log-end offset − committed offset; nil when nothing is committed.
        public var lag: Int64?
        public var timeLagMs: Millis
    }

    public var groupId: String
    public var state: GroupState
    public var generationId: Int32
    public var protocolName: String?
    public var leaderId: String?
    public var members: [Member]
    /// Every partition of the topics the members subscribe to, and every partition with a committed offset.
    public var partitions: [Partition]
}

extension GroupCoordinator {
    /// Snapshots of every group, sorted by group id.
    public func snapshot(log: ClusterLog, now: Millis) -> [GroupSnapshot] {
        groups.keys.sorted().map { snapshot(of: groups[$0]!, log: log, now: now) }
    }

    private func snapshot(of group: ClassicGroup, log: ClusterLog, now: Millis) -> GroupSnapshot {
        let consumer = group.protocolType == ConsumerProtocol.protocolType
        let stable = group.state == .stable
        var owners: [TopicPartition: String] = [:]
        var topics = Set<String>()
        let members = group.allMembers.map { member -> GroupSnapshot.Member in
            let assignment =
                consumer && stable ? ((try? ConsumerProtocol.decodeAssignment(member.assignment)) ?? []).sorted() : []
            for tp in assignment { owners[tp] = member.memberId }
            if consumer, let name = group.protocolName ?? member.protocols.first?.name, let metadata = member.metadata(for: name),
                let subscription = try? ConsumerProtocol.decodeSubscription(metadata)
            {
                topics.formUnion(subscription.topics)
            }
            return .init(
                memberId: member.memberId, clientId: member.clientId, groupInstanceId: member.groupInstanceId,
                assignment: assignment)
        }
        var partitions = Set(group.offsets.keys)
        for topic in topics {
            guard let index = log.topicIndex(topic) else { continue }
            for p in log.topics[index].partitions.indices { partitions.insert(TopicPartition(topic, Int32(p))) }
        }
        return GroupSnapshot(
            groupId: group.groupId, state: group.state, generationId: group.generationId, protocolName: group.protocolName,
            leaderId: group.leaderId, members: members,
            partitions: partitions.sorted().map { tp in
                let partitionLog = log.partition(tp) ?? PartitionLog()
                let committed = group.offsets[tp]
                return .init(
                    partition: tp, owner: owners[tp], committedOffset: committed, logEndOffset: partitionLog.logEndOffset,
                    lag: partitionLog.consumerLag(committed: committed),
                    timeLagMs: partitionLog.timeLag(position: partitionLog.resumePosition(committed: committed), now: now))
            })
    }
}
