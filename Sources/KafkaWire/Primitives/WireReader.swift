/// A cursor over a byte array that reads Kafka's primitive types.
///
/// Every read checks the remaining length first and throws `WireError` instead of trapping; lengths and counts are
/// checked against the remaining bytes before anything of that size is allocated (as Kafka's generated readers do).
/// A reader can be bounded to a sub-range (`init(_:range:)`, `readSubReader`), e.g. one record inside a batch.
public struct WireReader: Sendable {
    /// The whole buffer; offsets in errors are indices into it.
    public let bytes: [UInt8]
    /// Index of the next byte to read.
    public private(set) var offset: Int
    /// Index one past the last readable byte.
    public let end: Int

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = 0
        self.end = bytes.count
    }

    /// A reader over `range` of `bytes`, clamped to the array's bounds.
    public init(_ bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        let lower = min(max(range.lowerBound, 0), bytes.count)
        self.offset = lower
        self.end = min(max(range.upperBound, lower), bytes.count)
    }

    public var remaining: Int { end - offset }
    public var isAtEnd: Bool { offset >= end }

    // MARK: Errors

    func error(_ kind: WireError.Kind, _ field: StaticString, at position: Int? = nil) -> WireError {
        WireError(kind, offset: position ?? offset, field: field.description)
    }

    @inline(__always)
    func require(_ count: Int, _ field: StaticString) throws(WireError) {
        if count > end - offset { throw error(.truncated(needed: count, remaining: end - offset), field) }
    }

    // MARK: Fixed-width big-endian integers

    public mutating func readInt8(_ field: StaticString = "") throws(WireError) -> Int8 {
        Int8(bitPattern: try readUInt8(field))
    }

    public mutating func readUInt8(_ field: StaticString = "") throws(WireError) -> UInt8 {
        try require(1, field)
        let value = bytes[offset]
        offset += 1
        return value
    }

    public mutating func readBool(_ field: StaticString = "") throws(WireError) -> Bool {
        try readUInt8(field) != 0
    }

    public mutating func readInt16(_ field: StaticString = "") throws(WireError) -> Int16 {
        Int16(bitPattern: try readUInt16(field))
    }

    public mutating func readUInt16(_ field: StaticString = "") throws(WireError) -> UInt16 {
        try require(2, field)
        let value = UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
        offset += 2
        return value
    }

    public mutating func readInt32(_ field: StaticString = "") throws(WireError) -> Int32 {
        Int32(bitPattern: try readUInt32(field))
    }

    public mutating func readUInt32(_ field: StaticString = "") throws(WireError) -> UInt32 {
        try require(4, field)
        let value = bytes.withUnsafeBytes { UInt32(bigEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
        offset += 4
        return value
    }

    public mutating func readInt64(_ field: StaticString = "") throws(WireError) -> Int64 {
        Int64(bitPattern: try readUInt64(field))
    }

    public mutating func readUInt64(_ field: StaticString = "") throws(WireError) -> UInt64 {
        try require(8, field)
        let value = bytes.withUnsafeBytes { UInt64(bigEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
        offset += 8
        return value
    }

    public mutating func readFloat64(_ field: StaticString = "") throws(WireError) -> Double {
        Double(bitPattern: try readUInt64(field))
    }

    public mutating func readUUID(_ field: StaticString = "") throws(WireError) -> KafkaUUID {
        try require(16, field)
        let high = try readUInt64(field)
        let low = try readUInt64(field)
        return KafkaUUID(mostSignificantBits: high, leastSignificantBits: low)
    }

    // MARK: Varints (ByteUtils.readUnsignedVarint / readVarint / readVarlong)

    /// Kafka's unsigned varint: at most 5 bytes, the fifth may use only its low 4 bits.
    public mutating func readUnsignedVarint(_ field: StaticString = "") throws(WireError) -> UInt32 {
        let start = offset
        var value: UInt32 = 0
        var shift: UInt32 = 0
        while true {
            if offset >= end { throw error(.truncated(needed: 1, remaining: 0), field) }
            let byte = bytes[offset]
            offset += 1
            if shift == 28 && byte > 0x0F { throw error(.varintTooLong, field, at: start) }
            value |= UInt32(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    /// Zigzag-encoded signed 32-bit varint, as in record fields.
    public mutating func readVarint(_ field: StaticString = "") throws(WireError) -> Int32 {
        let raw = try readUnsignedVarint(field)
        return Int32(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// Zigzag-encoded signed 64-bit varint: at most 10 bytes.
    public mutating func readVarlong(_ field: StaticString = "") throws(WireError) -> Int64 {
        let start = offset
        var raw: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            if offset >= end { throw error(.truncated(needed: 1, remaining: 0), field) }
            let byte = bytes[offset]
            offset += 1
            if shift == 63 && byte > 0x01 { throw error(.varintTooLong, field, at: start) }
            raw |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
        }
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    // MARK: Lengths

    /// Validates a decoded length: -1 means null when allowed, other negatives are errors, and a length beyond the
    /// remaining bytes is an error before anything is allocated.
    @inline(__always)
    func checkedLength(_ length: Int, nullable: Bool, _ field: StaticString, at position: Int) throws(WireError) -> Int? {
        if length < 0 {
            if length == -1 && nullable { return nil }
            throw error(.negativeLength(length), field, at: position)
        }
        if length > end - offset {
            throw error(.lengthBeyondRemaining(declared: length, remaining: end - offset), field, at: position)
        }
        return length
    }

    mutating func readClassicLength16(nullable: Bool, _ field: StaticString) throws(WireError) -> Int? {
        let start = offset
        return try checkedLength(Int(try readInt16(field)), nullable: nullable, field, at: start)
    }

    mutating func readClassicLength32(nullable: Bool, _ field: StaticString) throws(WireError) -> Int? {
        let start = offset
        return try checkedLength(Int(try readInt32(field)), nullable: nullable, field, at: start)
    }

    /// Compact lengths are stored as N+1 in an unsigned varint; 0 is null.
    mutating func readCompactLength(nullable: Bool, _ field: StaticString) throws(WireError) -> Int? {
        let start = offset
        return try checkedLength(Int(try readUnsignedVarint(field)) - 1, nullable: nullable, field, at: start)
    }

    // MARK: Strings

    public mutating func readRawString(count: Int, _ field: StaticString = "") throws(WireError) -> String {
        try require(count, field)
        // Lossy like Java's `new String(bytes, UTF_8)`: malformed UTF-8 is replaced, not rejected.
        let value = bytes.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[offset..<offset + count]), as: UTF8.self)
        }
        offset += count
        return value
    }

    /// STRING: INT16 length then UTF-8 bytes.
    public mutating func readString(_ field: StaticString = "") throws(WireError) -> String {
        let count = try readClassicLength16(nullable: false, field) ?? 0
        return try readRawString(count: count, field)
    }

    /// NULLABLE_STRING: INT16 length, -1 for null.
    public mutating func readNullableString(_ field: StaticString = "") throws(WireError) -> String? {
        guard let count = try readClassicLength16(nullable: true, field) else { return nil }
        return try readRawString(count: count, field)
    }

    /// COMPACT_STRING: unsigned varint length+1.
    public mutating func readCompactString(_ field: StaticString = "") throws(WireError) -> String {
        let count = try readCompactLength(nullable: false, field) ?? 0
        return try readRawString(count: count, field)
    }

    /// COMPACT_NULLABLE_STRING: unsigned varint length+1, 0 for null.
    public mutating func readCompactNullableString(_ field: StaticString = "") throws(WireError) -> String? {
        guard let count = try readCompactLength(nullable: true, field) else { return nil }
        return try readRawString(count: count, field)
    }

    /// The string form of a message field: compact in flexible versions, classic otherwise.
    public mutating func readString(flexible: Bool, _ field: StaticString = "") throws(WireError) -> String {
        flexible ? try readCompactString(field) : try readString(field)
    }

    public mutating func readNullableString(flexible: Bool, _ field: StaticString = "") throws(WireError) -> String? {
        flexible ? try readCompactNullableString(field) : try readNullableString(field)
    }

    // MARK: Bytes

    public mutating func readRawBytes(count: Int, _ field: StaticString = "") throws(WireError) -> [UInt8] {
        try require(count, field)
        let value = Array(bytes[offset..<offset + count])
        offset += count
        return value
    }

    public mutating func skip(_ count: Int, _ field: StaticString = "") throws(WireError) {
        if count < 0 { throw error(.negativeLength(count), field) }
        try require(count, field)
        offset += count
    }

    /// BYTES: INT32 length then the bytes.
    public mutating func readBytes(_ field: StaticString = "") throws(WireError) -> [UInt8] {
        let count = try readClassicLength32(nullable: false, field) ?? 0
        return try readRawBytes(count: count, field)
    }

    public mutating func readNullableBytes(_ field: StaticString = "") throws(WireError) -> [UInt8]? {
        guard let count = try readClassicLength32(nullable: true, field) else { return nil }
        return try readRawBytes(count: count, field)
    }

    public mutating func readCompactBytes(_ field: StaticString = "") throws(WireError) -> [UInt8] {
        let count = try readCompactLength(nullable: false, field) ?? 0
        return try readRawBytes(count: count, field)
    }

    public mutating func readCompactNullableBytes(_ field: StaticString = "") throws(WireError) -> [UInt8]? {
        guard let count = try readCompactLength(nullable: true, field) else { return nil }
        return try readRawBytes(count: count, field)
    }

    public mutating func readBytes(flexible: Bool, _ field: StaticString = "") throws(WireError) -> [UInt8] {
        flexible ? try readCompactBytes(field) : try readBytes(field)
    }

    public mutating func readNullableBytes(flexible: Bool, _ field: StaticString = "") throws(WireError) -> [UInt8]? {
        flexible ? try readCompactNullableBytes(field) : try readNullableBytes(field)
    }

    // MARK: Arrays

    /// The element count of an ARRAY (INT32) or COMPACT_ARRAY (varint N+1); nil for a null array when nullable.
    /// A count beyond the remaining bytes is an error (every element takes at least one byte), so callers may
    /// `reserveCapacity(count)` safely.
    public mutating func readArrayCount(flexible: Bool, nullable: Bool, _ field: StaticString = "") throws(WireError)
        -> Int?
    {
        flexible
            ? try readCompactLength(nullable: nullable, field)
            : try readClassicLength32(nullable: nullable, field)
    }

    /// Non-nullable array count: a null (-1) array is an error.
    public mutating func readArrayCount(flexible: Bool, _ field: StaticString = "") throws(WireError) -> Int {
        try readArrayCount(flexible: flexible, nullable: false, field) ?? 0
    }

    // MARK: Sub-ranges

    /// Consumes `count` bytes and returns a reader bounded to them (offsets stay those of the whole buffer).
    public mutating func readSubReader(count: Int, _ field: StaticString = "") throws(WireError) -> WireReader {
        if count < 0 { throw error(.negativeLength(count), field) }
        try require(count, field)
        let sub = WireReader(bytes, range: offset..<offset + count)
        offset += count
        return sub
    }

    /// The bytes not yet read, without consuming them.
    public var remainingBytes: ArraySlice<UInt8> { bytes[offset..<end] }

    // MARK: Tagged fields

    /// Reads one tagged field's header: its tag and a reader over its data (consumed from `self`).
    public mutating func readTaggedField(_ field: StaticString = "") throws(WireError) -> (tag: UInt32, data: WireReader) {
        let tag = try readUnsignedVarint(field)
        let size = Int(try readUnsignedVarint(field))
        return (tag, try readSubReader(count: size, field))
    }

    /// Reads a whole tagged-field section keeping every field as raw bytes (for messages with no known tags).
    public mutating func readUnknownTaggedFields(_ field: StaticString = "") throws(WireError) -> [TaggedField] {
        let count = Int(try readUnsignedVarint(field))
        if count == 0 { return [] }
        if count > remaining { throw error(.lengthBeyondRemaining(declared: count, remaining: remaining), field) }
        var fields: [TaggedField] = []
        fields.reserveCapacity(count)
        for _ in 0..<count {
            var (tag, data) = try readTaggedField(field)
            fields.append(TaggedField(tag: tag, data: try data.readRawBytes(count: data.remaining, field)))
        }
        return fields
    }
}
