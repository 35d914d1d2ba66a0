import KafkaWire
import Testing

/// Values inside the recorded frames that tools/wire-fixtures/drive_clients.py chose (topic, groups, client ids), and
/// values the clients and tansu are documented to send.
@Suite struct GoldenValueTests {
    func request(_ client: String, _ api: ApiKey, _ version: Int16) throws -> DecodedRequest {
        let frame = try #require(RecordedFrame.named(client, api, version, request: true))
        return try KafkaCodec.decodeRequest(frame.payload)
    }

    func response(_ client: String, _ api: ApiKey, _ version: Int16) throws -> KafkaResponse {
        let frame = try #require(RecordedFrame.named(client, api, version, request: false))
        return try KafkaCodec.decodeResponse(frame.payload, api: api, version: version).body
    }

    @Test func kafkaPythonJoinGroupV7() throws {
        let decoded = try request("kafka-python", .joinGroup, 7)
        #expect(decoded.header.clientId == "kafka-python-consumer")
        guard case .joinGroup(let join) = decoded.body else { Issue.record("not a JoinGroup"); return }
        #expect(join.groupId == "wire-fixtures-kafka-python")
        #expect(join.protocolType == "consumer")
        #expect(join.memberId == "")
        #expect(join.groupInstanceId == nil)
        // kafka-python's default partition_assignment_strategy: range, roundrobin.
        #expect(join.protocols.map(\.name) == ["range", "roundrobin"])
        // The subscription (ConsumerProtocolSubscription v3) names the topic.
        #expect(join.protocols.allSatisfy { $0.metadata.containsSubsequence(Array("wire-fixtures".utf8)) })
    }

    @Test func confluentJoinGroupV5() throws {
        let decoded = try request("confluent-kafka", .joinGroup, 5)
        #expect(decoded.header.clientId == "confluent-kafka-consumer")
        guard case .joinGroup(let join) = decoded.body else { Issue.record("not a JoinGroup"); return }
        #expect(join.groupId == "wire-fixtures-confluent")
        // librdkafka defaults: session.timeout.ms 45000, max.poll.interval.ms 300000.
        #expect(join.sessionTimeoutMs == 45000)
        #expect(join.rebalanceTimeoutMs == 300_000)
        #expect(join.protocols.map(\.name) == ["range", "roundrobin"])
    }

    @Test func createTopicsV7() throws {
        guard case .createTopics(let create) = try request("kafka-python", .createTopics, 7).body else {
            Issue.record("not CreateTopics")
            return
        }
        #expect(create.topics.map(\.name) == ["wire-fixtures"])
        #expect(create.topics.first?.numPartitions == 3)
        #expect(create.topics.first?.replicationFactor == 1)
    }

    @Test func producersNameTheTopicAndCarryRecords() throws {
        for (client, version) in [("kafka-python", Int16(9)), ("confluent-kafka", 10)] {
            guard case .produce(let produce) = try request(client, .produce, version).body else {
                Issue.record("not Produce")
                continue
            }
            #expect(produce.topicData.map(\.name) == ["wire-fixtures"])
            let records = try #require(produce.topicData.first?.partitionData.first?.records)
            // A record batch v2: magic byte 2 at offset 16.
            #expect(records.count > 61 && records[16] == 2)
        }
    }

    @Test func idempotentKafkaPythonProducerAsksForAProducerId() throws {
        let decoded = try request("kafka-python", .initProducerId, 4)
        #expect(decoded.header.clientId == "kafka-python-producer")
        guard case .initProducerId(let body) = decoded.body else { Issue.record("not InitProducerId"); return }
        #expect(body.transactionalId == nil)
        #expect(body.producerId == -1)
        guard case .initProducerId(let answer) = try response("kafka-python", .initProducerId, 4) else {
            Issue.record("not InitProducerId")
            return
        }
        #expect(answer.errorCode == 0)
        #expect(answer.producerId >= 0)
    }

    @Test func groupsAreFoundListedAndDescribed() throws {
        guard case .findCoordinator(let find) = try request("kafka-python", .findCoordinator, 4).body else {
            Issue.record("not FindCoordinator")
            return
        }
        #expect(find.coordinatorKeys == ["wire-fixtures-kafka-python"])
        #expect(find.keyType == 0)
        guard case .findCoordinator(let findV2) = try request("confluent-kafka", .findCoordinator, 2).body else {
            Issue.record("not FindCoordinator")
            return
        }
        #expect(findV2.key == "wire-fixtures-confluent")

        guard case .listGroups(let list) = try response("kafka-python", .listGroups, 5) else {
            Issue.record("not ListGroups")
            return
        }
        #expect(list.groups.map(\.groupId).contains("wire-fixtures-kafka-python"))
        #expect(list.groups.first?.protocolType == "consumer")

        guard case .describeGroups(let describe) = try request("kafka-python", .describeGroups, 5).body else {
            Issue.record("not DescribeGroups")
            return
        }
        #expect(describe.groups == ["wire-fixtures-kafka-python"])

        guard case .consumerGroupDescribe(let cgd) = try response("confluent-kafka", .consumerGroupDescribe, 0) else {
            Issue.record("not ConsumerGroupDescribe")
            return
        }
        #expect(cgd.groups.map(\.groupId) == ["wire-fixtures-confluent"])
        #expect(cgd.groups.first?.groupState == "Empty")
    }

    @Test func offsetsAreCommittedForTheTopic() throws {
        for (client, version) in [("kafka-python", Int16(8)), ("confluent-kafka", 9)] {
            guard case .offsetCommit(let commit) = try request(client, .offsetCommit, version).body else {
                Issue.record("not OffsetCommit")
                continue
            }
            #expect(commit.groupId == (client == "kafka-python" ? "wire-fixtures-kafka-python" : "wire-fixtures-confluent"))
            #expect(commit.topics.map(\.name) == ["wire-fixtures"])
            // Ten records were produced by each client before the consumer read them.
            #expect(commit.topics.flatMap(\.partitions).map(\.committedOffset).reduce(0, +) >= 10)
        }
    }

    @Test func apiVersionsRequestsNameTheClientSoftware() throws {
        guard case .apiVersions(let python) = try request("kafka-python", .apiVersions, 4).body else {
            Issue.record("not ApiVersions")
            return
        }
        #expect(python.clientSoftwareName == "kafka-python")
        guard case .apiVersions(let rdkafka) = try request("kcat", .apiVersions, 3).body else {
            Issue.record("not ApiVersions")
            return
        }
        #expect(rdkafka.clientSoftwareName == "librdkafka")
        #expect(rdkafka.clientSoftwareVersion == "2.0.2")
        // tansu's answer uses response header v0 even at v3 and lists ApiVersions itself.
        guard case .apiVersions(let answer) = try response("kcat", .apiVersions, 3) else {
            Issue.record("not ApiVersions")
            return
        }
        #expect(answer.errorCode == 0)
        #expect(answer.apiKeys.contains { $0.apiKey == 18 })
    }
}

extension Array where Element == UInt8 {
    fileprivate func containsSubsequence(_ needle: [UInt8]) -> Bool {
        guard needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { Array(self[$0..<$0 + needle.count]) == needle }
    }
}
