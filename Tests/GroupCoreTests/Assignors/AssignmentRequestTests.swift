import Testing

@testable import GroupCore

/// The calculator's pure part; reading flags and JSON and printing reports are the CLI's (EndToEndTests).
@Suite struct AssignmentRequestTests {
    /// Kafka's CooperativeStickyAssignor (AbstractStickyAssignor + CooperativeStickyAssignor.adjustAssignment):
    /// c1 owns all three partitions at generation 1, c2 joins; balance wants 2 + 1, c1 keeps t0-0 and t0-1, and
    /// t0-2 is revoked this round, not handed to c2 (it moves in the follow-up rebalance).
    @Test func cooperativeReportListsRevocations() {
        var c1 = MemberSubscription(memberId: "c1", topics: ["t0"])
        c1.ownedPartitions = [TopicPartition("t0", 0), TopicPartition("t0", 1), TopicPartition("t0", 2)]
        c1.generation = 1
        let c2 = MemberSubscription(memberId: "c2", topics: ["t0"])
        let report = AssignmentRequest(
            strategy: .cooperativeSticky, group: GroupSubscription(members: [c1, c2], partitionsPerTopic: ["t0": 3])
        ).run()
        #expect(report.assignment["c1"]?.sorted() == [TopicPartition("t0", 0), TopicPartition("t0", 1)])
        #expect(report.assignment["c2"] == [])
        #expect(report.revoked == ["c1": [TopicPartition("t0", 2)]])
    }

    /// Eager strategies revoke everything at the start of a rebalance: the report lists no revocations.
    @Test func eagerReportHasNoRevocations() {
        var c1 = MemberSubscription(memberId: "c1", topics: ["t0"])
        c1.ownedPartitions = [TopicPartition("t0", 0), TopicPartition("t0", 1)]
        let report = AssignmentRequest(
            strategy: .range,
            group: GroupSubscription(
                members: [c1, MemberSubscription(memberId: "c2", topics: ["t0"])], partitionsPerTopic: ["t0": 2])
        ).run()
        #expect(report.revoked.isEmpty)
        #expect(report.assignment == ["c1": [TopicPartition("t0", 0)], "c2": [TopicPartition("t0", 1)]])
    }

    /// Java's String.compareTo orders by UTF-16 code unit: "B" (0x42) before "a" (0x61), "a" before "ab".
    @Test func membersListInJavaStringOrder() {
        #expect(AssignmentReport.javaOrdered(["ab", "a", "B"]) == ["B", "a", "ab"])
    }
}
