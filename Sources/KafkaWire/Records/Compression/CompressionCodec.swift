/// The compression of a record batch's records, bits 0–2 of its attributes (Kafka's `CompressionType`).
/// Compression covers only the records after the batch header; the header itself is never compressed.
public enum CompressionCodec: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case none = 0
    case gzip = 1
    case snappy = 2
    case lz4 = 3
    case zstd = 4

    public var description: String {
        switch self {
        case .none: "none"
        case .gzip: "gzip"
        case .snappy: "snappy"
        case .lz4: "lz4"
        case .zstd: "zstd"
        }
    }
}

/// How to compress: the codec plus the choices Kafka leaves to the producer.
public struct CompressionOptions: Sendable, Equatable {
    /// Snappy's framing: Kafka's Java client and kafka-python write xerial framing, librdkafka and franz-go raw
    /// blocks; every client reads both.
    public enum SnappyFraming: Sendable, Equatable {
        case raw
        case xerial
    }

    public var snappyFraming: SnappyFraming
    /// zlib level, −1 for zlib's default (Kafka's `compression.gzip.level` default).
    public var gzipLevel: Int32
    /// 0 for LZ4's fast compressor (Kafka before 3.8, librdkafka); 3…12 for LZ4 HC.
    public var lz4Level: Int32
    /// Kafka's `compression.zstd.level` default is 3.
    public var zstdLevel: Int32

    public init(snappyFraming: SnappyFraming = .xerial, gzipLevel: Int32 = -1, lz4Level: Int32 = 0, zstdLevel: Int32 = 3) {
        self.snappyFraming = snappyFraming
        self.gzipLevel = gzipLevel
        self.lz4Level = lz4Level
        self.zstdLevel = zstdLevel
    }
}

extension CompressionCodec {
    /// Compresses `input` in this codec's format as Kafka's clients write it.
    public func compress(_ input: UnsafeRawBufferPointer, options: CompressionOptions = CompressionOptions()) throws(WireError)
        -> [UInt8]
    {
        switch self {
        case .none: return Array(input)
        case .gzip: return try Gzip.compress(input, level: options.gzipLevel)
        case .snappy:
            switch options.snappyFraming {
            case .raw: return try Snappy.compressRaw(input)
            case .xerial: return try Snappy.compressXerial(input)
            }
        case .lz4: return try LZ4Frame.compress(input, level: options.lz4Level)
        case .zstd: return try Zstd.compress(input, level: options.zstdLevel)
        }
    }

    /// Decompresses `input`, producing at most `limit` bytes: more is an error (a decompression bomb), not an
    /// allocation. Snappy's raw and xerial forms are told apart by xerial's magic.
    public func decompress(_ input: UnsafeRawBufferPointer, limit: Int) throws(WireError) -> [UInt8] {
        switch self {
        case .none:
            guard input.count <= limit else { throw WireError.decompressionLimitExceeded(self, limit: limit) }
            return Array(input)
        case .gzip: return try Gzip.decompress(input, limit: limit)
        case .snappy: return try Snappy.decompress(input, limit: limit)
        case .lz4: return try LZ4Frame.decompress(input, limit: limit)
        case .zstd: return try Zstd.decompress(input, limit: limit)
        }
    }

    public func compress(_ input: [UInt8], options: CompressionOptions = CompressionOptions()) throws(WireError) -> [UInt8] {
        try input.withBytes { (buffer) throws(WireError) in try compress(buffer, options: options) }
    }

    public func decompress(_ input: [UInt8], limit: Int) throws(WireError) -> [UInt8] {
        try input.withBytes { (buffer) throws(WireError) in try decompress(buffer, limit: limit) }
    }
}
