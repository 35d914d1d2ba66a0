/// Control records, the content of control batches (attributes bit 5): Kafka's `ControlRecordType` in the key
/// (version i16, type i16) and, for transaction markers, `EndTransactionMarker` in the value
/// (version i16, coordinator epoch i32). Brokers write them; consumers skip them.
public enum ControlRecordType: Hashable, Sendable {
    case abort
    case commit
    /// Other types Kafka defines (e.g. KRaft's leader change and snapshot markers, 2 and up).
    case other(Int16)

    public init(code: Int16) {
        switch code {
        case 0: self = .abort
        case 1: self = .commit
        default: self = .other(code)
        }
    }

    public var code: Int16 {
        switch self {
        case .abort: 0
        case .commit: 1
        case .other(let code): code
        }
    }

    /// Reads a control record's key (`ControlRecordType.parse`: version then type; later versions may append).
    public init(key: ArraySlice<UInt8>?) throws(WireError) {
        guard let key else { throw WireError(.invalid("control record without a key"), offset: 0, field: "Records.Key") }
        var reader = WireReader(Array(key))
        let version = try reader.readInt16("Records.Key.Version")
        if version < 0 {
            throw WireError(.invalid("control record key version \(version)"), offset: 0, field: "Records.Key.Version")
        }
        self.init(code: try reader.readInt16("Records.Key.Type"))
    }

    /// The key as Kafka writes it (version 0).
    public var key: [UInt8] {
        var writer = WireWriter(capacity: 4)
        writer.writeInt16(0)
        writer.writeInt16(code)
        return writer.bytes
    }
}

/// The value of a commit or abort marker.
public struct EndTransactionMarker: Hashable, Sendable {
    public var coordinatorEpoch: Int32

    public init(coordinatorEpoch: Int32) {
        self.coordinatorEpoch = coordinatorEpoch
    }

    /// Reads the value (`EndTransactionMarker.deserializeValue`: version i16 ≥ 0, coordinator epoch i32).
    public init(value: ArraySlice<UInt8>?) throws(WireError) {
        guard let value else {
            throw WireError(.invalid("transaction marker without a value"), offset: 0, field: "Records.Value")
        }
        var reader = WireReader(Array(value))
        let version = try reader.readInt16("Records.Value.Version")
        if version < 0 {
            throw WireError(.invalid("transaction marker version \(version)"), offset: 0, field: "Records.Value.Version")
        }
        coordinatorEpoch = try reader.readInt32("Records.Value.CoordinatorEpoch")
    }

    /// The value as Kafka writes it (version 0).
    public var value: [UInt8] {
        var writer = WireWriter(capacity: 6)
        writer.writeInt16(0)
        writer.writeInt32(coordinatorEpoch)
        return writer.bytes
    }
}
