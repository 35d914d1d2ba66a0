import KafkaWire
import Testing

/// Bytes written out by hand from Kafka's message specs (clients/src/main/resources/common/message/*.json) and
/// header rules (RequestHeader.json, ResponseHeader.json, ApiKeys.requestHeaderVersion/responseHeaderVersion), on
/// both sides of each API's first flexible version. Never produced by this codec's writer.
@Suite struct HandBuiltBytesTests {
    // HeartbeatRequest.json: GroupId string, GenerationId int32, MemberId string, GroupInstanceId string 3+
    // nullable 3+; flexible 4+. Request header v1 below flexible, v2 (client id stays INT16) from v4.
    static let heartbeatV3Frame: [UInt8] = [
        0, 0, 0, 23, 0, 12, 0, 3, 0, 0, 0, 7, 0, 1, 0x63,  // header v1: key 12, v3, correlation 7, client "c"
        0, 1, 0x67, 0, 0, 0, 5, 0, 1, 0x6D, 0xFF, 0xFF,  // "g", generation 5, "m", instance null
    ]
    static let heartbeatV4Frame: [UInt8] = [
        0, 0, 0, 22, 0, 12, 0, 4, 0, 0, 0, 7, 0, 1, 0x63, 0,  // header v2: ... client "c", no tagged fields
        2, 0x67, 0, 0, 0, 5, 2, 0x6D, 0, 0,  // compact "g", 5, compact "m", null, no tagged fields
    ]

    @Test(arguments: [3, 4] as [Int16])
    func heartbeatRequestOnBothSidesOfFlexible(version: Int16) throws {
        let frame = version == 3 ? Self.heartbeatV3Frame : Self.heartbeatV4Frame
        let decoded = try KafkaCodec.decodeRequest(Array(frame.dropFirst(4)))
        #expect(decoded.header == RequestHeader(api: .heartbeat, version: version, correlationId: 7, clientId: "c"))
        let expected = HeartbeatRequest(groupId: "g", generationId: 5, memberId: "m", groupInstanceId: nil)
        #expect(decoded.body == .heartbeat(expected))
        #expect(KafkaCodec.encodeRequest(expected, version: version, correlationId: 7, clientId: "c") == frame)
        // The same frame from a body encoded on its own (header and size prefix added around it).
        let body = KafkaCodec.encodeRequestBody(expected, version: version)
        #expect(Array(frame.suffix(body.count)) == body)
        #expect(
            KafkaCodec.encodeRequest(encodedBody: body, api: .heartbeat, version: version, correlationId: 7, clientId: "c")
                == frame)
    }

    // HeartbeatResponse.json: ThrottleTimeMs int32 1+, ErrorCode int16; response header v1 (tagged fields) from v4.
    @Test func heartbeatResponseOnBothSidesOfFlexible() throws {
        let response = HeartbeatResponse(throttleTimeMs: 0, errorCode: KafkaErrorCode.rebalanceInProgress)
        let v3: [UInt8] = [0, 0, 0, 10, 0, 0, 0, 7, 0, 0, 0, 0, 0, 27]
        let v4: [UInt8] = [0, 0, 0, 12, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 27, 0]
        #expect(KafkaCodec.encodeResponse(response, version: 3, correlationId: 7) == v3)
        #expect(KafkaCodec.encodeResponse(response, version: 4, correlationId: 7) == v4)
        let decoded = try KafkaCodec.decodeResponse(Array(v4.dropFirst(4)), to: HeartbeatRequest.self, version: 4)
        #expect(decoded.header.correlationId == 7)
        #expect(decoded.body == response)
    }

    // ApiVersionsResponse.json v3 is flexible, but its response header stays v0: no tagged-field byte after the
    // correlation id (ApiKeys.API_VERSIONS.responseHeaderVersion is always 0).
    @Test func apiVersionsResponseV3KeepsResponseHeaderV0() throws {
        let frame: [UInt8] = [
            0, 0, 0, 19, 0, 0, 0, 7,  // size, correlation id, and no header tagged fields
            0, 0, 2, 0, 18, 0, 0, 0, 4, 0,  // error 0, compact array of 1: key 18, 0...4, no tags
            0, 0, 0, 0, 0,  // throttle 0, no tagged fields
        ]
        let response = ApiVersionsResponse(
            errorCode: 0, apiKeys: [ApiVersionsResponse.ApiVersion(apiKey: 18, minVersion: 0, maxVersion: 4)])
        #expect(KafkaCodec.encodeResponse(response, version: 3, correlationId: 7) == frame)
        #expect(
            try KafkaCodec.decodeResponse(Array(frame.dropFirst(4)), api: .apiVersions, version: 3).body
                == .apiVersions(response))
    }

    // ApiVersionsRequest.getErrorResponse (KIP-511): v0 layout, error 35, ApiVersions' own range.
    @Test func unsupportedApiVersionsAnswerIsTheV0LayoutWithError35() throws {
        let expected: [UInt8] = [0, 0, 0, 16, 0, 0, 0, 9, 0, 35, 0, 0, 0, 1, 0, 18, 0, 0, 0, 4]
        #expect(KafkaCodec.unsupportedApiVersionsResponse(correlationId: 9) == expected)
        // A v5 request (one version above ours) is refused with a typed error that still yields its correlation id.
        let request: [UInt8] = [0, 18, 0, 5, 0, 0, 0, 9, 0, 1, 0x63, 0, 1, 1, 0]
        #expect(
            throws: WireError(
                .unsupportedVersion(apiKey: 18, version: 5), offset: 2, field: "RequestApiVersion", apiKey: 18, version: 5)
        ) { try KafkaCodec.decodeRequest(request) }
        #expect(try RequestHeader.peek(request).correlationId == 9)
        do {
            _ = try KafkaCodec.decodeRequest(request)
        } catch {
            #expect(KafkaCodec.responseToUndecodableRequest(request, error: error) == expected)
        }
        // Any other undecodable request gets no answer: the connection is closed.
        let heartbeatV9: [UInt8] = [0, 12, 0, 9, 0, 0, 0, 9, 0xFF, 0xFF, 0]
        do {
            _ = try KafkaCodec.decodeRequest(heartbeatV9)
            Issue.record("Heartbeat v9 decoded")
        } catch {
            #expect(KafkaCodec.responseToUndecodableRequest(heartbeatV9, error: error) == nil)
        }
    }

    // MetadataRequest.json: Topics nullable 1+ (null = all topics), AllowAutoTopicCreation 4+ default true,
    // IncludeClusterAuthorizedOperations 8-10, IncludeTopicAuthorizedOperations 8+; flexible 9+.
    @Test func metadataRequestOnBothSidesOfFlexible() throws {
        let v8: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 1, 0, 0]
        let v9: [UInt8] = [0, 1, 0, 0, 0]
        let v9WithTopic: [UInt8] = [2, 2, 0x74, 0, 1, 0, 0, 0]
        let all = MetadataRequest(topics: nil)
        #expect(all.encoded(version: 8) == v8)
        #expect(all.encoded(version: 9) == v9)
        #expect(try MetadataRequest(bytes: v8, version: 8) == all)
        #expect(try MetadataRequest(bytes: v9, version: 9) == all)
        let one = try MetadataRequest(bytes: v9WithTopic, version: 9)
        #expect(one.topics?.map(\.name) == ["t"])
        #expect(one.encoded(version: 9) == v9WithTopic)
        // v0 has no null: an empty array means all topics.
        #expect(all.encoded(version: 0) == [0, 0, 0, 0])
    }

    // JoinGroupRequest.json v5 (classic) and v6 (first flexible).
    @Test func joinGroupRequestOnBothSidesOfFlexible() throws {
        let consumer = Array("consumer".utf8)
        let range = Array("range".utf8)
        let v5: [UInt8] =
            [0, 1, 0x67, 0, 0, 0x75, 0x30, 0, 0x04, 0x93, 0xE0, 0, 0, 0xFF, 0xFF, 0, 8] + consumer
            + [0, 0, 0, 1, 0, 5] + range + [0, 0, 0, 2, 1, 2]
        let v6: [UInt8] =
            [2, 0x67, 0, 0, 0x75, 0x30, 0, 0x04, 0x93, 0xE0, 1, 0, 9] + consumer + [2, 6] + range + [3, 1, 2, 0, 0]
        let join = JoinGroupRequest(
            groupId: "g", sessionTimeoutMs: 30000, rebalanceTimeoutMs: 300_000, memberId: "", groupInstanceId: nil,
            protocolType: "consumer", protocols: [.init(name: "range", metadata: [1, 2])])
        #expect(try JoinGroupRequest(bytes: v5, version: 5) == join)
        #expect(try JoinGroupRequest(bytes: v6, version: 6) == join)
        #expect(join.encoded(version: 5) == v5)
        #expect(join.encoded(version: 6) == v6)
    }

    @Test func unknownTaggedFieldsAreSkippedAndKept() throws {
        // Heartbeat v4 body whose tagged-field section carries tag 5 (unknown) with two bytes.
        let body: [UInt8] = [2, 0x67, 0, 0, 0, 5, 2, 0x6D, 0, 1, 5, 2, 0xAA, 0xBB]
        let decoded = try HeartbeatRequest(bytes: body, version: 4)
        #expect(decoded.groupId == "g" && decoded.memberId == "m" && decoded.generationId == 5)
        #expect(decoded.unknownTaggedFields == [TaggedField(tag: 5, data: [0xAA, 0xBB])])
        #expect(decoded.encoded(version: 4) == body)
    }

    @Test func knownTaggedFieldsAreReadFromTheTaggedSection() throws {
        // ApiVersionsResponse v3: FinalizedFeaturesEpoch is tag 1 (int64, default -1), plus an unknown tag 9.
        let body: [UInt8] = [0, 0, 1, 0, 0, 0, 0, 2, 1, 8, 0, 0, 0, 0, 0, 0, 0, 7, 9, 1, 0x55]
        let decoded = try ApiVersionsResponse(bytes: body, version: 3)
        #expect(decoded.finalizedFeaturesEpoch == 7)
        #expect(decoded.apiKeys.isEmpty)
        #expect(decoded.unknownTaggedFields == [TaggedField(tag: 9, data: [0x55])])
        #expect(decoded.encoded(version: 3) == body)
        // Defaults are not written: the same response without the epoch has an empty tagged section.
        #expect(ApiVersionsResponse().encoded(version: 3) == [0, 0, 1, 0, 0, 0, 0, 0])
    }
}
