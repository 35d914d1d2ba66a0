import GroupCore
import GroupSim
import KafkaWire
import NIOCore

/// The classic group protocol for real clients: each request becomes the coordinator's own request type and goes to the
/// same `GroupCoordinator` the simulated members use; its answer (at once, or when the coordinator releases a parked
/// JoinGroup/SyncGroup) becomes the wire response at the request's version.
enum GroupAPI {
    static func serve(_ body: KafkaRequest, _ context: RequestContext) {
        if case .offsetFetch(let fetch) = body, context.version >= 8, fetch.groups.count > 1 {
            serveBatchedOffsetFetch(fetch, context)
            return
        }
        guard let request = coordinatorRequest(body, version: context.version) else {
            context.respond(errorResponse(body, KafkaErrorCode.invalidGroupId))
            return
        }
        if case .joinGroup(let join) = request, join.groupId.isEmpty {
            context.respond(errorResponse(body, KafkaErrorCode.invalidGroupId))
            return
        }
        guard
            let ticket = context.simulation.submitExternal(
                request, clientId: context.clientId, host: context.connection.host)
        else {
            // A member the dashboard dropped: it is a crashed process until its session expires.
            context.promise.succeed(.close("member dropped from the dashboard: ignored until its session expires"))
            return
        }
        if let memberId = request.memberIdForConnection { context.state.noteMember(memberId, on: context.connection) }
        let promise = context.host.loop.makePromise(of: ClientResponse.self)
        context.state.awaitGroupAnswer(ticket: ticket, promise: promise)
        let version = context.version
        let connection = context.connection
        let state = context.state
        let answer = context.promise
        promise.futureResult.assumeIsolated().whenComplete { result in
            switch result {
            case .success(let response):
                if case .joinGroup(let join) = response, !join.memberId.isEmpty {
                    state.noteMember(join.memberId, on: connection)
                }
                answer.succeed(.response(wireResponse(response, for: body, version: version)))
            case .failure(let error):
                answer.fail(error)
            }
        }
    }

    /// OffsetFetch v8+ names several groups (admin tools and monitors batch them): each group is fetched as its own
    /// coordinator request and the answers are joined in the request's group order, as Kafka's response lists them.
    private static func serveBatchedOffsetFetch(_ fetch: KafkaWire.OffsetFetchRequest, _ context: RequestContext) {
        let answers = fetch.groups.map { group -> EventLoopFuture<Answer> in
            var single = fetch
            single.groups = [group]
            let promise = context.host.loop.makePromise(of: Answer.self)
            serve(
                .offsetFetch(single),
                RequestContext(
                    simulation: context.simulation, state: context.state, host: context.host, header: context.header,
                    connection: context.connection, promise: promise))
            return promise.futureResult
        }
        let answer = context.promise
        EventLoopFuture.whenAllSucceed(answers, on: context.host.loop).whenComplete { result in
            switch result {
            case .success(let parts):
                var joined = KafkaWire.OffsetFetchResponse()
                for part in parts {
                    switch part {
                    case .response(.offsetFetch(let response)): joined.groups += response.groups
                    case .close, .none, .response, .fetch: answer.succeed(part); return
                    }
                }
                answer.succeed(.response(.offsetFetch(joined)))
            case .failure(let error):
                answer.fail(error)
            }
        }
    }

    // MARK: Wire → coordinator

    static func coordinatorRequest(_ body: KafkaRequest, version: Int16) -> ClientRequest? {
        switch body {
        case .joinGroup(let r):
            return .joinGroup(
                GroupCore.JoinGroupRequest(
                    groupId: r.groupId, sessionTimeoutMs: Millis(r.sessionTimeoutMs),
                    // v0 has no rebalance timeout: Kafka uses the session timeout.
                    rebalanceTimeoutMs: Millis(version == 0 ? r.sessionTimeoutMs : r.rebalanceTimeoutMs),
                    memberId: r.memberId, groupInstanceId: r.groupInstanceId, protocolType: r.protocolType,
                    protocols: r.protocols.map { .init(name: $0.name, metadata: $0.metadata) }, reason: r.reason))
        case .syncGroup(let r):
            return .syncGroup(
                GroupCore.SyncGroupRequest(
                    groupId: r.groupId, generationId: r.generationId, memberId: r.memberId,
                    groupInstanceId: r.groupInstanceId, protocolType: r.protocolType, protocolName: r.protocolName,
                    assignments: r.assignments.map { ($0.memberId, $0.assignment) }))
        case .heartbeat(let r):
            return .heartbeat(
                GroupCore.HeartbeatRequest(
                    groupId: r.groupId, generationId: r.generationId, memberId: r.memberId,
                    groupInstanceId: r.groupInstanceId))
        case .leaveGroup(let r):
            // v0–2 name one member; v3+ a batch.
            let members =
                version < 3
                ? [GroupCore.LeaveGroupRequest.Member(memberId: r.memberId)]
                : r.members.map { .init(memberId: $0.memberId, groupInstanceId: $0.groupInstanceId, reason: $0.reason) }
            return .leaveGroup(GroupCore.LeaveGroupRequest(groupId: r.groupId, members: members))
        case .offsetCommit(let r):
            return .offsetCommit(
                GroupCore.OffsetCommitRequest(
                    groupId: r.groupId, generationId: r.generationIdOrMemberEpoch, memberId: r.memberId,
                    groupInstanceId: r.groupInstanceId,
                    partitions: r.topics.flatMap { topic in
                        topic.partitions.map {
                            .init(TopicPartition(topic.name, $0.partitionIndex), committedOffset: $0.committedOffset)
                        }
                    }))
        case .offsetFetch(let r):
            // v8+ carries a groups array; `serve` splits a batch into one request per group before this point.
            if version >= 8 {
                guard let group = r.groups.first else { return nil }
                return .offsetFetch(
                    GroupCore.OffsetFetchRequest(
                        groupId: group.groupId,
                        partitions: group.topics.map { topics in
                            topics.flatMap { t in t.partitionIndexes.map { TopicPartition(t.name, $0) } }
                        }))
            }
            return .offsetFetch(
                GroupCore.OffsetFetchRequest(
                    groupId: r.groupId,
                    partitions: r.topics.map { topics in
                        topics.flatMap { t in t.partitionIndexes.map { TopicPartition(t.name, $0) } }
                    }))
        default:
            return nil
        }
    }

    // MARK: Coordinator → wire

    static func wireResponse(_ response: ClientResponse, for body: KafkaRequest, version: Int16) -> KafkaResponse {
        switch response {
        case .joinGroup(let r):
            return .joinGroup(
                KafkaWire.JoinGroupResponse(
                    errorCode: r.errorCode.rawValue, generationId: r.generationId,
                    protocolType: r.protocolType, protocolName: r.protocolName ?? (version < 7 ? "" : nil),
                    leader: r.leader, skipAssignment: r.skipAssignment, memberId: r.memberId,
                    members: r.members.map {
                        .init(memberId: $0.memberId, groupInstanceId: $0.groupInstanceId, metadata: $0.metadata)
                    }))
        case .syncGroup(let r):
            return .syncGroup(
                KafkaWire.SyncGroupResponse(
                    errorCode: r.errorCode.rawValue, protocolType: r.protocolType, protocolName: r.protocolName,
                    assignment: r.assignment))
        case .heartbeat(let r):
            return .heartbeat(KafkaWire.HeartbeatResponse(errorCode: r.errorCode.rawValue))
        case .leaveGroup(let r):
            // v0–2 carry only the top-level error: the one member's.
            let error = version < 3 ? (r.members.first?.errorCode ?? r.errorCode) : r.errorCode
            return .leaveGroup(
                KafkaWire.LeaveGroupResponse(
                    errorCode: error.rawValue,
                    members: version < 3
                        ? []
                        : r.members.map {
                            .init(memberId: $0.memberId, groupInstanceId: $0.groupInstanceId, errorCode: $0.errorCode.rawValue)
                        }))
        case .offsetCommit(let r):
            return .offsetCommit(
                KafkaWire.OffsetCommitResponse(
                    topics: grouped(r.partitions.map { ($0.topicPartition, $0.errorCode.rawValue) }).map { topic, partitions in
                        .init(name: topic, partitions: partitions.map { .init(partitionIndex: $0.0, errorCode: $0.1) })
                    }))
        case .offsetFetch(let r):
            let topics = grouped(r.partitions.map { ($0.topicPartition, $0.committedOffset) })
            if version >= 8 {
                guard case .offsetFetch(let request) = body, let group = request.groups.first else {
                    return .offsetFetch(KafkaWire.OffsetFetchResponse())
                }
                return .offsetFetch(
                    KafkaWire.OffsetFetchResponse(
                        groups: [
                            .init(
                                groupId: group.groupId,
                                topics: topics.map { topic, partitions in
                                    .init(
                                        name: topic,
                                        partitions: partitions.map {
                                            .init(
                                                partitionIndex: $0.0, committedOffset: $0.1, committedLeaderEpoch: -1,
                                                metadata: "")
                                        })
                                }, errorCode: r.errorCode.rawValue)
                        ]))
            }
            return .offsetFetch(
                KafkaWire.OffsetFetchResponse(
                    topics: topics.map { topic, partitions in
                        .init(
                            name: topic,
                            partitions: partitions.map {
                                .init(partitionIndex: $0.0, committedOffset: $0.1, committedLeaderEpoch: -1, metadata: "")
                            })
                    }, errorCode: r.errorCode.rawValue))
        case .listOffsets:
            return errorResponse(body, KafkaErrorCode.unknownServerError)
        }
    }

    /// (partition, value) pairs grouped by topic in first-seen order, as Kafka's responses list them.
    static func grouped<T>(_ items: [(TopicPartition, T)]) -> [(String, [(Int32, T)])] {
        var order: [String] = []
        var byTopic: [String: [(Int32, T)]] = [:]
        for (tp, value) in items {
            if byTopic[tp.topic] == nil { order.append(tp.topic) }
            byTopic[tp.topic, default: []].append((tp.partition, value))
        }
        return order.map { ($0, byTopic[$0] ?? []) }
    }

    /// A whole-request error answer.
    static func errorResponse(_ body: KafkaRequest, _ error: Int16) -> KafkaResponse {
        switch body {
        case .joinGroup: .joinGroup(KafkaWire.JoinGroupResponse(errorCode: error, generationId: -1, protocolName: ""))
        case .syncGroup: .syncGroup(KafkaWire.SyncGroupResponse(errorCode: error))
        case .heartbeat: .heartbeat(KafkaWire.HeartbeatResponse(errorCode: error))
        case .leaveGroup: .leaveGroup(KafkaWire.LeaveGroupResponse(errorCode: error))
        case .offsetCommit(let r):
            .offsetCommit(
                KafkaWire.OffsetCommitResponse(
                    topics: r.topics.map { t in
                        .init(
                            name: t.name,
                            partitions: t.partitions.map { .init(partitionIndex: $0.partitionIndex, errorCode: error) })
                    }))
        case .offsetFetch(let r):
            .offsetFetch(
                KafkaWire.OffsetFetchResponse(
                    errorCode: error, groups: r.groups.map { .init(groupId: $0.groupId, topics: [], errorCode: error) }))
        default: .heartbeat(KafkaWire.HeartbeatResponse(errorCode: error))
        }
    }

    // MARK: Admin

    static func describeGroups(_ r: KafkaWire.DescribeGroupsRequest, _ context: RequestContext)
        -> KafkaWire.DescribeGroupsResponse
    {
        let described = context.simulation.describeGroups(GroupCore.DescribeGroupsRequest(groupIds: r.groups))
        let external = Dictionary(
            context.simulation.externalMembers.map { ($0.memberId, $0) }, uniquingKeysWith: { a, _ in a })
        return KafkaWire.DescribeGroupsResponse(
            groups: described.groups.map { group in
                .init(
                    errorCode: group.errorCode.rawValue, groupId: group.groupId, groupState: group.groupState,
                    protocolType: group.protocolType, protocolData: group.protocolData,
                    members: group.members.map { member in
                        let real = external[member.memberId]
                        return .init(
                            memberId: member.memberId, groupInstanceId: member.groupInstanceId,
                            clientId: real?.clientId ?? member.clientId, clientHost: real?.host ?? "/sim",
                            memberMetadata: member.memberMetadata, memberAssignment: member.memberAssignment)
                    })
            })
    }

    static func listGroups(_ r: KafkaWire.ListGroupsRequest, _ context: RequestContext) -> KafkaWire.ListGroupsResponse {
        let listed = context.simulation.listGroups(GroupCore.ListGroupsRequest(statesFilter: r.statesFilter))
        // Every group here is a classic group (ListGroups v5's type filter).
        let typeMatches = r.typesFilter.isEmpty || r.typesFilter.contains { $0.lowercased() == "classic" }
        return KafkaWire.ListGroupsResponse(
            errorCode: listed.errorCode.rawValue,
            groups: typeMatches
                ? listed.groups.map {
                    .init(groupId: $0.groupId, protocolType: $0.protocolType, groupState: $0.groupState, groupType: "classic")
                } : [])
    }
}

extension ClientRequest {
    /// The member id a request shows this connection belongs to.
    var memberIdForConnection: String? {
        switch self {
        case .joinGroup(let r): r.memberId.isEmpty ? nil : r.memberId
        case .syncGroup(let r): r.memberId
        case .heartbeat(let r): r.memberId
        case .offsetCommit(let r): r.memberId.isEmpty ? nil : r.memberId
        default: nil
        }
    }
}
