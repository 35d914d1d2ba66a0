import KafkaWire

/// OffsetFetch answers (Kafka's OffsetFetchResponse.json, v1–9) read straight into committed offsets. One refresh of
/// a large cluster brings ~100,000 committed partitions; decoding them into the message's structs first (each with a
/// metadata string and a tagged-field array), copying them into arrays, then destroying the structs cost several
/// times the reading itself. This reader walks the same schema as the generated `OffsetFetchResponse` decoder, field
/// by field and version by version, keeps what the monitor uses (group ids, error codes, partitions and committed
/// offsets) and skips the rest (leader epoch, metadata, tagged fields) after checking their lengths, so a malformed
/// answer fails with the same `WireError` (field path, offset, API and version) as the generated decoder.
enum OffsetFetchReading {
    /// One group's answer. Before v8 the answer has no group id (it is the request's only group): `groupId` is empty.
    struct Group: Equatable {
        var groupId: String
        var errorCode: Int16
        /// Partitions with an error or without a commit (offset −1) are left out; normalized (`CommittedTopic`).
        var topics: [CommittedTopic]
    }

    static let apiKey = OffsetFetchResponse.apiKey.rawValue

    /// Reads one OffsetFetch response body at `version`.
    static func read(_ reader: inout WireReader, version: Int16) throws(WireError) -> [Group] {
        try AnswerReading.read(&reader, apiKey: apiKey, versions: OffsetFetchResponse.versions, version: version) {
            reader throws(WireError) in try readFields(&reader, version: version)
        }
    }

    private static func readFields(_ reader: inout WireReader, version: Int16) throws(WireError) -> [Group] {
        let flexible = version >= 6
        if version >= 3 { _ = try reader.readInt32("ThrottleTimeMs") }
        var groups: [Group] = []
        if version <= 7 {
            let topics = try readTopics(&reader, version: version, "Topics")
            let errorCode = version >= 2 ? try reader.readInt16("ErrorCode") : 0
            groups.append(Group(groupId: "", errorCode: errorCode, topics: topics))
        } else {
            let count = try reader.readArrayCount(flexible: flexible, "Groups")
            groups.reserveCapacity(count)
            for _ in 0..<count {
                do throws(WireError) {
                    let groupId = try reader.readString(flexible: flexible, "GroupId")
                    let topics = try readTopics(&reader, version: version, "Topics")
                    let errorCode = try reader.readInt16("ErrorCode")
                    try reader.skipTaggedFields("TaggedFields")
                    groups.append(Group(groupId: groupId, errorCode: errorCode, topics: topics))
                } catch { throw error.inField("Groups") }
            }
        }
        if flexible { try reader.skipTaggedFields("TaggedFields") }
        return groups
    }

    /// A topics array (top level before v8, inside each group from v8): the same layout in every version.
    private static func readTopics(_ reader: inout WireReader, version: Int16, _ field: StaticString) throws(WireError)
        -> [CommittedTopic]
    {
        let flexible = version >= 6
        let count = try reader.readArrayCount(flexible: flexible, field)
        var topics: [CommittedTopic] = []
        topics.reserveCapacity(count)
        for _ in 0..<count {
            do throws(WireError) {
                let name = try reader.readString(flexible: flexible, "Name")
                let partitionCount = try reader.readArrayCount(flexible: flexible, "Partitions")
                var topic = CommittedTopic(topic: name, partitions: [], offsets: [])
                topic.partitions.reserveCapacity(partitionCount)
                topic.offsets.reserveCapacity(partitionCount)
                for _ in 0..<partitionCount {
                    do throws(WireError) {
                        let partition = try reader.readInt32("PartitionIndex")
                        let offset = try reader.readInt64("CommittedOffset")
                        if version >= 5 { _ = try reader.readInt32("CommittedLeaderEpoch") }
                        try reader.skipNullableString(flexible: flexible, "Metadata")
                        let errorCode = try reader.readInt16("ErrorCode")
                        if flexible { try reader.skipTaggedFields("TaggedFields") }
                        if errorCode == 0 && offset >= 0 {
                            topic.partitions.append(partition)
                            topic.offsets.append(offset)
                        }
                    } catch { throw error.inField("Partitions") }
                }
                if flexible { try reader.skipTaggedFields("TaggedFields") }
                if !topic.partitions.isEmpty { topics.append(topic) }
            } catch { throw error.inField(field.description) }
        }
        return CommittedTopic.normalized(topics)
    }
}
