extension ConsumerMembership {
    /// Feeds back the answer to a request this member sent; returns what it sends next.
    public mutating func receive(_ response: ClientResponse, now: Millis, requested: ClientRequest? = nil) -> [ClientRequest] {
        guard isRunning else { return [] }
        switch response {
        case .joinGroup(let r): return joinResponse(r, now: now)
        case .syncGroup(let r): return syncResponse(r, now: now)
        case .heartbeat(let r): heartbeatResponse(r.errorCode); return []
        case .leaveGroup: return []
        case .offsetCommit(let r): commitResponse(r, requested: requested); return []
        case .offsetFetch(let r): return offsetFetchResponse(r)
        case .listOffsets(let r): listOffsetsResponse(r); return []
        }
    }

    private mutating func joinResponse(_ r: JoinGroupResponse, now: Millis) -> [ClientRequest] {
        guard state == .joining else { return [] }
        switch r.errorCode {
        case .none:
            memberId = r.memberId
            generation = r.generationId
            protocolName = r.protocolName
            isLeader = r.leader == r.memberId
            events.append(
                .joined(memberId: memberId, generation: generation, protocolName: r.protocolName ?? "", isLeader: isLeader))
            state = .syncing
            heartbeatInFlight = false
            nextHeartbeatAt = now + config.heartbeatIntervalMs
            var assignments: [(memberId: String, assignment: [UInt8])] = []
            if isLeader && !r.skipAssignment { assignments = leaderAssignment(r) }
            return [
                .syncGroup(
                    SyncGroupRequest(
                        groupId: config.groupId, generationId: generation, memberId: memberId,
                        groupInstanceId: config.groupInstanceId,
                        protocolType: r.protocolType, protocolName: r.protocolName, assignments: assignments))
            ]
        case .memberIdRequired:
            memberId = r.memberId
            return [rejoin()]
        case .unknownMemberId, .illegalGeneration:
            resetGeneration("rebalance failed due to \(r.errorCode)", resetMemberId: r.errorCode != .illegalGeneration)
            return [rejoin()]
        case .rebalanceInProgress:
            // AbstractCoordinator.JoinGroupResponseHandler: non-fatal, retried.
            return [rejoin()]
        case .fencedInstanceId:
            fail(
                "JoinGroup failed: FENCED_INSTANCE_ID (group.instance.id \(config.groupInstanceId ?? "") was fenced by another instance)"
            )
            return []
        case .coordinatorNotAvailable, .notCoordinator:
            state = .unjoined
            joinPrepared = false
            return []
        default:
            fail("JoinGroup failed: \(r.errorCode)")
            return []
        }
    }

    private mutating func rejoin() -> ClientRequest {
        state = .joining
        return joinRequest()
    }

    private mutating func syncResponse(_ r: SyncGroupResponse, now: Millis) -> [ClientRequest] {
        guard state == .syncing else { return [] }
        switch r.errorCode {
        case .none:
            let assigned = ((try? ConsumerProtocol.decodeAssignment(r.assignment)) ?? []).sorted()
            return completeJoin(assigned, now: now)
        case .rebalanceInProgress:
            // Another join phase began before the assignment came: join again at once, keeping id and generation.
            return [rejoin()]
        case .unknownMemberId, .illegalGeneration:
            // SyncGroupResponseHandler: the member id survives ILLEGAL_GENERATION.
            resetGeneration("rebalance failed due to \(r.errorCode)", resetMemberId: r.errorCode != .illegalGeneration)
            return [rejoin()]
        default:
            fail("SyncGroup failed: \(r.errorCode)")
            return []
        }
    }

    /// Kafka's onJoinComplete.
    private mutating func completeJoin(_ assigned: [TopicPartition], now: Millis) -> [ClientRequest] {
        let assignedSet = Set(assigned)
        let ownedSet = Set(owned)
        let added = assigned.filter { !ownedSet.contains($0) }
        let revoked = owned.filter { !assignedSet.contains($0) }
        state = .stable
        rejoinNeeded = false
        joinPrepared = false
        previousAssignment = (assigned, generation)
        if !revoked.isEmpty {
            // Cooperative: give up only what was taken away, then rejoin so it can be handed on.
            events.append(.revoked(revoked))
            for tp in revoked { positions[tp] = nil }
            rejoinNeeded = true
            rejoinReason = "need to revoke partitions and re-join"
            events.append(.rejoinRequested(reason: rejoinReason))
        }
        owned = assigned
        events.append(.assigned(added: added, owned: assigned))
        let missing = assigned.filter { positions[$0] == nil }
        guard !missing.isEmpty else { return [] }
        return [.offsetFetch(OffsetFetchRequest(groupId: config.groupId, partitions: missing))]
    }

    /// The leader runs the chosen assignor over every member's subscription.
    private func leaderAssignment(_ r: JoinGroupResponse) -> [(memberId: String, assignment: [UInt8])] {
        guard let name = r.protocolName, let strategy = AssignmentStrategy(name: name) else { return [] }
        let members = r.members.map { m -> MemberSubscription in
            let s = (try? ConsumerProtocol.decodeSubscription(m.metadata)) ?? ConsumerProtocol.Subscription(topics: [])
            var owned = s.ownedPartitions, ownedGeneration = s.generationId
            if strategy == .sticky {
                // StickyAssignor.memberData: an eager member revoked everything; its claim is in the user data.
                let previous = s.userData.flatMap { try? StickyUserData.decode($0) }
                owned = previous?.partitions ?? []
                ownedGeneration = previous?.generation ?? -1
            }
            return MemberSubscription(
                memberId: m.memberId, groupInstanceId: m.groupInstanceId, topics: s.topics,
                ownedPartitions: owned, generation: ownedGeneration)
        }
        var known: [String: Int] = [:]
        for member in members {
            for topic in member.topics { if let n = partitionsPerTopic[topic] { known[topic] = n } }
        }
        let result = strategy.assignor.assign(GroupSubscription(members: members, partitionsPerTopic: known))
        return members.map { ($0.memberId, ConsumerProtocol.encodeAssignment((result[$0.memberId] ?? []).sorted())) }
    }

    private mutating func heartbeatResponse(_ error: KafkaError) {
        heartbeatInFlight = false
        switch error {
        case .none: break
        case .rebalanceInProgress:
            if state == .stable { requestRejoin("group is rebalancing") }
        case .unknownMemberId, .illegalGeneration:
            // HeartbeatResponseHandler: the member id survives ILLEGAL_GENERATION.
            if state == .stable || state == .syncing {
                resetGeneration("heartbeat failed: \(error)", resetMemberId: error != .illegalGeneration)
                state = .unjoined
                events.append(.rejoinRequested(reason: "heartbeat failed: \(error)"))
            }
        case .fencedInstanceId:
            resetGeneration("heartbeat failed: \(error)")
            fail(
                "heartbeat failed: FENCED_INSTANCE_ID (another instance with group.instance.id \(config.groupInstanceId ?? "") joined)"
            )
        default: break
        }
    }

    /// ConsumerCoordinator.OffsetCommitResponseHandler.
    private mutating func commitResponse(_ r: OffsetCommitResponse, requested: ClientRequest?) {
        guard case .offsetCommit(let sent)? = requested else { return }
        guard r.errorCode == .none else {
            events.append(.commitFailed(r.errorCode))
            let generationUnchanged = sent.generationId == generation && sent.memberId == memberId
            switch r.errorCode {
            case .rebalanceInProgress:
                requestRejoin("offset commit failed since group is already rebalancing")
            case .unknownMemberId, .illegalGeneration:
                // A stale answer while the member is already rebalancing only fails the commit.
                guard generationUnchanged || !(state == .joining || state == .syncing) else { break }
                resetGeneration(
                    "encountered \(r.errorCode) from OFFSET_COMMIT response", resetMemberId: r.errorCode != .illegalGeneration)
                state = .unjoined
                events.append(.rejoinRequested(reason: rejoinReason))
            case .fencedInstanceId:
                if generationUnchanged { fail("offset commit failed: FENCED_INSTANCE_ID") }
            default: break
            }
            return
        }
        var done: [TopicPartition: Int64] = [:]
        for p in sent.partitions { done[p.topicPartition] = p.committedOffset }
        recordCommitted(done)
        events.append(.committed(done))
    }

    /// Committed offsets tell where to start; missing or out-of-range ones follow `auto.offset.reset`.
    private mutating func offsetFetchResponse(_ r: OffsetFetchResponse) -> [ClientRequest] {
        var reset: [TopicPartition] = []
        for (tp, committed) in r.partitions where owned.contains(tp) && positions[tp] == nil {
            if committed >= 0 {
                positions[tp] = committed
                recordCommitted([tp: committed])
            } else {
                reset.append(tp)
            }
        }
        return resetPositions(reset)
    }

    /// Applies `auto.offset.reset` to partitions with no valid position (none committed, or out of range
    /// after retention deleted the data): asks the partition leader for the earliest or latest offset.
    public mutating func resetPositions(_ partitions: [TopicPartition]) -> [ClientRequest] {
        guard !partitions.isEmpty else { return [] }
        switch config.autoOffsetReset {
        case .earliest: return [.listOffsets(ListOffsetsRequest(partitions: partitions.map { ($0, .earliest) }))]
        case .latest: return [.listOffsets(ListOffsetsRequest(partitions: partitions.map { ($0, .latest) }))]
        case .none:
            fail(
                "NoOffsetForPartitionException: undefined offset with no reset policy for partitions: \(partitions.map(\.description).joined(separator: ", "))"
            )
            return []
        }
    }

    private mutating func listOffsetsResponse(_ r: ListOffsetsResponse) {
        for (tp, offset) in r.partitions where owned.contains(tp) {
            if let offset { positions[tp] = offset }
        }
    }
}
