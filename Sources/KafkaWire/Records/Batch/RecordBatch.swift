/// A decoded record batch v2 (message format 2): the header fields and the records, decompressed.
///
/// Decoding follows Kafka's `DefaultRecordBatch` (CRC-32C over attributes…end, then the records, decompressed when
/// the codec bits say so); encoding follows `MemoryRecordsBuilder`/`DefaultRecord.writeTo`. The batch length and
/// CRC are computed when encoding; every other header field is written as given, so a decoded batch re-encodes to
/// the same bytes when it is uncompressed.
public struct RecordBatch: Hashable, Sendable {
    public var baseOffset: Int64
    public var partitionLeaderEpoch: Int32
    public var attributes: RecordBatchAttributes
    public var lastOffsetDelta: Int32
    public var baseTimestamp: Int64
    public var maxTimestamp: Int64
    public var producerId: Int64
    public var producerEpoch: Int16
    public var baseSequence: Int32
    public var records: [Record]

    /// Decompressed records above this size are refused as a decompression bomb (Kafka's request limit,
    /// `socket.request.max.bytes`, is the same 100 MiB).
    public static let defaultDecompressionLimit = 100 * 1024 * 1024

    public init(
        baseOffset: Int64 = 0, partitionLeaderEpoch: Int32 = -1, attributes: RecordBatchAttributes = RecordBatchAttributes(),
        lastOffsetDelta: Int32, baseTimestamp: Int64, maxTimestamp: Int64, producerId: Int64 = -1, producerEpoch: Int16 = -1,
        baseSequence: Int32 = -1, records: [Record]
    ) {
        self.baseOffset = baseOffset
        self.partitionLeaderEpoch = partitionLeaderEpoch
        self.attributes = attributes
        self.lastOffsetDelta = lastOffsetDelta
        self.baseTimestamp = baseTimestamp
        self.maxTimestamp = maxTimestamp
        self.producerId = producerId
        self.producerEpoch = producerEpoch
        self.baseSequence = baseSequence
        self.records = records
    }

    /// A batch whose last offset delta and max timestamp are derived from the records, as a producer's
    /// `MemoryRecordsBuilder` derives them.
    public init(
        baseOffset: Int64 = 0, partitionLeaderEpoch: Int32 = -1, attributes: RecordBatchAttributes = RecordBatchAttributes(),
        baseTimestamp: Int64, producerId: Int64 = -1, producerEpoch: Int16 = -1, baseSequence: Int32 = -1, records: [Record]
    ) {
        let maxDelta = records.map(\.timestampDelta).max() ?? 0
        self.init(
            baseOffset: baseOffset, partitionLeaderEpoch: partitionLeaderEpoch, attributes: attributes,
            lastOffsetDelta: records.last?.offsetDelta ?? 0, baseTimestamp: baseTimestamp,
            maxTimestamp: baseTimestamp &+ maxDelta, producerId: producerId, producerEpoch: producerEpoch,
            baseSequence: baseSequence, records: records)
    }

    /// The absolute offset of a record of this batch.
    public func offset(of record: Record) -> Int64 { baseOffset &+ Int64(record.offsetDelta) }

    /// The record's timestamp: the producer's, or the broker's append time (maxTimestamp) for `logAppendTime`.
    public func timestamp(of record: Record) -> Int64 {
        attributes.timestampType == .logAppendTime ? maxTimestamp : baseTimestamp &+ record.timestampDelta
    }

    public var lastOffset: Int64 { baseOffset &+ Int64(lastOffsetDelta) }
}

// MARK: Decoding

extension RecordBatch {
    /// Decodes one batch from its own bytes: verifies the CRC, decompresses, reads every record.
    public init(decoding view: RecordBatchView, decompressionLimit: Int = RecordBatch.defaultDecompressionLimit)
        throws(WireError)
    {
        try view.verifyChecksum()
        let header = view.header
        guard let codec = header.attributes.compression else {
            throw WireError(
                .unknownCompression(header.attributes.codecBits), offset: RecordBatchHeader.attributesOffset,
                field: "Attributes")
        }
        let count = Int(header.recordCount)
        if count < 0 {
            throw WireError(.negativeLength(count), offset: RecordBatchHeader.size - 4, field: "RecordCount")
        }
        var records: [Record] = []
        if codec == .none {
            var reader = WireReader(view.bytes, range: RecordBatchHeader.size..<view.bytes.count)
            records = try Self.readRecords(count: count, from: &reader, field: "Records")
        } else {
            let decompressed: [UInt8]
            do {
                decompressed = try view.bytes.withBytes { (buffer) throws(WireError) in
                    try codec.decompress(
                        UnsafeRawBufferPointer(rebasing: buffer[RecordBatchHeader.size...]), limit: decompressionLimit)
                }
            } catch {
                var located = error
                located.offset += RecordBatchHeader.size
                throw located
            }
            var reader = WireReader(decompressed)
            do {
                records = try Self.readRecords(count: count, from: &reader, field: "Records")
            } catch {
                // Offsets inside decompressed data do not point into the batch; name the field instead.
                throw error.inField("Decompressed")
            }
        }
        self.init(
            baseOffset: header.baseOffset, partitionLeaderEpoch: header.partitionLeaderEpoch, attributes: header.attributes,
            lastOffsetDelta: header.lastOffsetDelta, baseTimestamp: header.baseTimestamp, maxTimestamp: header.maxTimestamp,
            producerId: header.producerId, producerEpoch: header.producerEpoch, baseSequence: header.baseSequence,
            records: records)
    }

    /// Decodes one batch from bytes holding exactly that batch.
    public init(decoding bytes: [UInt8], decompressionLimit: Int = RecordBatch.defaultDecompressionLimit) throws(WireError) {
        try self.init(decoding: try RecordBatchView(bytes), decompressionLimit: decompressionLimit)
    }

    /// Reads `count` records and requires that they use the records section exactly (Kafka's record iterators fail
    /// on a batch that ends early and on bytes left after the last record).
    static func readRecords(count: Int, from reader: inout WireReader, field: StaticString) throws(WireError) -> [Record] {
        var records: [Record] = []
        records.reserveCapacity(min(count, reader.remaining / Record.minimumSize))
        for found in 0..<count {
            if reader.isAtEnd {
                throw WireError(.recordCountMismatch(declared: count, found: found), offset: reader.offset, field: "\(field)")
            }
            records.append(try Record.read(from: &reader))
        }
        if !reader.isAtEnd {
            throw WireError(.trailingBytes(reader.remaining), offset: reader.offset, field: "\(field)")
        }
        return records
    }
}

// MARK: Encoding

extension RecordBatch {
    /// Appends the batch: header, then the records, compressed with the attributes' codec.
    public func encode(to writer: inout WireWriter, options: CompressionOptions = CompressionOptions()) throws(WireError) {
        guard let codec = attributes.compression else {
            throw WireError(.unknownCompression(attributes.codecBits), offset: writer.count + 21, field: "Attributes")
        }
        let start = writer.count
        let header = RecordBatchHeader(
            baseOffset: baseOffset, batchLength: 0, partitionLeaderEpoch: partitionLeaderEpoch,
            magic: RecordBatchHeader.currentMagic, crc: 0, attributes: attributes, lastOffsetDelta: lastOffsetDelta,
            baseTimestamp: baseTimestamp, maxTimestamp: maxTimestamp, producerId: producerId, producerEpoch: producerEpoch,
            baseSequence: baseSequence, recordCount: Int32(truncatingIfNeeded: records.count))
        header.write(to: &writer)
        if codec == .none {
            for record in records { record.write(to: &writer) }
        } else {
            var plain = WireWriter(capacity: records.count * 64)
            for record in records { record.write(to: &plain) }
            writer.writeRaw(try codec.compress(plain.bytes, options: options))
        }
        writer.patchInt32(Int32(truncatingIfNeeded: writer.count - start - RecordBatchHeader.logOverhead), at: start + 8)
        let crc = writer.bytes.withUnsafeBytes {
            CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[(start + RecordBatchHeader.attributesOffset)...]))
        }
        writer.patchUInt32(crc, at: start + RecordBatchHeader.crcOffset)
    }

    /// The batch's bytes.
    public func encoded(options: CompressionOptions = CompressionOptions()) throws(WireError) -> [UInt8] {
        var writer = WireWriter(capacity: RecordBatchHeader.size + records.count * 32)
        try encode(to: &writer, options: options)
        return writer.bytes
    }
}
