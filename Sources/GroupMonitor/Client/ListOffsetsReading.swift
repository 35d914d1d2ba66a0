import KafkaWire

/// What the monitor keeps of a ListOffsets answer: per topic, each partition's error code and offset.
struct ListOffsetsAnswer: Equatable {
    struct Topic: Equatable {
        var name: String
        var partitions: [Partition]
    }

    struct Partition: Equatable {
        var partitionIndex: Int32
        var errorCode: Int16
        var offset: Int64
    }

    var topics: [Topic] = []
}

/// ListOffsets answers (Kafka's ListOffsetsResponse.json, v1–7) read straight into `ListOffsetsAnswer`: the two
/// answers per leader and refresh carry every partition of the cluster, and their message structs (a tagged-field
/// array per partition) cost more to build and free than the three numbers the monitor reads. Walks the same schema
/// as the generated `ListOffsetsResponse` decoder, skipping timestamps, leader epochs and tagged fields after
/// checking them, so a malformed answer fails with the same `WireError`.
enum ListOffsetsReading {
    static let apiKey = ListOffsetsResponse.apiKey.rawValue

    static func read(_ reader: inout WireReader, version: Int16) throws(WireError) -> ListOffsetsAnswer {
        try AnswerReading.read(&reader, apiKey: apiKey, versions: ListOffsetsResponse.versions, version: version) {
            reader throws(WireError) in try readFields(&reader, version: version)
        }
    }

    private static func readFields(_ reader: inout WireReader, version: Int16) throws(WireError) -> ListOffsetsAnswer {
        let flexible = version >= 6
        var answer = ListOffsetsAnswer()
        if version >= 2 { _ = try reader.readInt32("ThrottleTimeMs") }
        let count = try reader.readArrayCount(flexible: flexible, "Topics")
        answer.topics.reserveCapacity(count)
        for _ in 0..<count {
            do throws(WireError) {
                let name = try reader.readString(flexible: flexible, "Name")
                let partitionCount = try reader.readArrayCount(flexible: flexible, "Partitions")
                var partitions: [ListOffsetsAnswer.Partition] = []
                partitions.reserveCapacity(partitionCount)
                for _ in 0..<partitionCount {
                    do throws(WireError) {
                        let index = try reader.readInt32("PartitionIndex")
                        let errorCode = try reader.readInt16("ErrorCode")
                        _ = try reader.readInt64("Timestamp")
                        let offset = try reader.readInt64("Offset")
                        if version >= 4 { _ = try reader.readInt32("LeaderEpoch") }
                        if flexible { try reader.skipTaggedFields("TaggedFields") }
                        partitions.append(
                            ListOffsetsAnswer.Partition(partitionIndex: index, errorCode: errorCode, offset: offset))
                    } catch { throw error.inField("Partitions") }
                }
                if flexible { try reader.skipTaggedFields("TaggedFields") }
                answer.topics.append(ListOffsetsAnswer.Topic(name: name, partitions: partitions))
            } catch { throw error.inField("Topics") }
        }
        if flexible { try reader.skipTaggedFields("TaggedFields") }
        return answer
    }
}
