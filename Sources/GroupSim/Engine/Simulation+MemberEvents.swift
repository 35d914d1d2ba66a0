import GroupCore

extension Simulation {
    /// Turns what a member's membership logic reported into the run's events.
    func handleMembershipEvents(group g: Int, member m: Int) {
        guard groups[g].members[m].membership != nil else { return }
        let events = groups[g].members[m].membership!.takeEvents()
        let name = groups[g].members[m].name
        let groupId = groups[g].spec.id
        for event in events {
            switch event {
            case .joined(let memberId, _, _, _):
                remember(memberId, as: name)
            case .assigned(let added, _):
                unposition(added, group: g, member: m)
            case .revoked(let partitions):
                unposition(partitions, group: g, member: m)
                record(
                    "member.revoked", group: groupId, "\(name) revoked \(list(partitions))",
                    [("member", .string(name)), ("partitions", partitionsJSON(partitions))])
            case .lost(let partitions):
                unposition(partitions, group: g, member: m)
                record(
                    "member.lost", group: groupId, "\(name) lost \(list(partitions)) (fenced out of the group)",
                    [("member", .string(name)), ("partitions", partitionsJSON(partitions))])
            case .committed: break
            case .commitFailed(let error):
                record(
                    "commit.failed", group: groupId, "\(name): offset commit failed with \(error)",
                    [("member", .string(name)), ("error", .string(error.description))])
            case .commitRefused(let exception):
                record(
                    "commit.failed", group: groupId, "\(name): offset commit refused locally (\(exception)): not Stable",
                    [("member", .string(name)), ("error", .string(exception))])
            case .rejoinRequested: break
            case .pollTimeout:
                record(
                    "member.poll-timeout", group: groupId,
                    "\(name) did not poll within max.poll.interval.ms (\(groups[g].members[m].membership!.config.maxPollIntervalMs) ms): leaving the group",
                    [
                        ("member", .string(name)),
                        ("max_poll_interval_ms", .int(groups[g].members[m].membership!.config.maxPollIntervalMs)),
                    ])
            case .error(let message):
                record(
                    "member.error", group: groupId, "\(name): \(message)",
                    [("member", .string(name)), ("error", .string(message))])
            }
        }
    }

    func list(_ partitions: [TopicPartition]) -> String {
        partitions.isEmpty ? "nothing" : partitions.sorted().map(\.description).joined(separator: " ")
    }

    func partitionsJSON(_ partitions: [TopicPartition]) -> JSONValue {
        .array(partitions.sorted().map { .string($0.description) })
    }

    /// Appends an event to the log and hands it to the live sink.
    func record(_ type: String, group: String?, _ message: String, _ details: [(String, JSONValue)] = [], at time: Millis? = nil)
    {
        let event = SimEvent(
            sequence: eventLog.happened, time: time ?? now, type: type, group: group, message: message,
            details: details.map { (key: $0.0, value: $0.1) })
        eventLog.append(event)
        onEvent?(event)
    }
}

extension Simulation {
    /// Forgets that these partitions' starting positions were accounted for (a new assignment counts skips anew).
    func unposition(_ partitions: [TopicPartition], group g: Int, member m: Int) {
        for tp in partitions {
            if let i = groups[g].partitionIndex[tp] { groups[g].members[m].positioned[i] = false }
        }
    }
}
