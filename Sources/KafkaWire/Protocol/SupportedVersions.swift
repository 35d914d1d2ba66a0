/// Which versions of each API this codec speaks, and where flexible encoding starts (issue 10's table, checked
/// against Kafka's message specs: `validVersions` and `flexibleVersions` of each *Request.json).
extension ApiKey {
    /// Versions the codec can decode and encode (requests and responses alike). For Produce this includes v0–2,
    /// which a broker only decodes to answer with UNSUPPORTED_VERSION (see `rejectedVersions`).
    public var supportedVersions: ClosedRange<Int16> {
        switch self {
        case .produce: 0...11
        case .fetch: 4...12
        case .listOffsets: 1...7
        case .metadata: 0...12
        case .offsetCommit: 2...9
        case .offsetFetch: 1...9
        case .findCoordinator: 0...4
        case .joinGroup: 0...9
        case .heartbeat: 0...4
        case .leaveGroup: 0...5
        case .syncGroup: 0...5
        case .describeGroups: 0...5
        case .listGroups: 0...5
        case .apiVersions: 0...4
        case .createTopics: 2...7
        case .initProducerId: 0...4
        case .consumerGroupDescribe: 0...1
        }
    }

    /// Versions a broker lists in its ApiVersions response; nil for APIs a broker built on this codec does not serve.
    ///
    /// Produce is advertised from v0 although only v3+ is served: librdkafka before 2.11 enables gzip/snappy/lz4 only
    /// when Produce v0 is advertised (Kafka 4 does the same and answers v0–2 with UNSUPPORTED_VERSION).
    public var advertisedVersions: ClosedRange<Int16>? {
        switch self {
        case .consumerGroupDescribe: nil
        default: supportedVersions
        }
    }

    /// Versions a broker advertises and decodes but answers with error 35 (UNSUPPORTED_VERSION): Produce v0–2, whose
    /// record sets are the pre-v2 message formats (Kafka 4 does the same).
    public var rejectedVersions: ClosedRange<Int16>? {
        self == .produce ? 0...2 : nil
    }

    /// The first version using flexible encoding (compact strings/arrays, tagged fields, request header v2).
    public var firstFlexibleVersion: Int16 {
        switch self {
        case .produce: 9
        case .fetch: 12
        case .listOffsets: 6
        case .metadata: 9
        case .offsetCommit: 8
        case .offsetFetch: 6
        case .findCoordinator: 3
        case .joinGroup: 6
        case .heartbeat: 4
        case .leaveGroup: 4
        case .syncGroup: 4
        case .describeGroups: 5
        case .listGroups: 3
        case .apiVersions: 3
        case .createTopics: 5
        case .initProducerId: 2
        case .consumerGroupDescribe: 0
        }
    }

    public func isFlexible(version: Int16) -> Bool { version >= firstFlexibleVersion }

    /// Request header version for a request of this API at `version` (Kafka's ApiKeys.requestHeaderVersion):
    /// 2 for flexible versions, 1 otherwise.
    public func requestHeaderVersion(for version: Int16) -> Int16 { isFlexible(version: version) ? 2 : 1 }

    /// Response header version (ApiKeys.responseHeaderVersion): 1 for flexible versions, 0 otherwise — except that
    /// ApiVersions responses always use v0, so that a client can read the header whatever version it asked for.
    public func responseHeaderVersion(for version: Int16) -> Int16 {
        if self == .apiVersions { return 0 }
        return isFlexible(version: version) ? 1 : 0
    }

    /// The ApiVersions entries a broker built on this codec advertises, in API key order.
    public static var advertisedApiVersions: [ApiVersionsResponse.ApiVersion] {
        allCases.compactMap { key in
            key.advertisedVersions.map {
                ApiVersionsResponse.ApiVersion(apiKey: key.rawValue, minVersion: $0.lowerBound, maxVersion: $0.upperBound)
            }
        }
    }
}
