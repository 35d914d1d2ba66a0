import Testing

@testable import GroupCore

@Suite struct SmokeTests {
    @Test func threeMembersReachStable() {
        var h = GroupHarness()
        h.log.createTopic("t", partitions: 6)
        for _ in 0..<3 { h.addMember(h.config(), topics: ["t"]) }
        h.run(until: 10_000)
        #expect(h.summary?.state == .stable)
        for s in 0..<3 { #expect(h[s].state == .stable) }
        #expect(h.liveOwners().count == 6)
    }
}
