@testable import GroupCore

func tp(_ topic: String, _ partition: Int32) -> TopicPartition { TopicPartition(topic, partition) }

func member(_ id: String, _ topics: [String], owned: [TopicPartition] = [], generation: Int32 = -1, instance: String? = nil)
    -> MemberSubscription
{
    MemberSubscription(memberId: id, groupInstanceId: instance, topics: topics, ownedPartitions: owned, generation: generation)
}

func assign(_ assignor: any PartitionAssignor, _ topics: [String: Int], _ members: [MemberSubscription]) -> [String:
    [TopicPartition]]
{
    assignor.assign(GroupSubscription(members: members, partitionsPerTopic: topics))
}

/// Each member's partitions as a sorted list, so results compare independent of list order.
func normalized(_ a: [String: [TopicPartition]]) -> [String: [TopicPartition]] {
    a.mapValues { $0.sorted() }
}
