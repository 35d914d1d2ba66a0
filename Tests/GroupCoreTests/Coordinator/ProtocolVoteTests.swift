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

    @Test func tiesGoToTheSmallerNameForDeterminism() {
        // Kafka leaves a tie to hash order; GroupScope breaks it by name.
        #expect(chosen([["roundrobin", "range"], ["range", "roundrobin"]]) == "range")
        #expect(chosen([["sticky", "roundrobin"], ["roundrobin", "sticky"]]) == "roundrobin")
    }

    @Test func firstJoinerLeadsAndLeadershipPassesWhenTheLeaderLeaves() {
        var d = CoordinatorDriver()
        let ids = d.stableGroup(3)
        #expect(d.group?.leaderId == ids[0])
        d.send(Fixtures.leave(memberId: ids[0]))
        #expect(d.group?.leaderId == ids[1], "the next member in join order")
        let j1 = d.send(Fixtures.join(memberId: ids[1]))
        let j2 = d.send(Fixtures.join(memberId: ids[2]))
        let leaderView = d.answer(j1)?.join
        #expect(leaderView?.leader == ids[1])
        #expect(leaderView?.members.map(\.memberId) == [ids[1], ids[2]])
        let followerView = d.answer(j2)?.join
        #expect(followerView?.leader == ids[1])
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
        #expect(d.group?.memberOrder == [idA, idB], "a static member stays")
        #expect(d.group?.leaderId == idB)
        #expect(d.answer(rejoinB)?.join?.members.count == 2)
    }
}
