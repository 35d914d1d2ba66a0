/// The one error type of KafkaWire: what went wrong and where.
///
/// Every decoder in this target ends in a value or a `WireError`; none traps on input. The location is filled in
/// layer by layer: the byte primitives know the offset and the field, the message decoders add the API and version.
public struct WireError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// Fewer bytes remain than the field needs.
        case truncated(needed: Int, remaining: Int)
        /// A length prefix promises more bytes (or array elements) than remain.
        case lengthBeyondRemaining(declared: Int, remaining: Int)
        /// A negative length where the field is not nullable in this version (or below -1 anywhere).
        case negativeLength(Int)
        /// A varint longer than its type allows (5 bytes for 32-bit, 10 for 64-bit).
        case varintTooLong
        /// A frame's declared size is above the configured maximum.
        case frameTooLarge(size: Int, maximum: Int)
        /// A frame's declared size is below what a header needs.
        case frameTooSmall(size: Int, minimum: Int)
        case unknownApiKey(Int16)
        case unsupportedVersion(apiKey: Int16, version: Int16)
        /// Bytes left over after a message body that should have consumed the whole frame.
        case trailingBytes(Int)
        /// A record batch whose stored CRC-32C does not match its contents.
        case crcMismatch(stored: UInt32, computed: UInt32)
        case unknownCompression(Int)
        /// A record batch whose magic byte is not 2 (message format v2 is the only one this codec reads).
        case unsupportedMagic(Int8)
        /// A record batch whose records end before its declared record count is reached.
        case recordCountMismatch(declared: Int, found: Int)
        /// Decompressed records would exceed the configured limit (a decompression bomb, refused before allocation).
        case decompressionLimitExceeded(codec: String, limit: Int)
        /// Any other malformed value, described in words (e.g. a decompressor's complaint, a bad magic byte).
        case invalid(String)
    }

    public var kind: Kind
    /// Byte offset into the buffer being decoded where the problem was detected.
    public var offset: Int
    /// The field being read, dotted for nested fields ("Topics.Partitions.Records"); empty when not known.
    public var field: String
    public var apiKey: Int16?
    public var version: Int16?

    public init(_ kind: Kind, offset: Int, field: String = "", apiKey: Int16? = nil, version: Int16? = nil) {
        self.kind = kind
        self.offset = offset
        self.field = field
        self.apiKey = apiKey
        self.version = version
    }

    /// Adds the API and version to an error raised deeper down, keeping what is already known.
    public func inMessage(apiKey: Int16, version: Int16) -> WireError {
        var copy = self
        if copy.apiKey == nil { copy.apiKey = apiKey }
        if copy.version == nil { copy.version = version }
        return copy
    }

    /// Prefixes the field path with an enclosing field name.
    public func inField(_ name: String) -> WireError {
        var copy = self
        copy.field = copy.field.isEmpty ? name : name + "." + copy.field
        return copy
    }

    public var description: String {
        var location: [String] = []
        if let apiKey {
            let name = ApiKey(rawValue: apiKey).map { "\($0.name)" } ?? "api \(apiKey)"
            location.append(version.map { "\(name) v\($0)" } ?? name)
        }
        if !field.isEmpty { location.append("field \(field)") }
        location.append("byte \(offset)")
        return "\(problem) (\(location.joined(separator: ", ")))"
    }

    private var problem: String {
        switch kind {
        case .truncated(let needed, let remaining): "truncated: needed \(needed) bytes, \(remaining) remain"
        case .lengthBeyondRemaining(let declared, let remaining):
            "declared length \(declared) exceeds the \(remaining) remaining bytes"
        case .negativeLength(let length): "negative length \(length) for a non-nullable field"
        case .varintTooLong: "varint too long"
        case .frameTooLarge(let size, let maximum): "frame size \(size) exceeds the maximum \(maximum)"
        case .frameTooSmall(let size, let minimum): "frame size \(size) is below the minimum \(minimum)"
        case .unknownApiKey(let key): "unknown API key \(key)"
        case .unsupportedVersion(let key, let version):
            "unsupported version \(version) of \(ApiKey(rawValue: key).map { $0.name } ?? "api \(key)")"
        case .trailingBytes(let count): "\(count) unexpected bytes after the message"
        case .crcMismatch(let stored, let computed):
            "CRC mismatch: stored 0x\(String(stored, radix: 16)), computed 0x\(String(computed, radix: 16))"
        case .unknownCompression(let codec): "unknown compression codec \(codec)"
        case .unsupportedMagic(let magic): "unsupported record batch magic \(magic) (only 2 is supported)"
        case .recordCountMismatch(let declared, let found): "batch declares \(declared) records, its data holds \(found)"
        case .decompressionLimitExceeded(let codec, let limit): "\(codec) data decompresses to more than \(limit) bytes"
        case .invalid(let what): what
        }
    }
}
