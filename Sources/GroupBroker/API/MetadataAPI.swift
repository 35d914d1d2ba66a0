import GroupCore
import GroupSim
import KafkaWire

/// Metadata, CreateTopics and FindCoordinator: one broker, node 0, leader of every partition, controller and group
/// coordinator.
enum MetadataAPI {
    static let nodeId: Int32 = 0
    static let clusterId = "groupscope-simulated-cluster"

    static func metadata(_ r: MetadataRequest, _ context: RequestContext) -> MetadataResponse {
        let simulation = context.simulation
        var response = MetadataResponse(
            brokers: [
                .init(nodeId: nodeId, host: context.state.advertised.host, port: Int32(context.state.advertised.port))
            ],
            clusterId: clusterId, controllerId: nodeId)
        // v0: an empty array means all topics; v1+: null means all.
        let requested: [String]? =
            context.version == 0 && (r.topics ?? []).isEmpty ? nil : r.topics.map { $0.compactMap(\.name) }
        // Kafka's auto.create.topics.enable=true: v0–3 always allow it; v4+ ask (allow_auto_topic_creation).
        let autoCreate = context.version < 4 || r.allowAutoTopicCreation
        let counts = Dictionary(simulation.topicPartitionCounts.map { ($0.name, $0.partitions) }, uniquingKeysWith: { a, _ in a })
        for name in requested ?? simulation.topicPartitionCounts.map(\.name) {
            if counts[name] == nil {
                guard TopicName.isValid(name) else {
                    response.topics.append(.init(errorCode: KafkaErrorCode.invalidTopicException, name: name))
                    continue
                }
                guard autoCreate else {
                    response.topics.append(.init(errorCode: KafkaErrorCode.unknownTopicOrPartition, name: name))
                    continue
                }
                simulation.createExternalTopic(name, partitions: context.state.config.defaultPartitions)
            }
            let partitions = counts[name] ?? context.state.config.defaultPartitions
            response.topics.append(
                .init(
                    errorCode: KafkaErrorCode.none, name: name,
                    partitions: (0..<partitions).map {
                        .init(
                            partitionIndex: Int32($0), leaderId: nodeId, leaderEpoch: -1, replicaNodes: [nodeId],
                            isrNodes: [nodeId])
                    }))
        }
        return response
    }

    static func createTopics(_ r: CreateTopicsRequest, _ context: RequestContext) -> CreateTopicsResponse {
        let existing = Set(context.simulation.topicPartitionCounts.map(\.name))
        var response = CreateTopicsResponse()
        for topic in r.topics {
            var result = CreateTopicsResponse.CreatableTopicResult(name: topic.name)
            let partitions = topic.numPartitions == -1 ? context.state.config.defaultPartitions : Int(topic.numPartitions)
            let retentionMs = topic.configs.first { $0.name == "retention.ms" }?.value.flatMap { Int64($0) }
            if existing.contains(topic.name) {
                result.errorCode = KafkaErrorCode.topicAlreadyExists
                result.errorMessage = "Topic '\(topic.name)' already exists."
            } else if !TopicName.isValid(topic.name) {
                result.errorCode = KafkaErrorCode.invalidTopicException
                result.errorMessage = "Topic name '\(topic.name)' is illegal: up to 249 of [a-zA-Z0-9._-], not . or .."
            } else if !(1...10_000).contains(partitions) || !topic.assignments.isEmpty {
                result.errorCode = KafkaErrorCode.invalidPartitions
                result.errorMessage = "Number of partitions must be from 1 to 10000 (and no manual assignment)."
            } else if topic.replicationFactor != -1 && topic.replicationFactor != 1 {
                result.errorCode = KafkaErrorCode.invalidReplicationFactor
                result.errorMessage = "Replication factor: \(topic.replicationFactor) larger than available brokers: 1."
            } else {
                if !r.validateOnly {
                    context.simulation.createExternalTopic(
                        topic.name, partitions: partitions, retentionMs: retentionMs.map { Millis($0) })
                }
                result.numPartitions = Int32(partitions)
                result.replicationFactor = 1
            }
            if result.errorCode != KafkaErrorCode.none {
                result.numPartitions = -1
                result.replicationFactor = -1
            }
            response.topics.append(result)
        }
        return response
    }

    static func findCoordinator(_ r: FindCoordinatorRequest, _ context: RequestContext) -> FindCoordinatorResponse {
        let (host, port) = context.state.advertised
        // Key type 1 is a transaction coordinator: transactions are not served.
        let error = r.keyType == 0 ? KafkaErrorCode.none : KafkaErrorCode.coordinatorNotAvailable
        if context.version >= 4 {
            return FindCoordinatorResponse(
                coordinators: r.coordinatorKeys.map {
                    .init(
                        key: $0, nodeId: error == 0 ? nodeId : -1, host: error == 0 ? host : "",
                        port: error == 0 ? Int32(port) : -1, errorCode: error)
                })
        }
        return FindCoordinatorResponse(
            errorCode: error, nodeId: error == 0 ? nodeId : -1, host: error == 0 ? host : "", port: error == 0 ? Int32(port) : -1)
    }
}

/// Kafka's `Topic.validate`: 1 to 249 characters of `[a-zA-Z0-9._-]`, and not `.` or `..`.
enum TopicName {
    static func isValid(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 249, name != ".", name != ".." else { return false }
        return name.utf8.allSatisfy { c in
            (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x2E || c == 0x5F
                || c == 0x2D
        }
    }
}
