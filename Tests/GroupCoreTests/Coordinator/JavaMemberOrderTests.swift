import Testing

@testable import GroupCore

/// ClassicGroup keeps its members in a `java.util.HashMap` (ClassicGroup.java: `members = new HashMap<>()`), so
/// leader succession (ClassicGroup.remove) and the members list given to the leader follow Java's iteration order.
/// Every expected order below was printed by Tests/Oracles/HashMapOrder.java, which replays the same puts and removes
/// on a real HashMap (`javac HashMapOrder.java && java HashMapOrder put:… remove:… print`).
@Suite struct JavaMemberOrderTests {
    private func member(_ id: String) -> GroupMember {
        GroupMember(
            memberId: id, clientId: id, sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, protocolType: "consumer",
            protocols: [.init(name: "range", metadata: [])])
    }

    @Test func colidingKeysIterateInPutOrderAndARemovedKeyReturnsLast() {
        // "Aa", "BB" and "C#" share String.hashCode 2112: one bucket, in put order.
        var group = ClassicGroup(groupId: "g")
        for id in ["Aa", "BB", "C#"] { group.add(member(id)) }
        #expect(group.memberOrder == ["Aa", "BB", "C#"])  // oracle: put:Aa put:BB put:C# print
        group.remove("Aa")
        #expect(group.leaderId == "BB", "ClassicGroup.remove: the first key of the iterator leads")
        group.add(member("Aa"))
        #expect(group.memberOrder == ["BB", "C#", "Aa"])  // oracle: … remove:Aa put:Aa print
    }

    @Test func orderFollowsTheTableAsItGrowsAndNeverShrinks() {
        var group = ClassicGroup(groupId: "g")
        for i in 0...13 { group.add(member("member-\(i)")) }
        // Oracle: put:member-0 … put:member-13 print (the 13th put resized the table from 16 to 32 buckets).
        #expect(
            group.memberOrder == [5, 6, 3, 13, 4, 12, 9, 11, 10, 7, 8, 1, 2, 0].map { "member-\($0)" })
        group.remove("member-3")
        group.remove("member-12")
        group.add(member("member-3"))
        // Oracle: … remove:member-3 remove:member-12 put:member-3 print
        #expect(group.memberOrder == [5, 6, 13, 3, 4, 9, 11, 10, 7, 8, 1, 2, 0].map { "member-\($0)" })
        for i in 14...24 { group.add(member("member-\(i)")) }
        // Oracle: … put:member-14 … put:member-24 print (64 buckets now)
        #expect(
            group.memberOrder
                == [19, 18, 17, 16, 5, 15, 6, 14, 13, 3, 24, 4, 23, 9, 11, 22, 10, 21, 7, 20, 8, 1, 2, 0].map { "member-\($0)" })
        #expect(group.leaderId == "member-0")
        group.remove("member-0")
        // Oracle: … remove:member-0 print → member-19 first: the new leader.
        #expect(group.leaderId == "member-19")
    }
}
