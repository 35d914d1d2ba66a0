import Testing

@testable import GroupCore

/// Eager and cooperative rebalances as the members live them.
@Suite struct RevocationTests {
    private func harness(_ strategies: [AssignmentStrategy], members: Int) -> GroupHarness {
        var h = GroupHarness()
        h.log.createTopic("t", partitions: 6)
        h.log.append(topic: 0, partition: 0, count: 0, at: 0)
        for p in 0..<6 { h.log.append(topic: 0, partition: p, count: 100, at: 0) }
        let config = h.config {
            $0.partitionAssignmentStrategy = strategies; $0.sessionTimeoutMs = 10_000
        }
        for _ in 0..<members { h.addMember(config, topics: ["t"]) }
        h.run(until: 10_000)
        return h
    }

    /// The application consumed 10 records on every partition it owns.
    private func consume(_ h: inout GroupHarness, _ slot: Int) {
        h.with(slot) { m in
            for tp in m.fetchable { m.setPosition(tp, m.positions[tp]! + 10) }
            return []
        }
    }

    @Test func eagerRevokesEverythingAfterCommittingThenRejoins() {
        var h = harness([.range], members: 2)
        #expect(h.summary?.state == .stable)
        for s in 0..<2 { #expect(h[s].positions.values.allSatisfy { $0 == 100 }, "auto.offset.reset=latest") }
        consume(&h, 0)
        consume(&h, 1)
        let before = [h[0].owned, h[1].owned]
        for s in 0..<2 { _ = h.takeEvents(s) }
        let sent = h.delivered.count
        h.addMember(h[0].config, topics: ["t"])
        h.run(for: 10_000)
        #expect(h.summary?.state == .stable)
        #expect(h.summary?.generationId == 2)
        for s in 0..<2 {
            let events = h.takeEvents(s)
            #expect(events.compactMap(\.revokedPartitions).first == before[s], "everything is revoked")
            // The auto-commit goes out before the JoinGroup.
            let apis = h.delivered[sent...].filter { $0.slot == s }.map(\.request.apiName)
            let commit = apis.firstIndex(of: "OffsetCommit"), join = apis.firstIndex(of: "JoinGroup")
            #expect(commit != nil && join != nil && commit! < join!)
            for tp in before[s] { #expect(h.coordinator.committedOffset(group: "g", tp) == 110) }
        }
        // Partitions that stayed resume from the committed offset.
        for s in 0..<3 { for tp in h[s].owned { #expect(h[s].positions[tp] == 110) } }
    }

    @Test func cooperativeKeepsWhatItOwnsRevokesWhatMovedAndRejoinsOnce() {
        var h = harness([.cooperativeSticky], members: 2)
        #expect(h[0].rebalanceProtocol == .cooperative)
        let before = [h[0].owned, h[1].owned]
        #expect(before.map(\.count) == [3, 3])
        for s in 0..<2 { _ = h.takeEvents(s) }
        // No partition is owned twice at any instant.
        var doubleOwned: [TopicPartition] = []
        h.afterEachStep = { h in
            for (tp, owners) in h.liveOwners() where owners.count > 1 { doubleOwned.append(tp) }
        }
        _ = h.takeCoordinatorEvents()
        h.addMember(h[0].config, topics: ["t"])
        h.run(for: 10_000)
        #expect(doubleOwned.isEmpty)
        #expect(h.summary?.state == .stable)
        #expect(h.summary?.generationId == 3, "one rebalance to revoke, one more to hand the revoked partitions on")
        var revokedCount = 0
        for s in 0..<2 {
            let events = h.takeEvents(s)
            let revoked = events.compactMap(\.revokedPartitions)
            #expect(revoked.count == 1)
            revokedCount += revoked.first?.count ?? 0
            #expect(revoked.first.map { Set($0).isSubset(of: before[s]) } == true)
            #expect(Set(h[s].owned).isSubset(of: before[s]), "the old members kept the rest")
            #expect(events.contains(.rejoinRequested(reason: "need to revoke partitions and re-join")))
        }
        #expect(revokedCount == 2)
        #expect(h[2].owned.count == 2)
        #expect(h.liveOwners().count == 6)
        let rebalances = h.takeCoordinatorEvents().filter(\.kind.isRebalanceStarted)
        #expect(rebalances.count == 2)
    }

    @Test func cooperativeMemberWithNothingToRevokeDoesNotRejoin() {
        var h = harness([.cooperativeSticky], members: 2)
        h.close(1)
        h.run(for: 10_000)
        #expect(h.summary?.generationId == 2)
        #expect(h[0].owned.count == 6)
    }
}
