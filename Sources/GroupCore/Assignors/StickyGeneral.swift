/// Kafka's general sticky assignment, used when subscriptions differ
/// (`AbstractStickyAssignor.GeneralAssignmentBuilder`, without rack awareness):
///
/// 1. Members keep their valid owned partitions of topics they still subscribe to.
/// 2. Topics are ordered by (number of subscribers, name); the unassigned partitions, in that order,
///    each go to the first member in (assigned count, member id) order that subscribes to the topic.
/// 3. Reassignment passes move partitions from members with more than one partition above the
///    least-loaded subscriber (or back to the partition's previous owner from an older generation)
///    until the assignment is balanced; a result that is not more balanced than before is discarded.
struct StickyGeneral {
    let g: InternedGroup
    let claims: StickyCore.Claims
    var owner: [Int32]
    var order: MemberCountOrder
    var movements: PartitionMovements
    var subscriberCount: [Int32]
    /// `topicMembers[t * order.words + m / 64]`: bit `m % 64` when member `m` subscribes topic `t`.
    var topicMembers: [UInt64]
    var maxAssignmentSize: [Int]
    var prevOwner: [Int32]
    var prevGeneration: [Int32]
    var balancedCache: Bool? = nil

    init(_ g: InternedGroup, _ claims: StickyCore.Claims) {
        self.g = g
        self.claims = claims
        let total = g.totalPartitions
        let n = g.memberCount
        owner = [Int32](repeating: -1, count: total)
        order = MemberCountOrder(memberCount: n, counts: [Int32](repeating: 0, count: n))
        let topicHashes = g.topicNames.map(JavaOrder.hash)
        let base = g.topicBase
        let topicOfPartition = g.partitionTopic
        movements = PartitionMovements(
            partitionCount: total, topicCount: g.topicCount,
            topicOf: { topicOfPartition[Int($0)] },
            partitionHash: { p in
                let t = Int(topicOfPartition[Int(p)])
                return JavaOrder.hash(topicHash: topicHashes[t], partition: p - Int32(base[t]))
            })
        let words = order.words
        subscriberCount = [Int32](repeating: 0, count: g.topicCount)
        topicMembers = [UInt64](repeating: 0, count: g.topicCount * words)
        maxAssignmentSize = [Int](repeating: 0, count: n)
        for m in 0..<n {
            for t in g.classTopics[Int(g.memberClass[m])] {
                subscriberCount[Int(t)] += 1
                topicMembers[Int(t) * words + m >> 6] |= 1 << UInt64(m & 63)
                maxAssignmentSize[m] += Int(g.partitionCounts[Int(t)])
            }
        }
        prevOwner = [Int32](repeating: -1, count: total)
        prevGeneration = [Int32](repeating: -1, count: total)
    }

    /// Kafka's `prepopulateCurrentAssignments`: the previous owner of a partition is the member of the
    /// highest generation below the maximum that claimed it (first claim wins a tie).
    mutating func fillPreviousOwners() {
        let maxGeneration = claims.maxGeneration
        guard maxGeneration > -1 else { return }
        for m32 in g.hashOrder {
            let m = Int(m32)
            let gen = g.generations[m]
            guard gen < maxGeneration else { continue }
            for p in g.owned[m] {
                let i = Int(p)
                if prevOwner[i] < 0 || gen > prevGeneration[i] {
                    prevOwner[i] = m32
                    prevGeneration[i] = gen
                }
            }
        }
    }

    mutating func build() -> StickyOutcome {
        let n = g.memberCount
        let total = g.totalPartitions
        fillPreviousOwners()

        // Keep valid owned partitions of still-subscribed topics.
        var revocationRequired = false
        var counts = [Int32](repeating: 0, count: n)
        for m in 0..<n {
            for p in claims.valid[m] {
                if g.subscribes(m, Int(g.partitionTopic[Int(p)])) {
                    owner[Int(p)] = Int32(m)
                    counts[m] += 1
                } else {
                    revocationRequired = true
                }
            }
        }
        order.setCounts(counts)
        let initializing = counts.allSatisfy { $0 == 0 }
        for m in 0..<n { order.insert(Int32(m)) }

        // Partitions in (subscriber count, topic name, partition) order.
        let sortedTopics = (0..<g.topicCount).sorted {
            subscriberCount[$0] != subscriberCount[$1] ? subscriberCount[$0] < subscriberCount[$1] : $0 < $1
        }
        var sortedPartitions: [Int32] = []
        sortedPartitions.reserveCapacity(total)
        for t in sortedTopics { for p in g.topicBase[t]..<g.topicBase[t + 1] { sortedPartitions.append(Int32(p)) } }
        var unassigned = sortedPartitions.filter { owner[Int($0)] < 0 }

        let words = order.words
        for p in unassigned {
            let t = Int(g.partitionTopic[Int(p)])
            if subscriberCount[t] == 0 { continue }
            guard let m = order.first(matching: topicMembers, offset: t * words) else { continue }
            owner[Int(p)] = m
            order.add(1, to: m)
        }

        // Only partitions of topics with two or more subscribers can move.
        sortedPartitions.removeAll { subscriberCount[Int(g.partitionTopic[Int($0)])] < 2 }
        unassigned.removeAll { subscriberCount[Int(g.partitionTopic[Int($0)])] < 2 }

        // Members that own everything they could and share none of it are fixed.
        var fixed = [Bool](repeating: false, count: n)
        for m in 0..<n {
            guard Int(order.count[m]) >= maxAssignmentSize[m] else { continue }
            let shared = g.classTopics[Int(g.memberClass[m])].contains { subscriberCount[Int($0)] >= 2 }
            if !shared {
                fixed[m] = true
                order.remove(Int32(m))
            }
        }

        let ownerBefore = owner
        let countsBefore = order.count
        if !revocationRequired {
            _ = performReassignments(unassigned, fixed: fixed)
        }
        let performed = performReassignments(sortedPartitions, fixed: fixed)
        if !initializing && performed
            && balanceScore(order.count, fixed: fixed) >= balanceScore(countsBefore, fixed: fixed)
        {
            owner = ownerBefore
        }
        return StickyOutcome(owner: owner, transferring: [])
    }

    /// Kafka's `getBalanceScore`: the sum of count differences over all pairs of (non-fixed) members,
    /// in Java `int` arithmetic.
    func balanceScore(_ counts: [Int32], fixed: [Bool]) -> Int32 {
        var c: [Int64] = []
        for m in 0..<counts.count where !fixed[m] { c.append(Int64(counts[m])) }
        c.sort()
        var sum: Int64 = 0
        var prefix: Int64 = 0
        for (i, x) in c.enumerated() {
            sum &+= x &* Int64(i) &- prefix
            prefix &+= x
        }
        return Int32(truncatingIfNeeded: sum)
    }

    /// Kafka's `isBalanced`, recomputed only after a move.
    mutating func isBalanced() -> Bool {
        if let cached = balancedCache { return cached }
        let result = computeBalanced()
        balancedCache = result
        return result
    }

    private func computeBalanced() -> Bool {
        if order.isEmpty || order.minCount >= order.maxCount - 1 { return true }
        // Unbalanced iff some shared topic has a partition whose owner holds more than one partition
        // above one of the topic's subscribers.
        let words = order.words
        for t in 0..<g.topicCount where subscriberCount[t] >= 2 {
            var maxOwner: Int32 = -1
            for p in g.topicBase[t]..<g.topicBase[t + 1] {
                let o = owner[p]
                if o >= 0 { maxOwner = max(maxOwner, order.count[Int(o)]) }
            }
            var minSubscriber = Int32.max
            for w in 0..<words {
                var x = topicMembers[t * words + w]
                while x != 0 {
                    let m = w * 64 + x.trailingZeroBitCount
                    x &= x - 1
                    if order.contains[m] { minSubscriber = min(minSubscriber, order.count[m]) }
                }
            }
            if minSubscriber != Int32.max && maxOwner > minSubscriber + 1 { return false }
        }
        return true
    }

    mutating func performReassignments(_ partitions: [Int32], fixed: [Bool]) -> Bool {
        var performed = false
        var modified: Bool
        let words = order.words
        repeat {
            modified = false
            for p in partitions {
                if isBalanced() { break }
                let current = owner[Int(p)]
                guard current >= 0 else { continue }
                let t = Int(g.partitionTopic[Int(p)])
                let prev = prevOwner[Int(p)]
                if prev >= 0, !fixed[Int(prev)], g.subscribes(Int(prev), t),
                    order.count[Int(current)] > order.count[Int(prev)] + 1
                {
                    reassign(p, to: prev)
                    performed = true
                    modified = true
                    continue
                }
                guard let best = order.first(matching: topicMembers, offset: t * words) else { continue }
                if order.count[Int(current)] > order.count[Int(best)] + 1 {
                    reassign(p, to: best)
                    performed = true
                    modified = true
                }
            }
        } while modified
        return performed
    }

    mutating func reassign(_ p: Int32, to newOwner: Int32) {
        let q = movements.partitionToMove(p, from: owner[Int(p)], to: newOwner)
        let old = owner[Int(q)]
        movements.move(q, from: old, to: newOwner)
        order.add(-1, to: old)
        order.add(1, to: newOwner)
        owner[Int(q)] = newOwner
        balancedCache = nil
    }
}
