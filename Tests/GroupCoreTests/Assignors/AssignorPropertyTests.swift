import Testing

@testable import GroupCore

/// Property tests over random groups from a seeded generator, as Kafka's randomized assignor tests.
@Suite struct AssignorPropertyTests {
    struct RandomGroup {
        var topics: [String: Int]
        var members: [MemberSubscription]
        var identical: Bool
    }

    static func randomGroup(_ rng: inout SeededGenerator, identical: Bool) -> RandomGroup {
        let topicCount = Int.random(in: 1...6, using: &rng)
        var topics: [String: Int] = [:]
        for t in 0..<topicCount { topics["topic\(t)"] = Int.random(in: 1...12, using: &rng) }
        let names = topics.keys.sorted()
        let memberCount = Int.random(in: 1...8, using: &rng)
        let members = (0..<memberCount).map { i -> MemberSubscription in
            let subs = identical ? names : names.filter { _ in Bool.random(using: &rng) }
            return member("member\(i)", subs.isEmpty ? [names[0]] : subs)
        }
        return RandomGroup(topics: topics, members: members, identical: identical)
    }

    static func checkValid(_ g: RandomGroup, _ a: [String: [TopicPartition]], complete: Bool) {
        #expect(Set(a.keys) == Set(g.members.map(\.memberId)))
        var seen = Set<TopicPartition>()
        for m in g.members {
            for p in a[m.memberId] ?? [] {
                #expect(m.topics.contains(p.topic), "\(m.memberId) got \(p) outside its subscription")
                #expect(seen.insert(p).inserted, "\(p) assigned twice")
            }
        }
        if complete {
            for (topic, count) in g.topics where g.members.contains(where: { $0.topics.contains(topic) }) {
                for p in 0..<count { #expect(seen.contains(tp(topic, Int32(p))), "\(topic)-\(p) unassigned") }
            }
        }
    }

    static func checkBalanced(_ a: [String: [TopicPartition]]) {
        let counts = a.values.map(\.count)
        #expect((counts.max() ?? 0) - (counts.min() ?? 0) <= 1)
    }

    @Test(arguments: AssignmentStrategy.allCases)
    func freshAssignmentsAreValid(_ strategy: AssignmentStrategy) {
        var rng = SeededGenerator(seed: 42)
        for round in 0..<150 {
            let g = Self.randomGroup(&rng, identical: round % 2 == 0)
            let a = strategy.assignor.assign(GroupSubscription(members: g.members, partitionsPerTopic: g.topics))
            Self.checkValid(g, a, complete: true)
            if g.identical && strategy != .range { Self.checkBalanced(a) }
        }
    }

    @Test(arguments: AssignmentStrategy.allCases)
    func resultDoesNotDependOnInputOrder(_ strategy: AssignmentStrategy) {
        var rng = SeededGenerator(seed: 7)
        for round in 0..<100 {
            var g = Self.randomGroup(&rng, identical: round % 3 == 0)
            // Give members something they own, so sticky paths are exercised too.
            let first = RoundRobinAssignor().assign(GroupSubscription(members: g.members, partitionsPerTopic: g.topics))
            g.members = g.members.map { m in
                var m = m
                m.ownedPartitions = (first[m.memberId] ?? []).filter { _ in Bool.random(using: &rng) }.shuffled(using: &rng)
                m.generation = Int32.random(in: 1...2, using: &rng)
                m.topics.shuffle(using: &rng)
                return m
            }
            let a = strategy.assignor.assign(GroupSubscription(members: g.members, partitionsPerTopic: g.topics))
            let b = strategy.assignor.assign(
                GroupSubscription(members: g.members.shuffled(using: &rng), partitionsPerTopic: g.topics))
            #expect(normalized(a) == normalized(b))
        }
    }

    /// Members add and leave; sticky keeps balance and stickiness, cooperative never hands out a partition
    /// another member still owns, and converges within a few rounds.
    @Test(arguments: [AssignmentStrategy.sticky, .cooperativeSticky])
    func rebalancesAreStickyBalancedAndSafe(_ strategy: AssignmentStrategy) {
        var rng = SeededGenerator(seed: 2024)
        let assignor = strategy.assignor
        for round in 0..<60 {
            var g = Self.randomGroup(&rng, identical: round % 2 == 0)
            var owned = Self.settle(assignor, g, generation: 1)
            // Change membership: someone leaves, someone joins.
            if g.members.count > 1, Bool.random(using: &rng) {
                let gone = g.members.remove(at: Int.random(in: 0..<g.members.count, using: &rng)).memberId
                owned[gone] = nil
            }
            if Bool.random(using: &rng) {
                g.members.append(member("joiner\(round)", g.identical ? g.members.first?.topics ?? ["topic0"] : ["topic0"]))
            }
            var generation: Int32 = 2
            var rounds = 0
            while true {
                rounds += 1
                let members = g.members.map { m in
                    member(m.memberId, m.topics, owned: owned[m.memberId] ?? [], generation: generation)
                }
                let group = GroupSubscription(members: members, partitionsPerTopic: g.topics)
                let a = assignor.assign(group)
                Self.checkValid(g, a, complete: strategy == .sticky)
                // Never assigned to a new owner while another member still owns it.
                var ownerNow: [TopicPartition: String] = [:]
                for m in members { for p in m.ownedPartitions { ownerNow[p] = m.memberId } }
                for (id, parts) in a { for p in parts { if let o = ownerNow[p] { #expect(o == id || strategy == .sticky) } } }
                // Stickiness: a member that stays keeps at least its fair share of what it owned.
                if g.identical, rounds == 1 {
                    let total = g.topics.values.reduce(0, +)
                    let fair = total / max(1, members.count)
                    for m in members where !m.ownedPartitions.isEmpty {
                        let kept = Set(m.ownedPartitions).intersection(a[m.memberId] ?? []).count
                        #expect(kept >= min(fair, m.ownedPartitions.count))
                    }
                }
                let stable = members.allSatisfy { Set($0.ownedPartitions) == Set(a[$0.memberId] ?? []) }
                // Members revoke what they lost and take what they were given.
                owned = a
                generation += 1
                if strategy == .sticky { if g.identical { Self.checkBalanced(a) }; break }
                if stable { break }
                #expect(rounds <= 4, "cooperative rebalance did not converge")
                if rounds > 4 { break }
            }
            if strategy == .cooperativeSticky {
                let final = assignor.assign(
                    GroupSubscription(
                        members: g.members.map {
                            member($0.memberId, $0.topics, owned: owned[$0.memberId] ?? [], generation: generation)
                        },
                        partitionsPerTopic: g.topics))
                Self.checkValid(g, final, complete: true)
                if g.identical { Self.checkBalanced(final) }
            }
        }
    }

    static func settle(_ assignor: any PartitionAssignor, _ g: RandomGroup, generation: Int32) -> [String: [TopicPartition]] {
        var owned: [String: [TopicPartition]] = [:]
        for _ in 0..<4 {
            owned = assignor.assign(
                GroupSubscription(
                    members: g.members.map {
                        member($0.memberId, $0.topics, owned: owned[$0.memberId] ?? [], generation: generation)
                    },
                    partitionsPerTopic: g.topics))
        }
        return owned
    }
}
