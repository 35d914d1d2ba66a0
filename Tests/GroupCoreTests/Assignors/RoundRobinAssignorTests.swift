import Testing

@testable import GroupCore

/// Cases from Kafka's RoundRobinAssignor Javadoc and RoundRobinAssignorTest.
@Suite struct RoundRobinAssignorTests {
    let rr = RoundRobinAssignor()

    @Test func javadocIdenticalSubscriptions() {
        let a = assign(rr, ["t0": 3, "t1": 3], [member("C0", ["t0", "t1"]), member("C1", ["t0", "t1"])])
        #expect(
            normalized(a) == ["C0": [tp("t0", 0), tp("t0", 2), tp("t1", 1)], "C1": [tp("t0", 1), tp("t1", 0), tp("t1", 2)]])
    }

    @Test func javadocDifferentSubscriptions() {
        let a = assign(
            rr, ["t0": 1, "t1": 2, "t2": 3],
            [
                member("C0", ["t0"]), member("C1", ["t0", "t1"]), member("C2", ["t0", "t1", "t2"]),
            ])
        #expect(
            normalized(a) == [
                "C0": [tp("t0", 0)],
                "C1": [tp("t1", 0)],
                "C2": [tp("t1", 1), tp("t2", 0), tp("t2", 1), tp("t2", 2)],
            ])
    }

    @Test func javadocStaticMembersKeepTheirOrderAcrossMemberIdChanges() {
        let topics = ["t0": 3, "t1": 3]
        let before = assign(
            rr, topics,
            [
                member("C0", ["t0", "t1"], instance: "I0"), member("C1", ["t0", "t1"], instance: "I1"),
                member("C2", ["t0", "t1"], instance: "I2"),
            ])
        let after = assign(
            rr, topics,
            [
                member("C5", ["t0", "t1"], instance: "I0"), member("C3", ["t0", "t1"], instance: "I1"),
                member("C4", ["t0", "t1"], instance: "I2"),
            ])
        #expect(normalized(before)["C0"] == [tp("t0", 0), tp("t1", 0)])
        #expect(normalized(after)["C5"] == [tp("t0", 0), tp("t1", 0)])
        #expect(normalized(after)["C3"] == [tp("t0", 1), tp("t1", 1)])
        #expect(normalized(after)["C4"] == [tp("t0", 2), tp("t1", 2)])
    }

    @Test func oneConsumerNonexistentTopic() {
        #expect(assign(rr, [:], [member("consumer", ["topic"])]) == ["consumer": []])
    }

    @Test func twoConsumersOneTopicOnePartition() {
        let a = assign(rr, ["topic": 1], [member("consumer1", ["topic"]), member("consumer2", ["topic"])])
        #expect(a == ["consumer1": [tp("topic", 0)], "consumer2": []])
    }

    @Test func multipleConsumersMixedTopics() {
        let a = assign(
            rr, ["topic1": 3, "topic2": 2],
            [
                member("consumer1", ["topic1"]), member("consumer2", ["topic1", "topic2"]), member("consumer3", ["topic1"]),
            ])
        #expect(
            normalized(a) == [
                "consumer1": [tp("topic1", 0)],
                "consumer2": [tp("topic1", 1), tp("topic2", 0), tp("topic2", 1)],
                "consumer3": [tp("topic1", 2)],
            ])
    }
}
