/// Kafka's `uuid` field type: 16 bytes, most significant half first (org.apache.kafka.common.Uuid).
public struct KafkaUUID: Hashable, Sendable, CustomStringConvertible {
    public var mostSignificantBits: UInt64
    public var leastSignificantBits: UInt64

    public init(mostSignificantBits: UInt64, leastSignificantBits: UInt64) {
        self.mostSignificantBits = mostSignificantBits
        self.leastSignificantBits = leastSignificantBits
    }

    /// Kafka's Uuid.ZERO_UUID, the default of every uuid field.
    public static let zero = KafkaUUID(mostSignificantBits: 0, leastSignificantBits: 0)

    public var description: String {
        let hex = String(mostSignificantBits, radix: 16) + ":" + String(leastSignificantBits, radix: 16)
        return hex
    }
}

/// A tagged field that the decoder did not recognise, kept as raw bytes so that re-encoding is byte-exact.
public struct TaggedField: Hashable, Sendable {
    public var tag: UInt32
    public var data: [UInt8]

    public init(tag: UInt32, data: [UInt8]) {
        self.tag = tag
        self.data = data
    }
}
