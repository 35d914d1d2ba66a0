import Testing

@testable import GroupCore

/// Cases from Kafka's RangeAssignor Javadoc and RangeAssignorTest.
@Suite struct RangeAssignorTests {
    let range = RangeAssignor()

    @Test func javadocExample() {
        let a = assign(range, ["t0": 3, "t1": 3], [member("C0", ["t0", "t1"]), member("C1", ["t0", "t1"])])
        #expect(
            normalized(a) == ["C0": [tp("t0", 0), tp("t0", 1), tp("t1", 0), tp("t1", 1)], "C1": [tp("t0", 2), tp("t1", 2)]])
    }

    @Test func oneConsumerNoTopic() {
        #expect(assign(range, [:], [member("consumer", [])]) == ["consumer": []])
    }

    @Test func oneConsumerNonexistentTopic() {
        #expect(assign(range, [:], [member("consumer", ["topic"])]) == ["consumer": []])
    }

    @Test func onlyAssignsPartitionsFromSubscribedTopics() {
        let a = assign(range, ["topic": 3, "other": 3], [member("consumer", ["topic"])])
        #expect(normalized(a) == ["consumer": [tp("topic", 0), tp("topic", 1), tp("topic", 2)]])
    }

    @Test func twoConsumersOneTopicOnePartition() {
        let a = assign(range, ["topic": 1], [member("consumer1", ["topic"]), member("consumer2", ["topic"])])
        #expect(a == ["consumer1": [tp("topic", 0)], "consumer2": []])
    }

    @Test func twoConsumersOneTopicTwoPartitions() {
        let a = assign(range, ["topic": 2], [member("consumer1", ["topic"]), member("consumer2", ["topic"])])
        #expect(a == ["consumer1": [tp("topic", 0)], "consumer2": [tp("topic", 1)]])
    }

    @Test func multipleConsumersMixedTopics() {
        let a = assign(
            range, ["topic1": 3, "topic2": 2],
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

    @Test func twoStaticConsumersOrderByInstanceId() {
        // Static members are ordered by group.instance.id, not by member id.
        let a = assign(
            range, ["topic1": 3, "topic2": 3],
            [
                member("consumer1", ["topic1", "topic2"], instance: "instance2"),
                member("consumer2", ["topic1", "topic2"], instance: "instance1"),
            ])
        #expect(
            normalized(a) == [
                "consumer2": [tp("topic1", 0), tp("topic1", 1), tp("topic2", 0), tp("topic2", 1)],
                "consumer1": [tp("topic1", 2), tp("topic2", 2)],
            ])
    }

    @Test func staticMembersComeBeforeDynamicOnes() {
        let a = assign(
            range, ["topic": 3],
            [
                member("a-dynamic", ["topic"]), member("z-static", ["topic"], instance: "i"),
            ])
        #expect(normalized(a) == ["z-static": [tp("topic", 0), tp("topic", 1)], "a-dynamic": [tp("topic", 2)]])
    }
}
