/// The shared core of `StickyAssignor` and `CooperativeStickyAssignor` (Kafka's `AbstractStickyAssignor`).
///
/// Ownership claims are reconciled first (Kafka's `allSubscriptionsEqual`): a partition claimed by two
/// members goes to the higher generation; two claims in the same generation invalidate each other.
/// Then, when every member has the same subscription, Kafka's constrained algorithm runs
/// (`StickyConstrained`), otherwise the general one (`StickyGeneral`).
struct StickyOutcome {
    /// Owner of each global partition (-1: unassigned).
    var owner: [Int32]
    /// Partitions that change owner in this assignment and must first be revoked by their previous
    /// owner (Kafka's `partitionsTransferringOwnership`); a cooperative assignor withholds them.
    var transferring: [Bool]
}

enum StickyCore {
    struct Claims {
        /// Each member's still-valid owned partitions, in the order claimed.
        var valid: [[Int32]]
        /// Partitions claimed by two members of the same generation.
        var multiplyClaimed: [Bool]
        var anyMultiplyClaimed: Bool
        var maxGeneration: Int32
    }

    static func reconcileClaims(_ g: InternedGroup) -> Claims {
        let total = g.totalPartitions
        var owner = [Int32](repeating: -1, count: total)
        var multi = [Bool](repeating: false, count: total)
        var anyMulti = false
        var claims = [[Int32]](repeating: [], count: g.memberCount)
        var maxGeneration: Int32 = -1
        for m32 in g.hashOrder {
            let m = Int(m32)
            let gen = g.generations[m]
            maxGeneration = max(maxGeneration, gen)
            let list = g.owned[m]
            if list.isEmpty { continue }
            var kept = [Int32]()
            kept.reserveCapacity(list.count)
            for p32 in list {
                let p = Int(p32)
                let other = owner[p]
                if other < 0 {
                    kept.append(p32)
                    owner[p] = m32
                } else {
                    let otherGen = g.generations[Int(other)]
                    if gen == otherGen {
                        multi[p] = true
                        anyMulti = true
                        owner[p] = m32  // neither keeps it
                    } else if gen > otherGen {
                        kept.append(p32)
                        owner[p] = m32
                    }
                }
            }
            claims[m] = kept
        }
        // A claim survives only if no later claim took the partition away.
        for m in 0..<g.memberCount where !claims[m].isEmpty {
            let m32 = Int32(m)
            claims[m].removeAll { owner[Int($0)] != m32 }
        }
        return Claims(valid: claims, multiplyClaimed: multi, anyMultiplyClaimed: anyMulti, maxGeneration: maxGeneration)
    }

    static func assign(_ g: InternedGroup) -> StickyOutcome {
        guard g.memberCount > 0 else { return StickyOutcome(owner: [], transferring: []) }
        let claims = reconcileClaims(g)
        if g.allSubscriptionsEqual {
            var builder = StickyConstrained(g, claims)
            return builder.build()
        } else {
            var builder = StickyGeneral(g, claims)
            var outcome = builder.build()
            outcome.transferring = transferringByComparison(g, owner: outcome.owner)
            return outcome
        }
    }

    /// Kafka's `computePartitionsTransferringOwnership` (general path): a partition newly assigned to a
    /// member that did not report it, while another member reported owning it.
    static func transferringByComparison(_ g: InternedGroup, owner: [Int32]) -> [Bool] {
        var claimedByOwner = [Bool](repeating: false, count: g.totalPartitions)
        var claimedByOther = [Bool](repeating: false, count: g.totalPartitions)
        for m in 0..<g.memberCount {
            let m32 = Int32(m)
            for p in g.owned[m] {
                if owner[Int(p)] == m32 { claimedByOwner[Int(p)] = true } else { claimedByOther[Int(p)] = true }
            }
        }
        var transferring = [Bool](repeating: false, count: g.totalPartitions)
        for p in 0..<g.totalPartitions where owner[p] >= 0 {
            transferring[p] = claimedByOther[p] && !claimedByOwner[p]
        }
        return transferring
    }
}
