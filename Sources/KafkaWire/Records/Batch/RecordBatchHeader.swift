/// The fixed 61-byte header of a record batch v2, field by field as Kafka's `DefaultRecordBatch` lays it out.
/// Everything a broker needs to store and index a batch is here, readable without touching (or decompressing)
/// the records.
public struct RecordBatchHeader: Hashable, Sendable {
    public var baseOffset: Int64
    /// Bytes after this field: the batch is `batchLength + 12` bytes in all.
    public var batchLength: Int32
    public var partitionLeaderEpoch: Int32
    public var magic: Int8
    /// CRC-32C of everything from the attributes to the end of the batch.
    public var crc: UInt32
    public var attributes: RecordBatchAttributes
    public var lastOffsetDelta: Int32
    public var baseTimestamp: Int64
    public var maxTimestamp: Int64
    /// −1 when the producer is not idempotent.
    public var producerId: Int64
    public var producerEpoch: Int16
    /// −1 when the producer is not idempotent.
    public var baseSequence: Int32
    public var recordCount: Int32

    /// The only message format this codec reads and writes.
    public static let currentMagic: Int8 = 2
    /// baseOffset + batchLength: what precedes the part `batchLength` counts (Kafka's `LOG_OVERHEAD`).
    public static let logOverhead = 12
    /// The header, which is also the smallest possible batch (Kafka's `RECORD_BATCH_OVERHEAD`).
    public static let size = 61

    // Field offsets, Kafka's `DefaultRecordBatch.*_OFFSET`.
    static let lengthOffset = 8
    static let partitionLeaderEpochOffset = 12
    static let magicOffset = 16
    static let crcOffset = 17
    static let attributesOffset = 21

    public var sizeInBytes: Int { Self.logOverhead + Int(batchLength) }
    public var lastOffset: Int64 { baseOffset &+ Int64(lastOffsetDelta) }
    /// The offset the next batch of the partition starts at.
    public var nextOffset: Int64 { lastOffset &+ 1 }
    /// The producer sequence of the last record, wrapping at Int32.max as Kafka's `incrementSequence` does.
    public var lastSequence: Int32 {
        guard baseSequence >= 0 else { return -1 }
        let last = Int64(baseSequence) + Int64(lastOffsetDelta)
        return Int32(truncatingIfNeeded: last > Int64(Int32.max) ? last - Int64(Int32.max) - 1 : last)
    }
    public var hasProducerId: Bool { producerId >= 0 }

    /// Reads the header at the reader's position (consuming 61 bytes). Checks only what the header alone can tell:
    /// the magic and a length at least the header's size.
    public static func read(from reader: inout WireReader) throws(WireError) -> RecordBatchHeader {
        let start = reader.offset
        let baseOffset = try reader.readInt64("BaseOffset")
        let batchLength = try reader.readInt32("BatchLength")
        if Int(batchLength) < size - logOverhead {
            throw WireError(
                .invalid("batch length \(batchLength) is below the minimum \(size - logOverhead)"), offset: start + lengthOffset,
                field: "BatchLength")
        }
        let partitionLeaderEpoch = try reader.readInt32("PartitionLeaderEpoch")
        let magic = try reader.readInt8("Magic")
        if magic != currentMagic { throw WireError(.unsupportedMagic(magic), offset: start + magicOffset, field: "Magic") }
        return RecordBatchHeader(
            baseOffset: baseOffset, batchLength: batchLength, partitionLeaderEpoch: partitionLeaderEpoch, magic: magic,
            crc: try reader.readUInt32("CRC"), attributes: RecordBatchAttributes(rawValue: try reader.readInt16("Attributes")),
            lastOffsetDelta: try reader.readInt32("LastOffsetDelta"), baseTimestamp: try reader.readInt64("BaseTimestamp"),
            maxTimestamp: try reader.readInt64("MaxTimestamp"), producerId: try reader.readInt64("ProducerId"),
            producerEpoch: try reader.readInt16("ProducerEpoch"), baseSequence: try reader.readInt32("BaseSequence"),
            recordCount: try reader.readInt32("RecordCount"))
    }

    /// Writes the header as is (length and CRC included; `RecordBatch.encode` patches those afterwards).
    public func write(to writer: inout WireWriter) {
        writer.writeInt64(baseOffset)
        writer.writeInt32(batchLength)
        writer.writeInt32(partitionLeaderEpoch)
        writer.writeInt8(magic)
        writer.writeUInt32(crc)
        writer.writeInt16(attributes.rawValue)
        writer.writeInt32(lastOffsetDelta)
        writer.writeInt64(baseTimestamp)
        writer.writeInt64(maxTimestamp)
        writer.writeInt64(producerId)
        writer.writeInt16(producerEpoch)
        writer.writeInt32(baseSequence)
        writer.writeInt32(recordCount)
    }
}
