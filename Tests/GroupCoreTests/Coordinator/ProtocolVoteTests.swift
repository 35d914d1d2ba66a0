import Testing

@testable import GroupCore

/// Kafka's protocol vote and leader election.
@Suite struct ProtocolVoteTests {
    /// Members join with these protocol lists; returns the protocol the join phase chose.
    private func chosen(_ lists: [[String]]) -> String? {
        var d = CoordinatorDriver()
        for (i, list) in lists.enumerated() { _ = d.joinNew(client: "c\(i)", protocols: list) }
        d.advance(to: 6_000)
        #expect(d.state == .completingRebalance)
        return d.group?.protocolName
    }

    @Test func onlyACommonProtocolCanWin() {
        #expect(
            chosen([["range", "cooperative-sticky"], ["range", "cooperative-sticky"], ["cooperative-sticky"]])
                == "cooperative-sticky")
    }

    @Test func eachMemberVotesForItsFirstCommonProtocol() {
        #expect(
            chosen([["range", "cooperative-sticky"], ["cooperative-sticky", "range"], ["cooperative-sticky", "range"]])
                == "cooperative-sticky")
        #expect(
            chosen([["range", "cooperative-sticky"], ["range", "cooperative-sticky"], ["cooperative-sticky", "range"]]) == "range"
        )
        // The rolling upgrade from range to cooperative-sticky: the first bounce keeps range.
        #expect(chosen([["cooperative-sticky", "range"], ["range"], ["range"]]) == "range")
    }

    @Test func tiesGoToTheFirstProtocolInJavaHashMapOrder() {
        // ClassicGroup.selectProtocol: votes go into a HashMap<String, Integer>; stream().max(comparingInt) keeps the
        // first of equal counts in its iteration order. Expected values: Tests/Oracles/HashMapOrder.java
        // (`vote:roundrobin vote:range elect` prints range; `vote:roundrobin vote:sticky elect` prints sticky).
        #expect(chosen([["roundrobin", "range"], ["range", "roundrobin"]]) == "range")
        #expect(chosen([["sticky", "roundrobin"], ["roundrobin", "sticky"]]) == "sticky")
        #expect(chosen([["roundrobin", "sticky"], ["sticky", "roundrobin"]]) == "sticky")
    }

    @Test func firstJoinerLeadsAndLeadershipPassesInJavaHashMapOrder() {
        // ClassicGroup.add makes the first member leader; ClassicGroup.remove hands leadership to
        // members.keySet().iterator().next(), and currentClassicGroupMembers lists members.values() — HashMap order.
        var d = CoordinatorDriver()
        let ids = d.stableGroup(3)
        #expect(
            ids == [
                "c0-63cbe1e4-5932-4dd7-844c-3cd7f43c661c", "c1-e6984080-bab1-4a02-953a-eb70673e29cb",
                "c2-73d33b66-6a1e-41da-bfda-be86cbbeaa11",
            ], "the ids the oracle was run with")
        #expect(d.group?.leaderId == ids[0])
        // java HashMapOrder put:<c0> put:<c1> put:<c2> print → c2, c0, c1 (Tests/Oracles/HashMapOrder.java).
        #expect(d.group?.memberOrder == [ids[2], ids[0], ids[1]])
        d.send(Fixtures.leave(memberId: ids[0]))
        // … remove:<c0> print → c2, c1: c2 leads, although c1 joined before it.
        #expect(d.group?.leaderId == ids[2])
        let j1 = d.send(Fixtures.join(memberId: ids[1]))
        let j2 = d.send(Fixtures.join(memberId: ids[2]))
        let leaderView = d.answer(j2)?.join
        #expect(leaderView?.leader == ids[2])
        #expect(leaderView?.members.map(\.memberId) == [ids[2], ids[1]])
        let followerView = d.answer(j1)?.join
        #expect(followerView?.leader == ids[2])
        #expect(followerView?.members.isEmpty == true, "only the leader gets the members' metadata")
    }

    @Test func aLeaderThatDoesNotRejoinIsReplacedByOneThatDid() {
        // Static members are not dropped for missing a join phase; leadership still goes to someone who joined.
        var d = CoordinatorDriver()
        let a = d.send(Fixtures.join(instance: "a", session: 60_000, rebalance: 10_000), client: "a")
        let b = d.send(Fixtures.join(instance: "b", session: 60_000, rebalance: 10_000), client: "b")
        d.advance(to: 6_000)
        let idA = d.answer(a)!.join!.memberId, idB = d.answer(b)!.join!.memberId
        d.send(Fixtures.sync(memberId: idA, generation: 1, instance: "a"))
        d.send(Fixtures.sync(memberId: idB, generation: 1, instance: "b"))
        #expect(d.group?.leaderId == idA)
        let rejoinB = d.send(
            Fixtures.join(memberId: idB, instance: "b", session: 60_000, rebalance: 10_000, protocols: ["roundrobin", "range"]))
        #expect(d.state == .preparingRebalance)
        d.advance(to: 16_000)  // the join phase waits the largest rebalance timeout for a
        #expect(d.state == .completingRebalance)
        #expect(Set(d.group?.memberOrder ?? []) == [idA, idB], "a static member stays")
        #expect(d.group?.leaderId == idB)
        #expect(d.answer(rejoinB)?.join?.members.count == 2)
    }

    /// ClassicGroup.java keeps `supportedProtocols` (name → members supporting it): add and remove count a member's
    /// protocols in and out, updateMember decrements the old list and increments the new one, and
    /// supportsClassicProtocols accepts a joining member only if one of its protocols is supported by every member.
    @Test func theGroupAcceptsWhatEveryCurrentMemberSupports() {
        var d = CoordinatorDriver()
        let a = d.joinNew(client: "a", protocols: ["range", "roundrobin"])
        _ = d.joinNew(client: "b", protocols: ["range", "roundrobin"])
        d.send(Fixtures.join(memberId: a.memberId, protocols: ["roundrobin"]))  // updateMember, still preparing
        #expect(d.call(Fixtures.join(protocols: ["range"]), client: "c")?.join?.errorCode == .inconsistentGroupProtocol)
        #expect(d.call(Fixtures.join(protocols: ["roundrobin"]), client: "d")?.join?.errorCode == .memberIdRequired)
        d.send(Fixtures.leave(memberId: a.memberId))  // remove: b alone supports range again
        #expect(d.call(Fixtures.join(protocols: ["range"]), client: "e")?.join?.errorCode == .memberIdRequired)
        #expect(
            d.call(Fixtures.join(protocols: ["cooperative-sticky"]), client: "f")?.join?.errorCode == .inconsistentGroupProtocol)
    }
}
