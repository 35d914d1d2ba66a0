import KafkaWire

import enum GroupCore.ConsumerProtocol
import enum GroupCore.CountedNoun
import typealias GroupCore.Millis
import struct GroupCore.TopicPartition

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Decoded describe answers → observed groups. A classic consumer group's members carry their subscription and
/// assignment as bytes of Kafka's consumer protocol (ConsumerProtocolSubscription / ConsumerProtocolAssignment),
/// which GroupCore's codec reads. The coordinator sends those bytes only while the group is Stable (Kafka's
/// `ClassicGroup.summary`: members without metadata or assignment otherwise), so an empty assignment outside Stable
/// means "unknown", not "owns nothing".
enum GroupDecoding {
    /// `decoded` remembers each member's decoded bytes: the reader keeps one from refresh to refresh, since most
    /// refreshes see the same members with the same assignments again.
    static func observed(
        _ g: DescribeGroupsResponse.DescribedGroup, coordinator: Int32, decoded: inout MemberDecodingCache
    ) -> ObservedGroup {
        var group = ObservedGroup(
            id: g.groupId, state: g.groupState.isEmpty ? "Unknown" : g.groupState, protocolType: g.protocolType,
            assignor: g.protocolData.isEmpty ? nil : g.protocolData, coordinator: coordinator)
        guard g.errorCode == 0 else {
            group.problem = "DescribeGroups: \(KafkaErrorNames.name(g.errorCode))"
            return group
        }
        let isConsumer = g.protocolType == ConsumerProtocol.protocolType
        var undecodable = 0
        for m in g.members {
            var assignment: [TopicPartition]?
            var topics: [String]?
            if isConsumer {
                let member = decoded.member(
                    group: g.groupId, member: m.memberId, assignment: m.memberAssignment, metadata: m.memberMetadata)
                if !m.memberAssignment.isEmpty {
                    assignment = member.assignment
                    if assignment == nil { undecodable += 1 }
                } else if g.groupState == "Stable" {
                    assignment = []
                }
                if !m.memberMetadata.isEmpty { topics = member.subscribedTopics }
            }
            group.members.append(
                ObservedMember(
                    memberId: m.memberId, groupInstanceId: m.groupInstanceId, clientId: m.clientId, host: m.clientHost,
                    assignment: assignment, subscribedTopics: topics))
        }
        var problems: [String] = []
        if undecodable > 0 { problems.append(CountedNoun.counted(undecodable, "member assignment") + " could not be decoded") }
        if isConsumer, g.groupState == "Stable", !g.members.isEmpty, g.members.allSatisfy({ $0.memberAssignment.isEmpty }) {
            // A Stable group whose leader assigned nothing to anyone is not what a consumer leader does when there
            // are partitions; a broker that does not keep assignments (tansu) answers this way. Owners: unknown.
            for i in group.members.indices { group.members[i].assignment = nil }
            problems.append("the coordinator sent no member assignments: owners unknown")
        }
        if g.groupState == "Stable" && g.members.isEmpty {
            // Kafka never has a Stable group without members (it would be Empty): the broker is not telling.
            problems.append("the coordinator says Stable but lists no members: owners unknown")
        }
        if !problems.isEmpty { group.problem = problems.joined(separator: "; ") }
        return group
    }

    /// A KIP-848 group: its members' assignments come as topic names and partition lists, the group has an epoch.
    static func observed(_ g: ConsumerGroupDescribeResponse.DescribedGroup, coordinator: Int32) -> ObservedGroup {
        var group = ObservedGroup(
            id: g.groupId, state: g.groupState.isEmpty ? "Unknown" : g.groupState, protocolType: ConsumerProtocol.protocolType,
            assignor: g.assignorName.isEmpty ? nil : g.assignorName, epoch: g.groupEpoch, coordinator: coordinator)
        guard g.errorCode == 0 else {
            group.problem = "ConsumerGroupDescribe: \(g.errorMessage ?? KafkaErrorNames.name(g.errorCode))"
            return group
        }
        group.members = g.members.map { m in
            ObservedMember(
                memberId: m.memberId, groupInstanceId: m.instanceId, clientId: m.clientId, host: m.clientHost,
                assignment: m.assignment.topicPartitions.flatMap { t in t.partitions.map { TopicPartition(t.topicName, $0) } },
                subscribedTopics: m.subscribedTopicNames)
        }
        return group
    }
}

/// Classic members' decoded assignment and subscription, by group and member id, from one refresh to the next. A
/// stable group describes the same member with the same bytes every time: comparing them with the bytes decoded
/// last time is far cheaper than decoding them again, or than hashing them (an assignment of a few hundred
/// partitions is kilobytes). Emptied when it reaches `limit` members, so it stays bounded.
struct MemberDecodingCache {
    struct Key: Hashable {
        var group: String
        var member: String
    }

    /// One member's bytes and what they decode to (nil: undecodable).
    struct Entry {
        var assignmentBytes: [UInt8]
        var assignment: [TopicPartition]?
        var metadataBytes: [UInt8]
        var subscribedTopics: [String]?
    }

    static let limit = 4_096
    private var entries: [Key: Entry] = [:]

    var count: Int { entries.count }

    /// The member's bytes decoded: ConsumerProtocol's assignment and subscription topics, each nil when undecodable.
    mutating func member(group: String, member: String, assignment: [UInt8], metadata: [UInt8]) -> Entry {
        let key = Key(group: group, member: member)
        if var entry = entries[key] {
            let sameAssignment = Self.same(entry.assignmentBytes, assignment)
            let sameMetadata = Self.same(entry.metadataBytes, metadata)
            if sameAssignment && sameMetadata { return entry }
            if !sameAssignment {
                entry.assignmentBytes = assignment
                entry.assignment = try? ConsumerProtocol.decodeAssignment(assignment)
            }
            if !sameMetadata {
                entry.metadataBytes = metadata
                entry.subscribedTopics = (try? ConsumerProtocol.decodeSubscription(metadata))?.topics
            }
            entries[key] = entry
            return entry
        }
        let entry = Entry(
            assignmentBytes: assignment, assignment: try? ConsumerProtocol.decodeAssignment(assignment),
            metadataBytes: metadata, subscribedTopics: (try? ConsumerProtocol.decodeSubscription(metadata))?.topics)
        if entries.count >= Self.limit { entries.removeAll() }
        entries[key] = entry
        return entry
    }

    /// Byte-wise equality with memcmp (Array's `==` compares element by element).
    static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { x in
            b.withUnsafeBytes { y in
                guard let p = x.baseAddress, let q = y.baseAddress else { return true }
                return memcmp(p, q, x.count) == 0
            }
        }
    }
}
