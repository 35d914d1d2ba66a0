import KafkaWire

/// What one broker advertised in ApiVersions, and the version the monitor uses for each API: the highest that both
/// sides support, as every Kafka client picks (librdkafka `rd_kafka_ApiVersion_check`, the Java client's
/// `NodeApiVersions.latestUsableVersion`).
public struct ApiVersionTable: Sendable, Equatable {
    public var advertised: [Int16: ClosedRange<Int16>]

    public init(_ response: ApiVersionsResponse) {
        var table: [Int16: ClosedRange<Int16>] = [:]
        for key in response.apiKeys where key.minVersion <= key.maxVersion {
            table[key.apiKey] = key.minVersion...key.maxVersion
        }
        advertised = table
    }

    public init(advertised: [Int16: ClosedRange<Int16>]) {
        self.advertised = advertised
    }

    /// The version to use for `api`, nil when the broker does not offer one the codec speaks.
    public func version(_ api: ApiKey) -> Int16? {
        guard let theirs = advertised[api.rawValue] else { return nil }
        let ours = api.supportedVersions
        let high = min(theirs.upperBound, ours.upperBound)
        return high >= max(theirs.lowerBound, ours.lowerBound) ? high : nil
    }
}
