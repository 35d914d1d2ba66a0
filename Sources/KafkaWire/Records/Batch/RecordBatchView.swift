/// One record batch kept as the bytes it arrived in, with its header read.
///
/// This is how a broker holds batches (Kafka's `DefaultRecordBatch` over a buffer): it reads offsets, counts and
/// producer state from the header, checks the CRC, and assigns the base offset and leader epoch in place — both
/// lie before the CRC's range, so nothing is recomputed and compressed records are never decompressed.
public struct RecordBatchView: Hashable, Sendable {
    /// Exactly one batch.
    public private(set) var bytes: [UInt8]
    public private(set) var header: RecordBatchHeader

    /// Reads the header of `bytes`, which must hold exactly one batch.
    public init(_ bytes: [UInt8]) throws(WireError) {
        var reader = WireReader(bytes)
        let header = try RecordBatchHeader.read(from: &reader)
        if header.sizeInBytes > bytes.count {
            throw WireError(
                .lengthBeyondRemaining(declared: Int(header.batchLength), remaining: bytes.count - RecordBatchHeader.logOverhead),
                offset: RecordBatchHeader.lengthOffset, field: "BatchLength")
        }
        if header.sizeInBytes < bytes.count {
            throw WireError(.trailingBytes(bytes.count - header.sizeInBytes), offset: header.sizeInBytes, field: "BatchLength")
        }
        self.bytes = bytes
        self.header = header
    }

    /// The records section as stored: compressed when the codec bits say so.
    public var storedRecords: ArraySlice<UInt8> { bytes[RecordBatchHeader.size...] }

    /// CRC-32C of attributes…end, as it should be stored.
    public var computedChecksum: UInt32 {
        bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[RecordBatchHeader.attributesOffset...])) }
    }

    /// Kafka's `DefaultRecordBatch.ensureValid`: the stored CRC must match the contents.
    public func verifyChecksum() throws(WireError) {
        let computed = computedChecksum
        if computed != header.crc {
            throw WireError(
                .crcMismatch(stored: header.crc, computed: computed), offset: RecordBatchHeader.crcOffset, field: "CRC")
        }
    }

    /// What a broker does when it appends a batch (Kafka's `setLastOffset`/`setPartitionLeaderEpoch`): rewrites
    /// the base offset and leader epoch, leaving the CRC — which does not cover them — valid.
    public mutating func assign(baseOffset: Int64, partitionLeaderEpoch: Int32) {
        var writer = WireWriter(capacity: 12)
        writer.writeInt64(baseOffset)
        writer.writeInt32(Int32(truncatingIfNeeded: header.batchLength))
        writer.writeInt32(partitionLeaderEpoch)
        bytes.replaceSubrange(0..<writer.count, with: writer.bytes)
        header.baseOffset = baseOffset
        header.partitionLeaderEpoch = partitionLeaderEpoch
    }

    /// Verifies the CRC and decodes the records (decompressing them if needed).
    public func decode(decompressionLimit: Int = RecordBatch.defaultDecompressionLimit) throws(WireError) -> RecordBatch {
        try RecordBatch(decoding: self, decompressionLimit: decompressionLimit)
    }
}
