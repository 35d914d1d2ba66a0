import KafkaWire

/// What the monitor keeps of a Metadata answer: the cluster, its brokers, and each topic's partitions with their
/// leaders. Replica and ISR lists, leader epochs, topic ids and authorized operations are not kept.
struct MetadataAnswer: Equatable {
    struct Broker: Equatable {
        var nodeId: Int32
        var host: String
        var port: Int32
        var rack: String?
    }

    struct Topic: Equatable {
        var errorCode: Int16
        /// Null only from v12 (a topic asked for by id); the monitor asks by name.
        var name: String?
        var isInternal: Bool
        var partitions: [Partition]
    }

    struct Partition: Equatable {
        var errorCode: Int16
        var partitionIndex: Int32
        /// −1 without a leader.
        var leaderId: Int32
    }

    var brokers: [Broker] = []
    var clusterId: String?
    /// −1 when unknown (and before v1).
    var controllerId: Int32 = -1
    var topics: [Topic] = []
}

/// Metadata answers (Kafka's MetadataResponse.json, v0–12) read straight into `MetadataAnswer`. Decoding the
/// ~10,000 partitions of a large cluster into the message's structs allocated a replica and an ISR array for each
/// of them, then freed them all again, on every refresh, for three numbers per partition. This reader walks the same
/// schema as the generated `MetadataResponse` decoder, version by version, and skips what it does not keep after
/// checking it, so a malformed answer fails with the same `WireError` (field path, offset, API and version).
enum MetadataReading {
    static let apiKey = MetadataResponse.apiKey.rawValue

    static func read(_ reader: inout WireReader, version: Int16) throws(WireError) -> MetadataAnswer {
        try AnswerReading.read(&reader, apiKey: apiKey, versions: MetadataResponse.versions, version: version) {
            reader throws(WireError) in try readFields(&reader, version: version)
        }
    }

    private static func readFields(_ reader: inout WireReader, version: Int16) throws(WireError) -> MetadataAnswer {
        let flexible = version >= 9
        var answer = MetadataAnswer()
        if version >= 3 { _ = try reader.readInt32("ThrottleTimeMs") }
        let brokerCount = try reader.readArrayCount(flexible: flexible, "Brokers")
        answer.brokers.reserveCapacity(brokerCount)
        for _ in 0..<brokerCount {
            do throws(WireError) {
                let nodeId = try reader.readInt32("NodeId")
                let host = try reader.readString(flexible: flexible, "Host")
                let port = try reader.readInt32("Port")
                let rack = version >= 1 ? try reader.readNullableString(flexible: flexible, "Rack") : nil
                if flexible { try reader.skipTaggedFields("TaggedFields") }
                answer.brokers.append(MetadataAnswer.Broker(nodeId: nodeId, host: host, port: port, rack: rack))
            } catch { throw error.inField("Brokers") }
        }
        if version >= 2 { answer.clusterId = try reader.readNullableString(flexible: flexible, "ClusterId") }
        if version >= 1 { answer.controllerId = try reader.readInt32("ControllerId") }
        let topicCount = try reader.readArrayCount(flexible: flexible, "Topics")
        answer.topics.reserveCapacity(topicCount)
        for _ in 0..<topicCount {
            do throws(WireError) {
                answer.topics.append(try readTopic(&reader, version: version))
            } catch { throw error.inField("Topics") }
        }
        if version >= 8 && version <= 10 { _ = try reader.readInt32("ClusterAuthorizedOperations") }
        if flexible { try reader.skipTaggedFields("TaggedFields") }
        return answer
    }

    private static func readTopic(_ reader: inout WireReader, version: Int16) throws(WireError) -> MetadataAnswer.Topic {
        let flexible = version >= 9
        let errorCode = try reader.readInt16("ErrorCode")
        let name =
            version >= 12
            ? try reader.readNullableString(flexible: flexible, "Name") : try reader.readString(flexible: flexible, "Name")
        if version >= 10 { _ = try reader.readUUID("TopicId") }
        let isInternal = version >= 1 ? try reader.readBool("IsInternal") : false
        let count = try reader.readArrayCount(flexible: flexible, "Partitions")
        var partitions: [MetadataAnswer.Partition] = []
        partitions.reserveCapacity(count)
        for _ in 0..<count {
            do throws(WireError) {
                let errorCode = try reader.readInt16("ErrorCode")
                let partitionIndex = try reader.readInt32("PartitionIndex")
                let leaderId = try reader.readInt32("LeaderId")
                if version >= 7 { _ = try reader.readInt32("LeaderEpoch") }
                try skipInt32Array(&reader, flexible: flexible, "ReplicaNodes")
                try skipInt32Array(&reader, flexible: flexible, "IsrNodes")
                if version >= 5 { try skipInt32Array(&reader, flexible: flexible, "OfflineReplicas") }
                if flexible { try reader.skipTaggedFields("TaggedFields") }
                partitions.append(
                    MetadataAnswer.Partition(errorCode: errorCode, partitionIndex: partitionIndex, leaderId: leaderId))
            } catch { throw error.inField("Partitions") }
        }
        if version >= 8 { _ = try reader.readInt32("TopicAuthorizedOperations") }
        if flexible { try reader.skipTaggedFields("TaggedFields") }
        return MetadataAnswer.Topic(errorCode: errorCode, name: name, isInternal: isInternal, partitions: partitions)
    }

    /// An array of INT32 (node ids), skipped element by element so that a truncated one fails where reading would.
    private static func skipInt32Array(_ reader: inout WireReader, flexible: Bool, _ field: StaticString) throws(WireError) {
        let count = try reader.readArrayCount(flexible: flexible, field)
        for _ in 0..<count { _ = try reader.readInt32(field) }
    }
}
