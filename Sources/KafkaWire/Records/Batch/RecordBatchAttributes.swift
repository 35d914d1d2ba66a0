/// The attributes of a record batch (Kafka's `DefaultRecordBatch` attribute masks): bits 0–2 codec, bit 3 timestamp
/// type, bit 4 transactional, bit 5 control, bit 6 delete horizon; bits 7–15 unused. The raw value is kept whole so
/// that a decoded batch re-encodes to the same bytes.
public struct RecordBatchAttributes: Hashable, Sendable {
    public var rawValue: Int16

    public init(rawValue: Int16) {
        self.rawValue = rawValue
    }

    public init(
        compression: CompressionCodec = .none, timestampType: TimestampType = .createTime, isTransactional: Bool = false,
        isControl: Bool = false, hasDeleteHorizon: Bool = false
    ) {
        rawValue = Int16(compression.rawValue)
        self.timestampType = timestampType
        self.isTransactional = isTransactional
        self.isControl = isControl
        self.hasDeleteHorizon = hasDeleteHorizon
    }

    static let codecMask: Int16 = 0x07
    static let timestampTypeMask: Int16 = 0x08
    static let transactionalMask: Int16 = 0x10
    static let controlMask: Int16 = 0x20
    static let deleteHorizonMask: Int16 = 0x40

    /// The codec bits as stored, 0…7 (5–7 are not codecs).
    public var codecBits: Int { Int(rawValue & Self.codecMask) }

    /// The codec, nil for the undefined values 5–7.
    public var compression: CompressionCodec? {
        get { CompressionCodec(rawValue: UInt8(codecBits)) }
        set { rawValue = (rawValue & ~Self.codecMask) | Int16(newValue?.rawValue ?? 0) }
    }

    public var timestampType: TimestampType {
        get { rawValue & Self.timestampTypeMask != 0 ? .logAppendTime : .createTime }
        set { set(Self.timestampTypeMask, newValue == .logAppendTime) }
    }

    /// Part of a transaction: consumers reading committed data hold it back until the transaction's marker.
    public var isTransactional: Bool {
        get { rawValue & Self.transactionalMask != 0 }
        set { set(Self.transactionalMask, newValue) }
    }

    /// Holds control records (transaction markers), never application records.
    public var isControl: Bool {
        get { rawValue & Self.controlMask != 0 }
        set { set(Self.controlMask, newValue) }
    }

    /// Set by log compaction: the base timestamp then holds the delete horizon.
    public var hasDeleteHorizon: Bool {
        get { rawValue & Self.deleteHorizonMask != 0 }
        set { set(Self.deleteHorizonMask, newValue) }
    }

    private mutating func set(_ mask: Int16, _ on: Bool) {
        rawValue = on ? rawValue | mask : rawValue & ~mask
    }
}

/// What a batch's timestamps mean (Kafka's `TimestampType`).
public enum TimestampType: Sendable, Hashable {
    /// The producer's timestamps.
    case createTime
    /// The broker's append time, stored in maxTimestamp (`message.timestamp.type=LogAppendTime`).
    case logAppendTime
}
