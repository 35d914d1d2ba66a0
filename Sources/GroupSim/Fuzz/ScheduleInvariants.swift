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
/// and, at the end, once quiet: every group with live members is Stable with every partition owned exactly once.
///
/// Members the coordinator already removed (a paused or hung zombie) may still believe they own partitions, in
/// Kafka as here; the guarantees are about members in good standing.
struct ScheduleInvariants {
    private var committed: [String: [TopicPartition: Int64]] = [:]
    private var generation: [String: Int32] = [:]

    mutating func check(_ sim: Simulation) -> InvariantViolation? {
        let now = sim.now
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
    /// member is stable in it, and each subscribed partition has exactly one owner.
    static func unsettled(_ sim: Simulation) -> String? {
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
            for tp in group.partitions where owners[tp] != 1 {
                return "\(tp) has \(owners[tp] ?? 0) owners in \(id)"
            }
        }
        return nil
    }
}
