import GroupCore

/// A broken invariant: which one, when, and what was seen.
public struct InvariantViolation: Sendable, Equatable, CustomStringConvertible {
    public var invariant: String
    public var at: Millis
    public var detail: String

    public var description: String { "\(invariant) at \(ScenarioDuration.format(at)): \(detail)" }
}

/// Kafka's guarantees for a consumer group, checked after every instant of a simulation (issue 8):
/// - no partition is owned twice in one generation by members the coordinator has in the group;
/// - under cooperative-sticky (every member cooperative), no partition is owned by two such members at once;
/// - committed offsets stay at or below the log end and never move backwards;
/// - the coordinator's generation never decreases, and no member is ahead of it;
/// - nothing is skipped by a group with `auto.offset.reset=earliest` that commits after processing or automatically;
/// and, at the end, once quiet: every group with live members is Stable with every partition owned exactly once —
/// except a partition Kafka itself leaves unowned (see `heldBackAfterStaticRejoin`).
///
/// Members the coordinator already removed (a paused or hung zombie) may still believe they own partitions, in
/// Kafka as here; the guarantees are about members in good standing.
struct ScheduleInvariants {
    private var committed: [String: [TopicPartition: Int64]] = [:]
    private var generation: [String: Int32] = [:]
    /// Groups in which a static member was replaced by a new instance after the last assignment completed.
    private(set) var staticRejoinSinceAssignment: Set<String> = []
    private var nextEvent = 0

    mutating func check(_ sim: Simulation) -> InvariantViolation? {
        let now = sim.now
        for event in sim.events(from: nextEvent) {
            nextEvent = event.sequence + 1
            guard let group = event.group else { continue }
            if event.type == "rebalance.completed" { staticRejoinSinceAssignment.remove(group) }
            if event.type == "member.rejoined-static" { staticRejoinSinceAssignment.insert(group) }
        }
        func violation(_ invariant: String, _ detail: String) -> InvariantViolation {
            InvariantViolation(invariant: invariant, at: now, detail: detail)
        }
        for g in sim.groups.indices {
            let id = sim.groups[g].spec.id
            let summary = sim.coordinator.groupSummary(id)
            if let summary {
                if summary.generationId < generation[id, default: summary.generationId] {
                    return violation(
                        "generations increase",
                        "\(id) went from generation \(generation[id]!) to \(summary.generationId)")
                }
                generation[id] = summary.generationId
            }
            let inGroup = Set(summary?.memberIds ?? [])
            var byGeneration: [Int32: [TopicPartition: String]] = [:]
            var atOnce: [TopicPartition: String] = [:]
            let cooperative =
                summary?.protocolName == AssignmentStrategy.cooperativeSticky.rawValue
                && sim.groups[g].members.allSatisfy { !$0.isAlive || $0.membership!.rebalanceProtocol == .cooperative }
            for m in sim.groups[g].members.indices where sim.groups[g].members[m].isAlive {
                let member = sim.groups[g].members[m]
                let membership = member.membership!
                guard inGroup.contains(membership.memberId) else { continue }
                if let summary, membership.generation > summary.generationId {
                    return violation(
                        "generations increase",
                        "\(member.name) has generation \(membership.generation), the coordinator \(summary.generationId)")
                }
                for tp in membership.owned {
                    if let other = byGeneration[membership.generation, default: [:]][tp] {
                        return violation(
                            "no partition owned twice",
                            "\(tp) owned by \(other) and \(member.name) in generation \(membership.generation) of \(id)")
                    }
                    byGeneration[membership.generation, default: [:]][tp] = member.name
                    if cooperative, let other = atOnce[tp] {
                        return violation(
                            "cooperative: never owned by two members at once",
                            "\(tp) owned by \(other) and \(member.name) in \(id)")
                    }
                    atOnce[tp] = member.name
                }
            }
            let group = sim.groups[g]
            for tp in group.partitions {
                guard let offset = sim.coordinator.committedOffset(group: id, tp) else { continue }
                let end = sim.log.partition(tp)?.logEndOffset ?? 0
                if offset > end {
                    return violation("committed ≤ log end", "\(id) committed \(offset) for \(tp), log end \(end)")
                }
                if let before = committed[id]?[tp], offset < before {
                    return violation("committed never moves backwards", "\(id) committed \(tp) at \(before), then \(offset)")
                }
                committed[id, default: [:]][tp] = offset
            }
            if group.spec.config.autoOffsetReset == .earliest, group.spec.commit != .beforeProcessing {
                for (i, stats) in group.stats.enumerated() where stats.skipped > 0 {
                    return violation(
                        "nothing skipped with auto.offset.reset=earliest",
                        "\(id) skipped \(stats.skipped) records of \(group.partitions[i]) (commit \(group.spec.commit))")
                }
            }
        }
        return nil
    }

    /// Why the world is not settled yet, or nil when every group with live, running members is Stable, each such
    /// member is stable in it, and each subscribed partition has exactly one owner (or is held back as
    /// `heldBackAfterStaticRejoin` describes).
    func unsettled(_ sim: Simulation) -> String? {
        for group in sim.groups {
            let live = group.members.filter { $0.isAlive && $0.process == .running }
            guard !live.isEmpty else { continue }
            let id = group.spec.id
            guard let summary = sim.coordinator.groupSummary(id), summary.state == .stable else {
                return "\(id) is \(sim.coordinator.groupSummary(id)?.state.rawValue ?? "unknown"), not Stable"
            }
            var owners: [TopicPartition: Int] = [:]
            for member in live {
                let membership = member.membership!
                guard membership.state == .stable, !membership.rejoinNeeded,
                    summary.memberIds.contains(membership.memberId)
                else { return "\(member.name) is \(member.status.rawValue) in \(id)" }
                for tp in membership.owned { owners[tp, default: 0] += 1 }
            }
            if summary.memberIds.count != live.count {
                return "\(id) has \(summary.memberIds.count) members at the coordinator, \(live.count) live"
            }
            let heldBack = heldBackAfterStaticRejoin(sim, group: id)
            for tp in group.partitions where owners[tp] != 1 && !(owners[tp] == nil && heldBack.contains(tp)) {
                return "\(tp) has \(owners[tp] ?? 0) owners in \(id)"
            }
        }
        return nil
    }

    /// Kafka's own gap, not an engine bug. Under cooperative-sticky the leader holds back a partition that changes
    /// owner: its old owner revokes it and rejoins, and the follow-up rebalance assigns it (ConsumerCoordinator
    /// .onJoinComplete → requestRejoin). If that owner is a static member whose process is replaced before it rejoins
    /// — it hung, so onJoinComplete never ran, and it restarted within session.timeout.ms — the new instance joins a
    /// Stable group with the selected protocol unchanged, and GroupMetadataManager
    /// .updateStaticMemberThenRebalanceOrCompleteJoin hands it the stored assignment without a rebalance (KIP-345:
    /// a static member's restart costs no rebalance). The new instance owns nothing, so it revokes nothing and never
    /// asks for the follow-up: the held-back partition stays unowned until the next rebalance.
    ///
    /// Precisely: the group is Stable under cooperative-sticky, a static member was replaced since the last completed
    /// assignment, and these partitions are in no member's assignment at the coordinator. Empty otherwise.
    func heldBackAfterStaticRejoin(_ sim: Simulation, group id: String) -> Set<TopicPartition> {
        guard staticRejoinSinceAssignment.contains(id), let summary = sim.coordinator.groupSummary(id),
            summary.state == .stable, summary.protocolName == AssignmentStrategy.cooperativeSticky.rawValue,
            let described = sim.coordinator.describeGroups(DescribeGroupsRequest(groupIds: [id])).groups.first,
            let group = sim.groups.first(where: { $0.spec.id == id })
        else { return [] }
        var assigned = Set<TopicPartition>()
        for member in described.members {
            guard let partitions = try? ConsumerProtocol.decodeAssignment(member.memberAssignment) else { return [] }
            assigned.formUnion(partitions)
        }
        return Set(group.partitions).subtracting(assigned)
    }
}
