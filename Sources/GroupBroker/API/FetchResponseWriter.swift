import KafkaWire
import NIOCore

/// A Fetch response as the simulation's loop gathers it: `FetchResponse`'s fields, with each partition's records as the
/// stored batches themselves (shared, not copied) and the base offsets the broker gave them.
struct FetchPlan: Sendable {
    var topics: [Topic] = []

    struct Topic: Sendable {
        var name: String
        var partitions: [Partition] = []
    }

    struct Partition: Sendable {
        var index: Int32
        var errorCode: Int16 = 0
        var highWatermark: Int64 = -1
        var lastStableOffset: Int64 = -1
        var logStartOffset: Int64 = -1
        var batches: [Batch] = []

        var recordBytes: Int { batches.reduce(0) { $0 + $1.length } }
    }

    /// One record batch and the offset of its first record; `length` below the batch's size sends only its start (the
    /// cut-off last batch of a partition that reached its byte limit, as Kafka's log slice ends).
    struct Batch: Sendable {
        var bytes: [UInt8]
        var baseOffset: Int64
        var length: Int

        init(bytes: [UInt8], baseOffset: Int64, length: Int? = nil) {
            self.bytes = bytes
            self.baseOffset = baseOffset
            self.length = min(max(0, length ?? bytes.count), bytes.count)
        }
    }
}

/// Encodes a `FetchPlan` as Kafka's FetchResponse v4–12 (FetchResponse.json) straight into the outgoing buffer, on the
/// connection's loop: each batch is copied once, and gets its base offset and a leader epoch of −1 written over the
/// first 16 bytes as it goes (Kafka's `setLastOffset`/`setPartitionLeaderEpoch`; the CRC does not cover them). The
/// layout is the generated `FetchResponse.encode`'s, field for field; no fetch session (id 0), no aborted
/// transactions, no preferred read replica, none of v12's tagged fields.
enum FetchResponseWriter {
    static func frame(_ plan: FetchPlan, version: Int16, correlationId: Int32, allocator: ByteBufferAllocator) -> ByteBuffer {
        let flexible = ApiKey.fetch.isFlexible(version: version)
        let recordBytes = plan.topics.reduce(0) { $0 + $1.partitions.reduce(0) { $0 + $1.recordBytes } }
        let partitionCount = plan.topics.reduce(0) { $0 + $1.partitions.count }
        var buffer = allocator.buffer(capacity: 64 + recordBytes + 300 * plan.topics.count + 64 * partitionCount)
        buffer.writeInteger(Int32(0))  // the size, written last
        buffer.writeInteger(correlationId)
        if ApiKey.fetch.responseHeaderVersion(for: version) >= 1 { buffer.writeInteger(UInt8(0)) }  // no tagged fields
        buffer.writeInteger(Int32(0))  // throttle time
        if version >= 7 {
            buffer.writeInteger(Int16(0))  // error code
            buffer.writeInteger(Int32(0))  // session id: no fetch sessions
        }
        writeArrayCount(plan.topics.count, flexible: flexible, to: &buffer)
        for topic in plan.topics {
            writeString(topic.name, flexible: flexible, to: &buffer)
            writeArrayCount(topic.partitions.count, flexible: flexible, to: &buffer)
            for partition in topic.partitions {
                buffer.writeInteger(partition.index)
                buffer.writeInteger(partition.errorCode)
                buffer.writeInteger(partition.highWatermark)
                buffer.writeInteger(partition.lastStableOffset)
                if version >= 5 { buffer.writeInteger(partition.logStartOffset) }
                writeArrayCount(0, flexible: flexible, to: &buffer)  // aborted transactions: none
                if version >= 11 { buffer.writeInteger(Int32(-1)) }  // preferred read replica: none
                let size = partition.recordBytes
                if flexible {
                    writeUnsignedVarint(UInt32(truncatingIfNeeded: size + 1), to: &buffer)
                } else {
                    buffer.writeInteger(Int32(truncatingIfNeeded: size))
                }
                for batch in partition.batches { writeBatch(batch, to: &buffer) }
                if flexible { buffer.writeInteger(UInt8(0)) }
            }
            if flexible { buffer.writeInteger(UInt8(0)) }
        }
        if flexible { buffer.writeInteger(UInt8(0)) }
        buffer.setInteger(Int32(truncatingIfNeeded: buffer.readableBytes - 4), at: buffer.readerIndex)
        return buffer
    }

    /// Copies a batch (or its first `length` bytes) and writes its base offset and leader epoch (−1) over the stored
    /// ones, as far as the copied bytes reach.
    static func writeBatch(_ batch: FetchPlan.Batch, to buffer: inout ByteBuffer) {
        let start = buffer.writerIndex
        if batch.length == batch.bytes.count {
            buffer.writeBytes(batch.bytes)
        } else {
            buffer.writeBytes(batch.bytes[0..<batch.length])
        }
        let epochAt = RecordBatchHeader.logOverhead
        if batch.length >= epochAt + 4 {
            buffer.setInteger(batch.baseOffset, at: start)
            buffer.setInteger(Int32(-1), at: start + epochAt)
            return
        }
        // A cut shorter than the header's first 16 bytes: the same values, byte by byte, where they fall inside it.
        guard batch.bytes.count >= epochAt + 4 else { return }
        var header: [UInt8] = []
        header.reserveCapacity(epochAt + 4)
        for shift in stride(from: 56, through: 0, by: -8) { header.append(UInt8(truncatingIfNeeded: batch.baseOffset >> shift)) }
        header += batch.bytes[8..<epochAt]
        header += [0xFF, 0xFF, 0xFF, 0xFF]
        buffer.setBytes(header[0..<batch.length], at: start)
    }

    static func writeArrayCount(_ count: Int, flexible: Bool, to buffer: inout ByteBuffer) {
        if flexible {
            writeUnsignedVarint(UInt32(truncatingIfNeeded: count + 1), to: &buffer)
        } else {
            buffer.writeInteger(Int32(truncatingIfNeeded: count))
        }
    }

    /// COMPACT_STRING (varint length + 1), or STRING (INT16 length) clamped as `WireWriter.writeString` clamps it.
    static func writeString(_ text: String, flexible: Bool, to buffer: inout ByteBuffer) {
        let utf8 = text.utf8
        if flexible {
            writeUnsignedVarint(UInt32(truncatingIfNeeded: utf8.count + 1), to: &buffer)
            buffer.writeBytes(utf8)
        } else {
            let count = min(utf8.count, Int(Int16.max))
            buffer.writeInteger(Int16(count))
            buffer.writeBytes(utf8.prefix(count))
        }
    }

    static func writeUnsignedVarint(_ value: UInt32, to buffer: inout ByteBuffer) {
        var rest = value
        while rest >= 0x80 {
            buffer.writeInteger(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        buffer.writeInteger(UInt8(truncatingIfNeeded: rest))
    }
}
