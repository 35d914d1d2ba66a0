/// The `records` field of a Produce request or a Fetch response: batches back to back.
///
/// Splitting follows Kafka's `ByteBufferLogInputStream.nextBatch`: fewer than 12 bytes left, or a batch whose
/// declared length runs past the end, is an incomplete last batch — a Fetch response may legitimately end with one
/// (the broker cuts at `max.bytes`), and readers stop there cleanly. A declared length below the header's size, or a
/// magic other than 2, is corrupt.
public struct RecordSet: Hashable, Sendable {
    public var batches: [RecordBatchView]
    /// Bytes of an incomplete batch at the end (0 when the field ends on a batch boundary).
    public var partialTailBytes: Int

    public init(batches: [RecordBatchView], partialTailBytes: Int = 0) {
        self.batches = batches
        self.partialTailBytes = partialTailBytes
    }

    /// Splits `bytes` into batches, reading only their headers (no CRC check, no decompression). Errors carry
    /// offsets into `bytes`.
    public init(splitting bytes: [UInt8]) throws(WireError) {
        var batches: [RecordBatchView] = []
        var position = 0
        while bytes.count - position >= RecordBatchHeader.logOverhead {
            var reader = WireReader(bytes, range: position..<bytes.count)
            _ = try reader.readInt64("BaseOffset")
            let length = Int(try reader.readInt32("BatchLength"))
            if length < RecordBatchHeader.size - RecordBatchHeader.logOverhead {
                throw WireError(
                    .invalid(
                        "batch length \(length) is below the minimum \(RecordBatchHeader.size - RecordBatchHeader.logOverhead)"),
                    offset: position + RecordBatchHeader.lengthOffset, field: "BatchLength")
            }
            let size = RecordBatchHeader.logOverhead + length
            if size > bytes.count - position { break }
            do {
                batches.append(try RecordBatchView(Array(bytes[position..<position + size])))
            } catch {
                var located = error
                located.offset += position
                throw located
            }
            position += size
        }
        self.init(batches: batches, partialTailBytes: bytes.count - position)
    }

    /// Splits and decodes every complete batch, verifying each CRC. Errors carry offsets into `bytes`, except
    /// inside decompressed records (their field then says `Decompressed`).
    public static func decodeBatches(
        _ bytes: [UInt8], decompressionLimit: Int = RecordBatch.defaultDecompressionLimit
    ) throws(WireError) -> [RecordBatch] {
        let set = try RecordSet(splitting: bytes)
        var decoded: [RecordBatch] = []
        decoded.reserveCapacity(set.batches.count)
        var position = 0
        for view in set.batches {
            do {
                decoded.append(try view.decode(decompressionLimit: decompressionLimit))
            } catch {
                var located = error
                if !located.field.hasPrefix("Decompressed") { located.offset += position }
                throw located
            }
            position += view.bytes.count
        }
        return decoded
    }

    /// The batches back to back, as the records field carries them.
    public var bytes: [UInt8] {
        var all: [UInt8] = []
        all.reserveCapacity(batches.reduce(0) { $0 + $1.bytes.count })
        for batch in batches { all += batch.bytes }
        return all
    }
}
