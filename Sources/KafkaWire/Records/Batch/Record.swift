/// One record inside a batch, as Kafka's `DefaultRecord` stores it: offset and timestamp relative to the batch.
///
/// Keys, values and header values are slices of the decoded buffer, so decoding a batch copies no payload bytes.
/// Kafka reads a negative key/value/header-value length as null; null is written back as −1.
public struct Record: Hashable, Sendable {
    /// Unused by Kafka so far; kept so that a record re-encodes to the same bytes.
    public var attributes: Int8
    public var timestampDelta: Int64
    public var offsetDelta: Int32
    public var key: ArraySlice<UInt8>?
    public var value: ArraySlice<UInt8>?
    public var headers: [RecordHeader]

    public init(
        offsetDelta: Int32, timestampDelta: Int64 = 0, key: ArraySlice<UInt8>?, value: ArraySlice<UInt8>?,
        headers: [RecordHeader] = [], attributes: Int8 = 0
    ) {
        self.attributes = attributes
        self.timestampDelta = timestampDelta
        self.offsetDelta = offsetDelta
        self.key = key
        self.value = value
        self.headers = headers
    }

    public init(
        offsetDelta: Int32, timestampDelta: Int64 = 0, key: [UInt8]?, value: [UInt8]?, headers: [RecordHeader] = []
    ) {
        self.init(offsetDelta: offsetDelta, timestampDelta: timestampDelta, key: key?[...], value: value?[...], headers: headers)
    }

    /// The smallest record: a length, attributes, two deltas, two null lengths and no headers, one byte each.
    static let minimumSize = 7
}

/// A record header: a UTF-8 key and a nullable value (Kafka's `RecordHeader`).
public struct RecordHeader: Hashable, Sendable {
    public var key: String
    public var value: ArraySlice<UInt8>?

    public init(key: String, value: ArraySlice<UInt8>?) {
        self.key = key
        self.value = value
    }

    public init(key: String, value: [UInt8]?) {
        self.init(key: key, value: value?[...])
    }
}

extension Record {
    /// Reads one record the way `DefaultRecord.readFrom` does, including its check that the record's fields use
    /// exactly the bytes its length declares.
    static func read(from reader: inout WireReader) throws(WireError) -> Record {
        let lengthStart = reader.offset
        let length = Int(try reader.readVarint("Records.Length"))
        if length < 0 { throw WireError(.negativeLength(length), offset: lengthStart, field: "Records.Length") }
        if length > reader.remaining {
            throw WireError(
                .lengthBeyondRemaining(declared: length, remaining: reader.remaining), offset: lengthStart,
                field: "Records.Length")
        }
        let bodyStart = reader.offset
        var body = try reader.readSubReader(count: length, "Records")
        let attributes = try body.readInt8("Records.Attributes")
        let timestampDelta = try body.readVarlong("Records.TimestampDelta")
        let offsetDelta = try body.readVarint("Records.OffsetDelta")
        let key = try readNullableSlice(&body, "Records.Key")
        let value = try readNullableSlice(&body, "Records.Value")
        let headerCountStart = body.offset
        let headerCount = Int(try body.readVarint("Records.Headers"))
        if headerCount < 0 {
            throw WireError(.negativeLength(headerCount), offset: headerCountStart, field: "Records.Headers")
        }
        var headers: [RecordHeader] = []
        if headerCount > 0 {
            // Each header takes at least two bytes, so a count beyond that is refused before reserving.
            if headerCount > body.remaining / 2 {
                throw WireError(
                    .lengthBeyondRemaining(declared: headerCount, remaining: body.remaining), offset: headerCountStart,
                    field: "Records.Headers")
            }
            headers.reserveCapacity(headerCount)
            for _ in 0..<headerCount {
                let keyStart = body.offset
                let keyLength = Int(try body.readVarint("Records.Headers.Key"))
                if keyLength < 0 {
                    throw WireError(.negativeLength(keyLength), offset: keyStart, field: "Records.Headers.Key")
                }
                let headerKey = try body.readRawString(count: keyLength, "Records.Headers.Key")
                headers.append(RecordHeader(key: headerKey, value: try readNullableSlice(&body, "Records.Headers.Value")))
            }
        }
        if !body.isAtEnd {
            throw WireError(
                .invalid("record declares \(length) bytes but its fields use \(body.offset - bodyStart)"), offset: lengthStart,
                field: "Records.Length")
        }
        return Record(
            offsetDelta: offsetDelta, timestampDelta: timestampDelta, key: key, value: value, headers: headers,
            attributes: attributes)
    }

    /// A varint length then that many bytes, as a slice of the reader's buffer; a negative length is null.
    @inline(__always)
    private static func readNullableSlice(_ reader: inout WireReader, _ field: StaticString) throws(WireError)
        -> ArraySlice<UInt8>?
    {
        let start = reader.offset
        let length = Int(try reader.readVarint(field))
        if length < 0 { return nil }
        if length > reader.remaining {
            throw WireError(
                .lengthBeyondRemaining(declared: length, remaining: reader.remaining), offset: start, field: "\(field)")
        }
        let slice = reader.bytes[reader.offset..<reader.offset + length]
        try reader.skip(length, field)
        return slice
    }

    /// The record's size without its own length prefix (Kafka's `DefaultRecord.sizeOfBodyInBytes`).
    var bodySize: Int {
        var size = 1 + WireWriter.varlongSize(timestampDelta) + WireWriter.varintSize(offsetDelta)
        size += Self.nullableSize(key) + Self.nullableSize(value)
        size += WireWriter.varintSize(Int32(truncatingIfNeeded: headers.count))
        for header in headers {
            let keyLength = header.key.utf8.count
            size += WireWriter.varintSize(Int32(truncatingIfNeeded: keyLength)) + keyLength + Self.nullableSize(header.value)
        }
        return size
    }

    private static func nullableSize(_ bytes: ArraySlice<UInt8>?) -> Int {
        guard let bytes else { return 1 }
        return WireWriter.varintSize(Int32(truncatingIfNeeded: bytes.count)) + bytes.count
    }

    /// Writes the record as `DefaultRecord.writeTo` does.
    func write(to writer: inout WireWriter) {
        writer.writeVarint(Int32(truncatingIfNeeded: bodySize))
        writer.writeInt8(attributes)
        writer.writeVarlong(timestampDelta)
        writer.writeVarint(offsetDelta)
        Self.writeNullable(key, to: &writer)
        Self.writeNullable(value, to: &writer)
        writer.writeVarint(Int32(truncatingIfNeeded: headers.count))
        for header in headers {
            writer.writeVarint(Int32(truncatingIfNeeded: header.key.utf8.count))
            writer.writeRaw(header.key.utf8)
            Self.writeNullable(header.value, to: &writer)
        }
    }

    private static func writeNullable(_ bytes: ArraySlice<UInt8>?, to writer: inout WireWriter) {
        guard let bytes else { return writer.writeVarint(-1) }
        writer.writeVarint(Int32(truncatingIfNeeded: bytes.count))
        writer.writeRaw(bytes)
    }
}
