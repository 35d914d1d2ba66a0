extension GroupCoordinator {
    /// Kafka's handleCommitOffsets: members commit within their generation; a generation of -1 is a commit
    /// from outside the group protocol, accepted only while the group has no members.
    mutating func offsetCommit(_ r: OffsetCommitRequest, now: Millis) -> OffsetCommitResponse {
        func all(_ error: KafkaError) -> OffsetCommitResponse {
            OffsetCommitResponse(partitions: r.partitions.map { ($0.topicPartition, error) })
        }
        if groups[r.groupId] == nil {
            guard r.generationId < 0 else { return all(.illegalGeneration) }
            groups[r.groupId] = ClassicGroup(groupId: r.groupId)
        }
        var group = groups.removeValue(forKey: r.groupId)!  // taken out: see GroupCoordinator.groups
        defer { groups[r.groupId] = group }
        if group.state == .dead { return all(.coordinatorNotAvailable) }
        if r.generationId < 0 {
            guard group.state == .empty else { return all(.unknownMemberId) }
        } else {
            if let error = validateMember(group, memberId: r.memberId, instanceId: r.groupInstanceId) { return all(error) }
            // Generation first, as Kafka's validateOffsetCommit: a commit from the previous generation arriving after
            // the join phase ended is stale; only a member of the new generation is told to finish the rebalance.
            guard r.generationId == group.generationId else { return all(.illegalGeneration) }
            if group.state == .completingRebalance { return all(.rebalanceInProgress) }
            // A commit counts as a sign of life in Stable and PreparingRebalance (OffsetMetadataManager.validateOffsetCommit).
            if group.state == .stable || group.state == .preparingRebalance { restartSession(&group, r.memberId, now: now) }
        }
        for p in r.partitions { group.offsets[p.topicPartition] = p.committedOffset }
        if !r.partitions.isEmpty {
            emit(now, group.groupId, .offsetsCommitted(memberId: r.memberId, partitions: r.partitions.count))
        }
        return all(.none)
    }

    func offsetFetch(_ r: OffsetFetchRequest) -> OffsetFetchResponse {
        guard let group = groups[r.groupId] else {
            return OffsetFetchResponse(partitions: (r.partitions ?? []).map { ($0, -1) }, errorCode: .none)
        }
        let wanted = r.partitions ?? group.offsets.keys.sorted()
        return OffsetFetchResponse(partitions: wanted.map { ($0, group.offsets[$0] ?? -1) }, errorCode: .none)
    }

    /// The committed offset of one partition, nil when none (a read for snapshots, not a protocol request).
    public func committedOffset(group groupId: String, _ tp: TopicPartition) -> Int64? {
        groups[groupId]?.offsets[tp]
    }
}

extension GroupCoordinator {
    public func describeGroups(_ r: DescribeGroupsRequest) -> DescribeGroupsResponse {
        DescribeGroupsResponse(
            groups: r.groupIds.map { id in
                guard let group = groups[id] else {
                    return DescribedGroup(
                        errorCode: .none, groupId: id, groupState: GroupState.dead.rawValue, protocolType: "", protocolData: "",
                        members: [])
                }
                let stable = group.state == .stable
                return DescribedGroup(
                    errorCode: .none, groupId: id, groupState: group.state.rawValue, protocolType: group.protocolType ?? "",
                    protocolData: group.protocolName ?? "",
                    members: group.allMembers.map {
                        // As in Kafka, metadata and assignments are shown only when the group is Stable.
                        DescribedGroup.Member(
                            memberId: $0.memberId, groupInstanceId: $0.groupInstanceId, clientId: $0.clientId,
                            memberMetadata: stable ? ($0.metadata(for: group.protocolName ?? "") ?? []) : [],
                            memberAssignment: stable ? $0.assignment : [])
                    })
            })
    }

    public func listGroups(_ r: ListGroupsRequest) -> ListGroupsResponse {
        ListGroupsResponse(
            errorCode: .none,
            groups: groups.keys.sorted().compactMap { id in
                let group = groups[id]!
                guard r.statesFilter.isEmpty || r.statesFilter.contains(group.state.rawValue) else { return nil }
                return (id, group.protocolType ?? "", group.state.rawValue)
            })
    }

    /// A richer read for dashboards: the generation and leader, which DescribeGroups does not carry.
    public func groupSummary(_ groupId: String) -> GroupSummary? {
        guard let group = groups[groupId] else { return nil }
        return GroupSummary(
            groupId: groupId, state: group.state, generationId: group.generationId, protocolName: group.protocolName,
            leaderId: group.leaderId, memberIds: group.memberOrder,
            pendingSyncMembers: group.pendingSyncMembers.sorted(), rebalanceStartedAt: group.rebalanceStartedAt,
            sessionDeadlines: Dictionary(
                uniqueKeysWithValues: group.allMembers.compactMap { m in sessionDeadline(m).map { (m.memberId, $0) } }))
    }
}

public struct GroupSummary: Sendable, Equatable {
    public var groupId: String
    public var state: GroupState
    public var generationId: Int32
    public var protocolName: String?
    public var leaderId: String?
    public var memberIds: [String]
    public var pendingSyncMembers: [String]
    public var rebalanceStartedAt: Millis?
    /// Member id → the instant its session expires unless it heartbeats; absent while it is parked in a join or sync.
    public var sessionDeadlines: [String: Millis]
}
