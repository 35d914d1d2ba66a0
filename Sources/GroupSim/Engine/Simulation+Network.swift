import GroupCore

extension Simulation {
    /// Starts (or restarts) a member's consumer process with a fresh membership.
    func start(group g: Int, member m: Int) {
        // Whatever the previous process reported and nobody collected yet is recorded before it is replaced.
        handleMembershipEvents(group: g, member: m)
        let spec = groups[g].spec
        var config = spec.memberConfig(groups[g].members[m].number)
        config.partitionAssignmentStrategy = groups[g].spec.config.partitionAssignmentStrategy
        groups[g].members[m].incarnation += 1
        groups[g].members[m].process = .running
        groups[g].members[m].membership = ConsumerMembership(
            config: config, topics: spec.topics, partitionsPerTopic: log.partitionsPerTopic, now: now)
        groups[g].members[m].clearBatch()
        groups[g].members[m].slotsPositionsRevision = nil
        groups[g].members[m].capacity = 0
        groups[g].members[m].inbox = []
        send(groups[g].members[m].membership!.poll(now: now), group: g, member: m)
    }

    /// Sends a member's requests: ListOffsets to the partition leader (the log), the rest to the coordinator;
    /// then delivers whatever answers that produced, until nothing is left to deliver.
    func send(_ requests: [ClientRequest], group g: Int, member m: Int) {
        // The member's own events (a poll timeout, an eager revocation) are recorded at the instant they happen,
        // whether or not a request goes out.
        handleMembershipEvents(group: g, member: m)
        guard !requests.isEmpty else { return }
        let member = groups[g].members[m]
        for request in requests {
            nextCorrelationId &+= 1
            let header = RequestHeader(clientId: member.clientId, correlationId: nextCorrelationId)
            inFlight[header.correlationId] = (g, m, member.incarnation, request)
            if case .listOffsets(let r) = request {
                let answer = ListOffsetsResponse(partitions: r.partitions.map { ($0.0, log.listOffset($0.0, $0.1)) })
                deliver(.listOffsets(answer), to: header)
            } else {
                coordinator.handle(request, header: header, now: now)
            }
        }
        pump()
    }

    /// Delivers the coordinator's answers and reports its events, repeating while answers cause new requests.
    func pump() {
        while true {
            translate(coordinator.takeEvents())
            let responses = coordinator.takeResponses()
            guard !responses.isEmpty else { return }
            for (header, response) in responses {
                deliver(response, to: header)
                pausePoint()  // a whole join wave (every member's JoinGroup and SyncGroup answered) takes tens of ms
            }
        }
    }

    private func deliver(_ response: ClientResponse, to header: RequestHeader) {
        guard let (g, m, incarnation, request) = inFlight.removeValue(forKey: header.correlationId) else {
            // Not a simulated member's request: a real client's (broker mode), answered over the network.
            external.responses.append((header, response))
            return
        }
        // An answer for a process that has since crashed or restarted goes nowhere.
        guard groups[g].members[m].incarnation == incarnation, groups[g].members[m].isAlive else { return }
        if case .paused = groups[g].members[m].process {
            groups[g].members[m].inbox.append((response, request))
            return
        }
        let next = groups[g].members[m].membership!.receive(response, now: now, requested: request)
        handleMembershipEvents(group: g, member: m)
        send(next, group: g, member: m)
    }

    func resumePausedMembers() {
        for g in groups.indices {
            for m in groups[g].members.indices {
                guard case .paused(let until) = groups[g].members[m].process, until <= now else { continue }
                groups[g].members[m].process = .running
                let name = groups[g].members[m].name
                record("member.resumed", group: groups[g].spec.id, "\(name) resumed after its pause", [("member", .string(name))])
                let waiting = groups[g].members[m].inbox
                groups[g].members[m].inbox = []
                for (response, request) in waiting where groups[g].members[m].isAlive {
                    let next = groups[g].members[m].membership!.receive(response, now: now, requested: request)
                    handleMembershipEvents(group: g, member: m)
                    send(next, group: g, member: m)
                }
            }
        }
    }
}
