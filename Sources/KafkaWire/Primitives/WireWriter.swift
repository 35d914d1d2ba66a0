/// Appends Kafka's primitive types to a growing byte array.
///
/// Writing never fails. A classic string longer than INT16 allows (32,767 UTF-8 bytes) is cut to that length so that
/// the frame stays well formed; every other form can carry any length a Swift array can hold.
public struct WireWriter: Sendable {
    public var bytes: [UInt8]

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public var count: Int { bytes.count }

    // MARK: Fixed-width big-endian integers

    public mutating func writeInt8(_ value: Int8) { bytes.append(UInt8(bitPattern: value)) }
    public mutating func writeUInt8(_ value: UInt8) { bytes.append(value) }
    public mutating func writeBool(_ value: Bool) { bytes.append(value ? 1 : 0) }
    public mutating func writeInt16(_ value: Int16) { writeUInt16(UInt16(bitPattern: value)) }

    public mutating func writeUInt16(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    public mutating func writeInt32(_ value: Int32) { writeUInt32(UInt32(bitPattern: value)) }

    public mutating func writeUInt32(_ value: UInt32) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 24))
        bytes.append(UInt8(truncatingIfNeeded: value >> 16))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    public mutating func writeInt64(_ value: Int64) { writeUInt64(UInt64(bitPattern: value)) }

    public mutating func writeUInt64(_ value: UInt64) {
        writeUInt32(UInt32(truncatingIfNeeded: value >> 32))
        writeUInt32(UInt32(truncatingIfNeeded: value))
    }

    public mutating func writeFloat64(_ value: Double) { writeUInt64(value.bitPattern) }

    public mutating func writeUUID(_ value: KafkaUUID) {
        writeUInt64(value.mostSignificantBits)
        writeUInt64(value.leastSignificantBits)
    }

    /// Overwrites four bytes at `position` (e.g. a size or CRC known only after the body is written).
    public mutating func patchUInt32(_ value: UInt32, at position: Int) {
        guard position >= 0, position + 4 <= bytes.count else { return }
        bytes[position] = UInt8(truncatingIfNeeded: value >> 24)
        bytes[position + 1] = UInt8(truncatingIfNeeded: value >> 16)
        bytes[position + 2] = UInt8(truncatingIfNeeded: value >> 8)
        bytes[position + 3] = UInt8(truncatingIfNeeded: value)
    }

    public mutating func patchInt32(_ value: Int32, at position: Int) {
        patchUInt32(UInt32(bitPattern: value), at: position)
    }

    // MARK: Varints

    public mutating func writeUnsignedVarint(_ value: UInt32) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: rest))
    }

    public mutating func writeUnsignedVarlong(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(truncatingIfNeeded: rest))
    }

    /// Zigzag-encoded signed 32-bit varint.
    public mutating func writeVarint(_ value: Int32) {
        writeUnsignedVarint(UInt32(bitPattern: (value << 1) ^ (value >> 31)))
    }

    /// Zigzag-encoded signed 64-bit varint.
    public mutating func writeVarlong(_ value: Int64) {
        writeUnsignedVarlong(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// Number of bytes `writeVarint(value)` appends (record sizes are computed before records are written).
    public static func varintSize(_ value: Int32) -> Int {
        unsignedVarlongSize(UInt64(UInt32(bitPattern: (value << 1) ^ (value >> 31))))
    }

    public static func varlongSize(_ value: Int64) -> Int {
        unsignedVarlongSize(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    public static func unsignedVarlongSize(_ value: UInt64) -> Int {
        var size = 1
        var rest = value >> 7
        while rest != 0 {
            size += 1
            rest >>= 7
        }
        return size
    }

    // MARK: Lengths

    mutating func writeCompactLength(_ count: Int?) {
        writeUnsignedVarint(UInt32(truncatingIfNeeded: (count ?? -1) + 1))
    }

    // MARK: Strings

    public mutating func writeRaw<Bytes: Sequence<UInt8>>(_ data: Bytes) { bytes.append(contentsOf: data) }

    public mutating func writeString(_ value: String) {
        let utf8 = value.utf8
        let count = min(utf8.count, Int(Int16.max))
        writeInt16(Int16(count))
        bytes.append(contentsOf: utf8.prefix(count))
    }

    public mutating func writeNullableString(_ value: String?) {
        guard let value else { return writeInt16(-1) }
        writeString(value)
    }

    public mutating func writeCompactString(_ value: String) {
        let utf8 = value.utf8
        writeCompactLength(utf8.count)
        bytes.append(contentsOf: utf8)
    }

    public mutating func writeCompactNullableString(_ value: String?) {
        guard let value else { return writeUnsignedVarint(0) }
        writeCompactString(value)
    }

    public mutating func writeString(_ value: String, flexible: Bool) {
        flexible ? writeCompactString(value) : writeString(value)
    }

    public mutating func writeNullableString(_ value: String?, flexible: Bool) {
        flexible ? writeCompactNullableString(value) : writeNullableString(value)
    }

    // MARK: Bytes

    public mutating func writeBytes(_ value: [UInt8]) {
        writeInt32(Int32(truncatingIfNeeded: value.count))
        bytes.append(contentsOf: value)
    }

    public mutating func writeNullableBytes(_ value: [UInt8]?) {
        guard let value else { return writeInt32(-1) }
        writeBytes(value)
    }

    public mutating func writeCompactBytes(_ value: [UInt8]) {
        writeCompactLength(value.count)
        bytes.append(contentsOf: value)
    }

    public mutating func writeCompactNullableBytes(_ value: [UInt8]?) {
        guard let value else { return writeUnsignedVarint(0) }
        writeCompactBytes(value)
    }

    public mutating func writeBytes(_ value: [UInt8], flexible: Bool) {
        flexible ? writeCompactBytes(value) : writeBytes(value)
    }

    public mutating func writeNullableBytes(_ value: [UInt8]?, flexible: Bool) {
        flexible ? writeCompactNullableBytes(value) : writeNullableBytes(value)
    }

    // MARK: Arrays

    /// ARRAY / COMPACT_ARRAY element count; nil writes a null array.
    public mutating func writeArrayCount(_ count: Int?, flexible: Bool) {
        if flexible {
            writeCompactLength(count)
        } else {
            writeInt32(Int32(truncatingIfNeeded: count ?? -1))
        }
    }

    // MARK: Tagged fields

    /// Writes one tagged field: tag, size, data.
    public mutating func writeTaggedField(tag: UInt32, data: [UInt8]) {
        writeUnsignedVarint(tag)
        writeUnsignedVarint(UInt32(truncatingIfNeeded: data.count))
        bytes.append(contentsOf: data)
    }

    /// Writes a whole tagged-field section of raw fields (count, then each field in the order given).
    public mutating func writeTaggedFields(_ fields: [TaggedField]) {
        writeUnsignedVarint(UInt32(truncatingIfNeeded: fields.count))
        for field in fields { writeTaggedField(tag: field.tag, data: field.data) }
    }
}
