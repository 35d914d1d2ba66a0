/// Kafka's constrained sticky assignment, used when every member has the same subscription
/// (`AbstractStickyAssignor.ConstrainedAssignmentBuilder`, without rack awareness):
///
/// 1. In Kafka's HashMap order of members, each member keeps its valid owned partitions, sorted by
///    (partition number, topic): all of them if fewer than `minQuota`; `maxQuota` of them while fewer
///    than `partitions % members` members have been given `maxQuota`; otherwise `minQuota`. The rest
///    are revoked.
/// 2. The unassigned partitions, in (topic, partition) order, are dealt round-robin to the members
///    still under `minQuota` (sorted by member id), then one each to members at `minQuota`.
struct StickyConstrained {
    let g: InternedGroup
    let claims: StickyCore.Claims

    init(_ g: InternedGroup, _ claims: StickyCore.Claims) {
        self.g = g
        self.claims = claims
    }

    mutating func build() -> StickyOutcome {
        let total = g.totalPartitions
        let n = g.memberCount
        let minQuota = total / n
        let maxQuota = (total + n - 1) / n
        let expectedOverMin = total % n
        var currentOverMin = 0

        var owner = [Int32](repeating: -1, count: total)
        var counts = [Int](repeating: 0, count: n)
        var revoked = [Bool](repeating: false, count: total)
        var transferring = [Bool](repeating: false, count: total)
        var underMin: [Int32] = []
        var exactlyMin: [Int32] = []
        let topicCount = Int64(g.topicCount)

        var keys: [Int64] = []
        for m32 in g.hashOrder {
            let m = Int(m32)
            // Owned partitions sorted by (partition number, topic), doubly claimed ones dropped.
            keys.removeAll(keepingCapacity: true)
            for p in claims.valid[m] where !claims.multiplyClaimed[Int(p)] {
                let t = g.partitionTopic[Int(p)]
                let number = Int64(p) - Int64(g.topicBase[Int(t)])
                keys.append(number * topicCount + Int64(t))
            }
            keys.sort()
            let keep: Int
            if keys.count < minQuota {
                keep = keys.count
                underMin.append(m32)
            } else if keys.count >= maxQuota && currentOverMin < expectedOverMin {
                currentOverMin += 1
                if currentOverMin == expectedOverMin { exactlyMin.removeAll() }
                keep = maxQuota
            } else {
                keep = minQuota
                if currentOverMin < expectedOverMin { exactlyMin.append(m32) }
            }
            for (i, key) in keys.enumerated() {
                let t = Int(key % topicCount)
                let p = g.topicBase[t] + Int(key / topicCount)
                if i < keep { owner[p] = m32 } else { revoked[p] = true }
            }
            counts[m] = keep
        }

        underMin.sort()
        exactlyMin.sort()

        // Round-robin over the members under minQuota (a Java iterator over a LinkedList that removes
        // members as they reach minQuota and restarts when exhausted), then members at minQuota.
        var removed = [Bool](repeating: false, count: underMin.count)
        var cursor = 0
        var liveUnder = underMin.count
        var exactHead = 0
        for p in 0..<total where owner[p] < 0 {
            let m: Int32
            var fromUnder = false
            if cursor < underMin.count {
                m = underMin[cursor]
                fromUnder = true
            } else if liveUnder == 0 && exactHead >= exactlyMin.count {
                break  // Kafka throws "No more unfilled consumers"; cannot happen with exact quotas.
            } else if liveUnder == 0 {
                m = exactlyMin[exactHead]
                exactHead += 1
            } else {
                var compacted: [Int32] = []
                compacted.reserveCapacity(liveUnder)
                for (i, x) in underMin.enumerated() where !removed[i] { compacted.append(x) }
                underMin = compacted
                removed = [Bool](repeating: false, count: underMin.count)
                cursor = 0
                m = underMin[0]
                fromUnder = true
            }
            if fromUnder { cursor += 1 }
            owner[p] = m
            counts[Int(m)] += 1
            if revoked[p] || claims.multiplyClaimed[p] { transferring[p] = true }
            let c = counts[Int(m)]
            if c == minQuota {
                if fromUnder {
                    removed[cursor - 1] = true
                    liveUnder -= 1
                }
                exactlyMin.append(m)
            } else if c == maxQuota {
                currentOverMin += 1
            }
        }
        return StickyOutcome(owner: owner, transferring: transferring)
    }
}
