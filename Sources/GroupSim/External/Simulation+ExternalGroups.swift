import GroupCore

/// Broker mode: real consumers in the simulation's groups, through the same `GroupCoordinator` as simulated members.
extension Simulation {
    /// Hands a real client's group request to the coordinator, now. Its answer (at once, or later for JoinGroup and
    /// SyncGroup, which the coordinator parks) comes out of `takeExternalResponses()` under the returned ticket.
    /// Nil when the request names a member whose connections the dashboard dropped: a crashed process sends nothing.
    public func submitExternal(_ request: ClientRequest, clientId: String, host: String) -> Int32? {
        if !started { startMembers() }
        forgetExpiredIgnoredMembers()
        if let memberId = request.memberId, external.ignored.contains(memberId) { return nil }
        nextCorrelationId &+= 1
        let ticket = nextCorrelationId
        var name = clientId
        if case .joinGroup(let join) = request {
            name = external.members[join.memberId]?.name ?? uniqueName(clientId, group: join.groupId)
            registerExternalGroup(join)
        }
        external.tickets[ticket] = .init(name: name, clientId: clientId, host: host, groupId: request.groupId ?? "")
        // The coordinator builds member ids from the client id it sees: give it the display name, so that events and
        // panes tell two real members with the same client.id apart.
        coordinator.handle(request, header: RequestHeader(clientId: name, correlationId: ticket), now: now)
        pump()
        return ticket
    }

    /// The coordinator's answers to real clients, by ticket, in the order it gave them.
    public func takeExternalResponses() -> [(ticket: Int32, response: ClientResponse)] {
        defer { external.responses.removeAll(keepingCapacity: true) }
        return external.responses.map { header, response in
            let ticket = external.tickets.removeValue(forKey: header.correlationId)
            if case .joinGroup(let join) = response, !join.memberId.isEmpty, let ticket,
                external.members[join.memberId] == nil
            {
                external.members[join.memberId] = ExternalMember(
                    name: ticket.name, memberId: join.memberId, groupId: ticket.groupId, clientId: ticket.clientId,
                    host: ticket.host, registeredAt: now)
            }
            return (header.correlationId, response)
        }
    }

    /// Kafka's DescribeGroups and ListGroups, for admin tools.
    public func describeGroups(_ request: DescribeGroupsRequest) -> DescribeGroupsResponse {
        coordinator.describeGroups(request)
    }

    public func listGroups(_ request: ListGroupsRequest) -> ListGroupsResponse { coordinator.listGroups(request) }

    /// Real members known now, by member id.
    public var externalMembers: [ExternalMember] {
        forgetExpiredIgnoredMembers()
        return external.members.values.sorted { $0.name < $1.name }
    }

    /// Whether a display name belongs to a real member.
    public func externalMember(named name: String) -> ExternalMember? {
        external.members.values.first { $0.name == name }
    }

    /// `k` on a real member: from now on its requests are ignored, so the coordinator sees a crashed process and
    /// removes it at session expiry. The caller closes its connections.
    public func crashExternal(memberId: String) {
        guard let member = external.members[memberId] else { return }
        external.ignored.insert(memberId)
        record(
            "member.crashed", group: member.groupId,
            "\(member.name) (external, \(member.host)) dropped: connections closed, requests ignored until its session expires",
            [("member", .string(member.name)), ("external", .bool(true))])
    }

    // MARK: Bookkeeping

    /// Members the coordinator has removed are forgotten (an ignored member is ignored until then). A member id handed
    /// out with MEMBER_ID_REQUIRED is not in the group until its second JoinGroup: it is kept for a join timeout.
    private func forgetExpiredIgnoredMembers() {
        guard !external.members.isEmpty else { return }
        var live = Set<String>()
        for groupId in Set(external.members.values.map(\.groupId)) {
            for id in coordinator.groupSummary(groupId)?.memberIds ?? [] { live.insert(id) }
        }
        for (id, member) in external.members {
            if live.contains(id) {
                if !member.seenInGroup { external.members[id]?.seenInGroup = true }
            } else if member.seenInGroup || now - member.registeredAt > 60_000 {
                external.members[id] = nil
                external.ignored.remove(id)
            }
        }
    }

    private func uniqueName(_ clientId: String, group: String) -> String {
        let taken = Set(external.members.values.map(\.name))
        let simulated = Set(groups.flatMap { $0.members.map(\.name) })
        var name = clientId.isEmpty ? "client" : clientId
        var n = 2
        let base = name
        while taken.contains(name) || simulated.contains(name) {
            name = "\(base)-\(n)"
            n += 1
        }
        return name
    }

    /// A group only real members use gets a runtime of its own, so that its events and lag show like a scenario
    /// group's; its topics are those the members subscribe to.
    private func registerExternalGroup(_ join: JoinGroupRequest) {
        var topics = Set<String>()
        for entry in join.protocols {
            if let subscription = try? ConsumerProtocol.decodeSubscription(entry.metadata) {
                topics.formUnion(subscription.topics)
            }
        }
        // Topics not created yet are kept: the group's runtime is rebuilt when they appear.
        if let g = groups.firstIndex(where: { $0.spec.id == join.groupId }) {
            // A scenario group keeps its runtime; a group of real members grows with their subscriptions.
            guard groups[g].members.isEmpty, !topics.isSubset(of: Set(groups[g].spec.topics)) else { return }
            rebuildExternalGroup(g, topics: Set(groups[g].spec.topics).union(topics))
            return
        }
        groups.append(
            GroupRuntime(
                spec: GroupSpec(id: join.groupId, topics: topics.sorted(), members: 0), partitionsPerTopic: log.partitionsPerTopic
            ))
    }

    /// A group with only real members gets a fresh runtime over `topics` (partitions change when topics appear),
    /// keeping its counters.
    func rebuildExternalGroup(_ g: Int, topics: Set<String>) {
        var runtime = GroupRuntime(
            spec: GroupSpec(id: groups[g].spec.id, topics: topics.sorted(), members: 0),
            partitionsPerTopic: log.partitionsPerTopic)
        runtime.rebalances = groups[g].rebalances
        runtime.partitionsMoved = groups[g].partitionsMoved
        runtime.rebalanceReason = groups[g].rebalanceReason
        groups[g] = runtime
    }
}

extension ClientRequest {
    /// The member id a group request names, if any.
    var memberId: String? {
        switch self {
        case .joinGroup(let r): r.memberId.isEmpty ? nil : r.memberId
        case .syncGroup(let r): r.memberId
        case .heartbeat(let r): r.memberId
        case .leaveGroup(let r): r.members.first?.memberId
        case .offsetCommit(let r): r.memberId.isEmpty ? nil : r.memberId
        case .offsetFetch, .listOffsets: nil
        }
    }

    var groupId: String? {
        switch self {
        case .joinGroup(let r): r.groupId
        case .syncGroup(let r): r.groupId
        case .heartbeat(let r): r.groupId
        case .leaveGroup(let r): r.groupId
        case .offsetCommit(let r): r.groupId
        case .offsetFetch(let r): r.groupId
        case .listOffsets: nil
        }
    }
}
