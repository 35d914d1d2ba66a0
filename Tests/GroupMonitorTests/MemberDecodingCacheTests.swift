import GroupCore
import Testing

@testable import GroupMonitor

/// The reader remembers each classic member's decoded bytes between refreshes. Whatever it remembers, a member must
/// read exactly as ConsumerProtocol decodes its current bytes (Kafka's ConsumerProtocolAssignment and
/// ConsumerProtocolSubscription; GroupCore's codec is checked against kafka-python's bytes).
@Suite struct MemberDecodingCacheTests {
    let orders0 = ConsumerProtocol.encodeAssignment([TopicPartition("orders", 0)])
    let orders1 = ConsumerProtocol.encodeAssignment([TopicPartition("orders", 1), TopicPartition("orders", 2)])
    let subscription = ConsumerProtocol.encode(.init(topics: ["orders"]))

    @Test func aMemberReadsAsItsCurrentBytes() {
        var cache = MemberDecodingCache()
        let first = cache.member(group: "billing", member: "m-1", assignment: orders0, metadata: subscription)
        #expect(first.assignment == [TopicPartition("orders", 0)])
        #expect(first.subscribedTopics == ["orders"])
        // Same bytes: the same answer (remembered).
        #expect(
            cache.member(group: "billing", member: "m-1", assignment: orders0, metadata: subscription).assignment
                == first.assignment)
        // A rebalance moved partitions: the new bytes are decoded, not the old answer reused.
        let moved = cache.member(group: "billing", member: "m-1", assignment: orders1, metadata: subscription)
        #expect(moved.assignment == [TopicPartition("orders", 1), TopicPartition("orders", 2)])
        // The subscription changes on its own.
        let resubscribed = cache.member(
            group: "billing", member: "m-1", assignment: orders1,
            metadata: ConsumerProtocol.encode(.init(topics: ["audit", "orders"])))
        #expect(resubscribed.subscribedTopics == ["audit", "orders"])
        #expect(resubscribed.assignment == moved.assignment)
        // Bytes that are not an assignment (a version, then a truncated topic count): undecodable, nil.
        #expect(cache.member(group: "billing", member: "m-1", assignment: [0, 3, 0], metadata: subscription).assignment == nil)
        #expect(cache.count == 1)
    }

    @Test func membersAreKeptApartByGroupAndId() {
        var cache = MemberDecodingCache()
        _ = cache.member(group: "billing", member: "m-1", assignment: orders0, metadata: subscription)
        let other = cache.member(group: "shipping", member: "m-1", assignment: orders1, metadata: subscription)
        #expect(other.assignment == [TopicPartition("orders", 1), TopicPartition("orders", 2)])
        #expect(
            cache.member(group: "billing", member: "m-1", assignment: orders0, metadata: subscription).assignment
                == [TopicPartition("orders", 0)])
        #expect(cache.count == 2)
    }

    @Test func staysBounded() {
        var cache = MemberDecodingCache()
        for i in 0..<(MemberDecodingCache.limit + 10) {
            _ = cache.member(group: "g", member: "m-\(i)", assignment: orders0, metadata: subscription)
        }
        // Emptied when full, then the last 10 members added again.
        #expect(cache.count == 10)
    }
}
