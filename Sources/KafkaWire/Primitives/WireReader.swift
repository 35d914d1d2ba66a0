/// A cursor over a byte array that reads Kafka's primitive types.
///
/// Every read checks the remaining length first and throws `WireError` instead of trapping; lengths and counts are
/// checked against the remaining bytes before anything of that size is allocated (as Kafka's generated readers do).
/// A reader can be bounded to a sub-range (`init(_:range:)`, `readSubReader`), e.g. one record inside a batch.
public struct WireReader: Sendable {
    /// The whole buffer; offsets in errors are indices into it.
    public let bytes: [UInt8]
    /// Index of the next byte to read.
    @inlinable
    public var offset: Int { cursor }
    /// `offset`'s storage, visible to the inlinable readers below.
    @usableFromInline var cursor: Int
    /// Index one past the last readable byte.
    public let end: Int

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.cursor = 0
        self.end = bytes.count
    }

    /// A reader over `range` of `bytes`, clamped to the array's bounds.
    public init(_ bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        let lower = min(max(range.lowerBound, 0), bytes.count)
        self.cursor = lower
        self.end = min(max(range.upperBound, lower), bytes.count)
    }

    @inlinable
    public var remaining: Int { end - cursor }
    @inlinable
    public var isAtEnd: Bool { cursor >= end }

    // MARK: Errors

    @usableFromInline @inline(never)
    func error(_ kind: WireError.Kind, _ field: StaticString, at position: Int? = nil) -> WireError {
        WireError(kind, offset: position ?? cursor, field: field.description)
    }

    @inlinable @inline(__always)
    func require(_ count: Int, _ field: StaticString) throws(WireError) {
        if count > end - cursor { throw error(.truncated(needed: count, remaining: end - cursor), field) }
    }

    // MARK: Fixed-width big-endian integers

    @inlinable
    public mutating func readInt8(_ field: StaticString = "") throws(WireError) -> Int8 {
        Int8(bitPattern: try readUInt8(field))
    }

    @inlinable
    public mutating func readUInt8(_ field: StaticString = "") throws(WireError) -> UInt8 {
        try require(1, field)
        let value = bytes[cursor]
        cursor += 1
        return value
    }

    @inlinable
    public mutating func readBool(_ field: StaticString = "") throws(WireError) -> Bool {
        try readUInt8(field) != 0
    }

    @inlinable
    public mutating func readInt16(_ field: StaticString = "") throws(WireError) -> Int16 {
        Int16(bitPattern: try readUInt16(field))
    }

    @inlinable
    public mutating func readUInt16(_ field: StaticString = "") throws(WireError) -> UInt16 {
        try require(2, field)
        let value = UInt16(bytes[cursor]) << 8 | UInt16(bytes[cursor + 1])
        cursor += 2
        return value
    }

    @inlinable
    public mutating func readInt32(_ field: StaticString = "") throws(WireError) -> Int32 {
        Int32(bitPattern: try readUInt32(field))
    }

    @inlinable
    public mutating func readUInt32(_ field: StaticString = "") throws(WireError) -> UInt32 {
        try require(4, field)
        let value = bytes.withUnsafeBytes { UInt32(bigEndian: $0.loadUnaligned(fromByteOffset: cursor, as: UInt32.self)) }
        cursor += 4
        return value
    }

    @inlinable
    public mutating func readInt64(_ field: StaticString = "") throws(WireError) -> Int64 {
        Int64(bitPattern: try readUInt64(field))
    }

    @inlinable
    public mutating func readUInt64(_ field: StaticString = "") throws(WireError) -> UInt64 {
        try require(8, field)
        let value = bytes.withUnsafeBytes { UInt64(bigEndian: $0.loadUnaligned(fromByteOffset: cursor, as: UInt64.self)) }
        cursor += 8
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
    @inlinable
    public mutating func readUnsignedVarint(_ field: StaticString = "") throws(WireError) -> UInt32 {
        // One byte (values below 128: nearly every length, count and tagged-field section) inline; longer ones call.
        if cursor < end, bytes[cursor] & 0x80 == 0 {
            defer { cursor += 1 }
            return UInt32(bytes[cursor])
        }
        return try readLongerUnsignedVarint(field)
    }

    @usableFromInline
    mutating func readLongerUnsignedVarint(_ field: StaticString) throws(WireError) -> UInt32 {
        let start = cursor
        var value: UInt32 = 0
        var shift: UInt32 = 0
        while true {
            if cursor >= end { throw error(.truncated(needed: 1, remaining: 0), field) }
            let byte = bytes[cursor]
            cursor += 1
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
        let start = cursor
        var raw: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            if cursor >= end { throw error(.truncated(needed: 1, remaining: 0), field) }
            let byte = bytes[cursor]
            cursor += 1
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
    @inlinable @inline(__always)
    func checkedLength(_ length: Int, nullable: Bool, _ field: StaticString, at position: Int) throws(WireError) -> Int? {
        if length < 0 {
            if length == -1 && nullable { return nil }
            throw error(.negativeLength(length), field, at: position)
        }
        if length > end - cursor {
            throw error(.lengthBeyondRemaining(declared: length, remaining: end - cursor), field, at: position)
        }
        return length
    }

    @inlinable
    mutating func readClassicLength16(nullable: Bool, _ field: StaticString) throws(WireError) -> Int? {
        let start = cursor
        let length = Int(try readInt16(field))
        return try checkedLength(length, nullable: nullable, field, at: start)
    }

    @inlinable
    mutating func readClassicLength32(nullable: Bool, _ field: StaticString) throws(WireError) -> Int? {
        let start = cursor
        let length = Int(try readInt32(field))
        return try checkedLength(length, nullable: nullable, field, at: start)
    }

    /// Compact lengths are stored as N+1 in an unsigned varint; 0 is null.
    @inlinable
    mutating func readCompactLength(nullable: Bool, _ field: StaticString) throws(WireError) -> Int? {
        let start = cursor
        let length = Int(try readUnsignedVarint(field)) - 1
        return try checkedLength(length, nullable: nullable, field, at: start)
    }

    // MARK: Strings

    public mutating func readRawString(count: Int, _ field: StaticString = "") throws(WireError) -> String {
        try require(count, field)
        // Lossy like Java's `new String(bytes, UTF_8)`: malformed UTF-8 is replaced, not rejected.
        let value = bytes.withUnsafeBufferPointer { buffer in
            String(decoding: UnsafeBufferPointer(rebasing: buffer[cursor..<cursor + count]), as: UTF8.self)
        }
        cursor += count
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

    /// Skips a NULLABLE_STRING (flexible: COMPACT_NULLABLE_STRING) without building it, checking its length as
    /// `readNullableString(flexible:_:)` does, so a malformed one fails with the same error.
    @inlinable
    public mutating func skipNullableString(flexible: Bool, _ field: StaticString = "") throws(WireError) {
        let count =
            flexible
            ? try readCompactLength(nullable: true, field) : try readClassicLength16(nullable: true, field)
        if let count { try skip(count, field) }
    }

    // MARK: Bytes

    public mutating func readRawBytes(count: Int, _ field: StaticString = "") throws(WireError) -> [UInt8] {
        try require(count, field)
        let value = Array(bytes[cursor..<cursor + count])
        cursor += count
        return value
    }

    @inlinable
    public mutating func skip(_ count: Int, _ field: StaticString = "") throws(WireError) {
        if count < 0 { throw error(.negativeLength(count), field) }
        try require(count, field)
        cursor += count
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
    @inlinable
    public mutating func readArrayCount(flexible: Bool, nullable: Bool, _ field: StaticString = "") throws(WireError)
        -> Int?
    {
        flexible
            ? try readCompactLength(nullable: nullable, field)
            : try readClassicLength32(nullable: nullable, field)
    }

    /// Non-nullable array count: a null (-1) array is an error.
    @inlinable
    public mutating func readArrayCount(flexible: Bool, _ field: StaticString = "") throws(WireError) -> Int {
        try readArrayCount(flexible: flexible, nullable: false, field) ?? 0
    }

    // MARK: Sub-ranges

    /// Consumes `count` bytes and returns a reader bounded to them (offsets stay those of the whole buffer).
    public mutating func readSubReader(count: Int, _ field: StaticString = "") throws(WireError) -> WireReader {
        if count < 0 { throw error(.negativeLength(count), field) }
        try require(count, field)
        let sub = WireReader(bytes, range: cursor..<cursor + count)
        cursor += count
        return sub
    }

    /// The bytes not yet read, without consuming them.
    public var remainingBytes: ArraySlice<UInt8> { bytes[cursor..<end] }

    // MARK: Tagged fields

    /// Reads one tagged field's header: its tag and a reader over its data (consumed from `self`).
    public mutating func readTaggedField(_ field: StaticString = "") throws(WireError) -> (tag: UInt32, data: WireReader) {
        let tag = try readUnsignedVarint(field)
        let size = Int(try readUnsignedVarint(field))
        return (tag, try readSubReader(count: size, field))
    }

    /// Skips a whole tagged-field section, checking each field's header and size as `readTaggedField` does.
    @inlinable
    public mutating func skipTaggedFields(_ field: StaticString = "") throws(WireError) {
        let count = try readUnsignedVarint(field)
        for _ in 0..<count {
            _ = try readUnsignedVarint(field)
            let size = Int(try readUnsignedVarint(field))
            try skip(size, field)
        }
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
