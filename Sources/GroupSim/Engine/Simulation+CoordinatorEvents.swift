import Foundation
import GroupCore

extension Simulation {
    /// Reports the coordinator's events in member names.
    func translate(_ events: [CoordinatorEvent]) {
        for event in events {
            guard let g = groups.firstIndex(where: { $0.spec.id == event.groupId }) else { continue }
            let groupId = event.groupId
            let t = event.time
            switch event.kind {
            case .memberJoined(let memberId, let clientId, let instance):
                let name = groups[g].memberIndex(clientId: clientId).map { groups[g].members[$0].name } ?? clientId
                remember(memberId, as: name)
                record(
                    "member.joined", group: groupId,
                    "\(name) joined \(groupId)" + (instance.map { " (static, group.instance.id \($0))" } ?? ""),
                    [("member", .string(name)), ("member_id", .string(memberId))]
                        + (instance.map { [("group_instance_id", JSONValue.string($0))] } ?? []), at: t)
            case .staticMemberReplaced(let old, let new, let instance):
                let name = nameByMemberId[old] ?? instance
                remember(new, as: name)
                record(
                    "member.rejoined-static", group: groupId,
                    "\(name) came back as static member \(instance): takes over its old place",
                    [("member", .string(name)), ("old_member_id", .string(old)), ("member_id", .string(new))], at: t)
            case .memberLeft(let memberId, let reason):
                let name = self.name(memberId)
                record(
                    "member.left", group: groupId, "\(name) left the group (\(reason))",
                    [("member", .string(name)), ("reason", .string(reason))], at: t)
            case .memberExpired(let memberId, let timeout):
                let name = self.name(memberId)
                clearFrozen(group: g, name: name)
                record(
                    "member.expired", group: groupId,
                    "coordinator: no heartbeat from \(name) within session.timeout.ms (\(timeout) ms): removed",
                    [("member", .string(name)), ("session_timeout_ms", .int(timeout))], at: t)
            case .memberRemovedNotRejoined(let memberId):
                let name = self.name(memberId)
                clearFrozen(group: g, name: name)
                record(
                    "member.removed", group: groupId, "coordinator: \(name) did not rejoin within the rebalance timeout: removed",
                    [("member", .string(name)), ("reason", .string("not rejoined"))], at: t)
            case .memberRemovedNotSynced(let memberId):
                let name = self.name(memberId)
                record(
                    "member.removed", group: groupId, "coordinator: \(name) did not send SyncGroup in time: removed",
                    [("member", .string(name)), ("reason", .string("not synced"))], at: t)
            case .stateChanged: break
            case .rebalanceStarted(let generation, let reason):
                let readable = names(in: reason)
                if groups[g].rebalanceReason == nil { groups[g].rebalanceReason = readable }
                record(
                    "rebalance.started", group: groupId, "\(groupId): rebalance started (\(readable))",
                    [("generation", .int(Int64(generation))), ("reason", .string(readable))], at: t)
            case .joinCompleted(let generation, let protocolName, let leader, let members):
                guard let protocolName else { continue }
                record(
                    "rebalance.joined", group: groupId,
                    "\(groupId): generation \(generation) formed with " + CountedNoun.counted(members.count, "member")
                        + ", strategy \(protocolName), leader \(leader.map(name) ?? "none")",
                    [
                        ("generation", .int(Int64(generation))), ("strategy", .string(protocolName)),
                        ("leader", leader.map { .string(name($0)) } ?? .null),
                    ], at: t)
            case .assignmentCompleted(let generation, let protocolName, let assignment, let moved, let revoked, let duration):
                completed(
                    group: g, generation: generation, protocolName: protocolName, assignment: assignment, moved: moved,
                    revoked: revoked, duration: duration, at: t)
            case .offsetsCommitted: break
            }
        }
    }

    private func completed(
        group g: Int, generation: Int32, protocolName: String, assignment: [(memberId: String, partitions: [TopicPartition])],
        moved: [CoordinatorEvent.Move], revoked: [(memberId: String, partitions: [TopicPartition])], duration: Millis,
        at t: Millis
    ) {
        let groupId = groups[g].spec.id
        let realMoves = moved.filter { $0.from != nil }
        groups[g].rebalances += 1
        groups[g].partitionsMoved += realMoves.count
        let reason = groups[g].rebalanceReason ?? "unknown"
        groups[g].rebalanceReason = nil
        var text =
            "\(groupId): rebalance completed, generation \(generation), \(protocolName), \(formatSeconds(duration)) (\(reason))"
        if !realMoves.isEmpty {
            text += "; moved " + realMoves.map { "\($0.partition) \(moveText($0))" }.joined(separator: ", ")
        }
        let fresh = moved.filter { $0.from == nil }
        if !fresh.isEmpty { text += "; assigned " + fresh.map { "\($0.partition)→\(name($0.to))" }.joined(separator: ", ") }
        if !revoked.isEmpty {
            text += "; revoked first: " + revoked.map { "\(name($0.memberId)) \(list($0.partitions))" }.joined(separator: ", ")
        }
        record(
            "rebalance.completed", group: groupId, text,
            [
                ("generation", .int(Int64(generation))),
                ("strategy", .string(protocolName)),
                ("reason", .string(reason)),
                (
                    "assignment",
                    .object(
                        assignment.sorted { name($0.memberId) < name($1.memberId) }.map {
                            (name($0.memberId), partitionsJSON($0.partitions))
                        })
                ),
                (
                    "moved",
                    .array(
                        moved.map {
                            .object([
                                ("partition", .string($0.partition.description)),
                                ("from", $0.from.map { .string(name($0)) } ?? .null), ("to", .string(name($0.to))),
                            ])
                        })
                ),
                ("revoked", .object(revoked.map { (name($0.memberId), partitionsJSON($0.partitions)) })),
                ("duration_ms", .int(duration)),
            ], at: t)
        finishStrategyChange(group: g, protocolName: protocolName)
    }

    func name(_ memberId: String) -> String { nameByMemberId[memberId] ?? memberId }

    /// `a→b`; a member that came back under a new member id reads `b (old instance)→b`.
    private func moveText(_ move: CoordinatorEvent.Move) -> String {
        let from = name(move.from!), to = name(move.to)
        return from == to ? "\(from) (old instance)→\(to)" : "\(from)→\(to)"
    }

    /// Replaces member ids in a coordinator reason with member names.
    func names(in text: String) -> String {
        var result = text
        for (memberId, name) in nameByMemberId where result.contains(memberId) {
            result = result.replacingOccurrences(of: memberId, with: name)
        }
        return result
    }

    private func clearFrozen(group g: Int, name: String) {
        if let m = groups[g].memberIndex(named: name) { groups[g].members[m].frozenOwned = [] }
    }
}

func formatSeconds(_ ms: Millis) -> String {
    let tenths = (ms + 50) / 100
    return "\(tenths / 10).\(tenths % 10) s"
}
