import KafkaWire
import Testing

/// The hand-written version table (SupportedVersions.swift) against the generated types, whose flexible versions come
/// from Kafka's JSON specs, and against issue 10's table.
@Suite struct VersionTableTests {
    @Test(arguments: ApiKey.allCases)
    func tableAgreesWithTheSpecs(api: ApiKey) {
        #expect(KafkaRequest.versions(of: api) == api.supportedVersions)
        #expect(KafkaResponse.versions(of: api) == api.supportedVersions)
        #expect(firstFlexible(api) == api.firstFlexibleVersion)
    }

    @Test func advertisedRangesAreIssue10s() {
        let advertised = Dictionary(
            uniqueKeysWithValues: ApiKey.advertisedApiVersions.map { ($0.apiKey, $0.minVersion...$0.maxVersion) })
        let expected: [Int16: ClosedRange<Int16>] = [
            0: 0...11, 1: 4...12, 2: 1...7, 3: 0...12, 8: 2...9, 9: 1...9, 10: 0...4, 11: 0...9, 12: 0...4, 13: 0...5,
            14: 0...5, 15: 0...5, 16: 0...5, 18: 0...4, 19: 2...7, 22: 0...4,
        ]
        #expect(advertised == expected)
        #expect(ApiKey.produce.rejectedVersions == 0...2)
    }

    @Test func headerVersionsFollowKafkasRules() {
        #expect(ApiKey.joinGroup.requestHeaderVersion(for: 5) == 1)
        #expect(ApiKey.joinGroup.requestHeaderVersion(for: 6) == 2)
        #expect(ApiKey.joinGroup.responseHeaderVersion(for: 5) == 0)
        #expect(ApiKey.joinGroup.responseHeaderVersion(for: 6) == 1)
        #expect(ApiKey.apiVersions.requestHeaderVersion(for: 3) == 2)
        #expect(ApiKey.apiVersions.responseHeaderVersion(for: 3) == 0)
        #expect(ApiKey.apiVersions.responseHeaderVersion(for: 4) == 0)
        #expect(ApiKey.consumerGroupDescribe.requestHeaderVersion(for: 0) == 2)
    }

    private func firstFlexible(_ api: ApiKey) -> Int16? {
        switch api {
        case .produce: ProduceRequest.firstFlexibleVersion
        case .fetch: FetchRequest.firstFlexibleVersion
        case .listOffsets: ListOffsetsRequest.firstFlexibleVersion
        case .metadata: MetadataRequest.firstFlexibleVersion
        case .offsetCommit: OffsetCommitRequest.firstFlexibleVersion
        case .offsetFetch: OffsetFetchRequest.firstFlexibleVersion
        case .findCoordinator: FindCoordinatorRequest.firstFlexibleVersion
        case .joinGroup: JoinGroupRequest.firstFlexibleVersion
        case .heartbeat: HeartbeatRequest.firstFlexibleVersion
        case .leaveGroup: LeaveGroupRequest.firstFlexibleVersion
        case .syncGroup: SyncGroupRequest.firstFlexibleVersion
        case .describeGroups: DescribeGroupsRequest.firstFlexibleVersion
        case .listGroups: ListGroupsRequest.firstFlexibleVersion
        case .apiVersions: ApiVersionsRequest.firstFlexibleVersion
        case .createTopics: CreateTopicsRequest.firstFlexibleVersion
        case .initProducerId: InitProducerIdRequest.firstFlexibleVersion
        case .consumerGroupDescribe: ConsumerGroupDescribeRequest.firstFlexibleVersion
        }
    }
}
