/// A request or response body of one Kafka API, encodable and decodable at any version in `versions`.
///
/// The version is always an argument: one value can be written at any supported version (fields a version lacks are
/// skipped on encode and take their Kafka default on decode). Generated types live in Messages/Generated/.
public protocol KafkaMessage: Sendable, Hashable {
    static var apiKey: ApiKey { get }
    /// The versions this codec can encode and decode.
    static var versions: ClosedRange<Int16> { get }
    init(from reader: inout WireReader, version: Int16) throws(WireError)
    func encode(into writer: inout WireWriter, version: Int16)
}

public protocol KafkaRequestMessage: KafkaMessage {
    associatedtype Response: KafkaResponseMessage
}

public protocol KafkaResponseMessage: KafkaMessage {}

extension KafkaMessage {
    /// Decodes a whole body: every byte must be consumed.
    public init(bytes: [UInt8], version: Int16) throws(WireError) {
        var reader = WireReader(bytes)
        try self.init(from: &reader, version: version)
        if !reader.isAtEnd {
            throw WireError(
                .trailingBytes(reader.remaining), offset: reader.offset, apiKey: Self.apiKey.rawValue, version: version)
        }
    }

    /// The body alone, without header or size prefix.
    public func encoded(version: Int16) -> [UInt8] {
        var writer = WireWriter()
        encode(into: &writer, version: version)
        return writer.bytes
    }
}
