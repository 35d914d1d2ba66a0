import CSnappy

/// snappy (codec 2) in both of the forms Kafka clients send:
/// - raw: one snappy block (librdkafka, franz-go);
/// - xerial framing (Kafka's Java client via snappy-java's `SnappyOutputStream`, kafka-python): the magic
///   `82 53 4E 41 50 50 59 00`, a big-endian i32 version and i32 minimum compatible version (both 1), then blocks
///   of `[i32 big-endian compressed length][raw snappy block]`.
/// Decoding tells them apart by the magic, as librdkafka's `rd_kafka_snappy_java_uncompress` and kafka-python's
/// `_detect_xerial_stream` do.
enum Snappy {
    static let xerialMagic: [UInt8] = [0x82, 0x53, 0x4E, 0x41, 0x50, 0x50, 0x59, 0x00]
    static let xerialHeaderSize = 16
    /// snappy-java's and kafka-python's default block size.
    static let xerialBlockSize = 32 * 1024

    static func compressRaw(_ input: UnsafeRawBufferPointer) throws(WireError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: snappy_max_compressed_length(input.count))
        let written = try output.withMutableBytes { (buffer) throws(WireError) in try compressBlock(input, into: buffer) }
        output.removeSubrange(written...)
        return output
    }

    static func compressXerial(_ input: UnsafeRawBufferPointer) throws(WireError) -> [UInt8] {
        var output = xerialMagic
        output += [0, 0, 0, 1, 0, 0, 0, 1]
        output.reserveCapacity(
            xerialHeaderSize + snappy_max_compressed_length(input.count) + input.count / xerialBlockSize * 4 + 4)
        var start = 0
        var block = [UInt8](repeating: 0, count: snappy_max_compressed_length(xerialBlockSize))
        while start < input.count {
            let end = min(start + xerialBlockSize, input.count)
            let written = try block.withMutableBytes { (buffer) throws(WireError) in
                try compressBlock(UnsafeRawBufferPointer(rebasing: input[start..<end]), into: buffer)
            }
            let length = UInt32(written)
            output += [UInt8(length >> 24), UInt8((length >> 16) & 0xFF), UInt8((length >> 8) & 0xFF), UInt8(length & 0xFF)]
            output += block[0..<written]
            start = end
        }
        return output
    }

    static func decompress(_ input: UnsafeRawBufferPointer, limit: Int) throws(WireError) -> [UInt8] {
        if isXerial(input) { return try decompressXerial(input, limit: limit) }
        var output: [UInt8] = []
        try decompressBlock(input, appendingTo: &output, limit: limit, at: 0)
        return output
    }

    static func isXerial(_ input: UnsafeRawBufferPointer) -> Bool {
        input.count >= xerialHeaderSize && input.prefix(xerialMagic.count).elementsEqual(xerialMagic)
    }

    private static func decompressXerial(_ input: UnsafeRawBufferPointer, limit: Int) throws(WireError) -> [UInt8] {
        var output: [UInt8] = []
        var position = xerialHeaderSize
        while position < input.count {
            guard input.count - position >= 4 else {
                throw WireError.corruptCompressedData(.snappy, "xerial block length cut short at byte \(position)")
            }
            let length =
                Int(input[position]) << 24 | Int(input[position + 1]) << 16 | Int(input[position + 2]) << 8
                | Int(input[position + 3])
            position += 4
            // Bit 31 set is a negative i32 in Java: never a valid length.
            guard length < 0x8000_0000, length <= input.count - position else {
                throw WireError.corruptCompressedData(
                    .snappy, "xerial block at byte \(position - 4) declares \(length) bytes, \(input.count - position) remain")
            }
            try decompressBlock(
                UnsafeRawBufferPointer(rebasing: input[position..<position + length]), appendingTo: &output, limit: limit,
                at: position)
            position += length
        }
        return output
    }

    private static func compressBlock(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer)
        throws(WireError) -> Int
    {
        var written = output.count
        // snappy's C API wants real pointers even for zero bytes.
        let placeholder: [CChar] = [0]
        let status = placeholder.withUnsafeBufferPointer { empty in
            snappy_compress(
                input.baseAddress?.assumingMemoryBound(to: CChar.self) ?? empty.baseAddress, input.count,
                output.baseAddress?.assumingMemoryBound(to: CChar.self), &written)
        }
        guard status == SNAPPY_OK else {
            throw WireError.compressorFailed(.snappy, "snappy_compress returned \(status.rawValue)")
        }
        return written
    }

    /// Reads the block's declared size first and refuses it above the limit before allocating anything.
    private static func decompressBlock(
        _ block: UnsafeRawBufferPointer, appendingTo output: inout [UInt8], limit: Int, at offset: Int
    ) throws(WireError) {
        // A snappy block starts with its length as a varint, so it is never empty.
        guard let source = block.baseAddress?.assumingMemoryBound(to: CChar.self), block.count > 0 else {
            throw WireError.corruptCompressedData(.snappy, "empty block at byte \(offset)")
        }
        var declared = 0
        guard snappy_uncompressed_length(source, block.count, &declared) == SNAPPY_OK else {
            throw WireError.corruptCompressedData(.snappy, "unreadable block header at byte \(offset)")
        }
        guard declared <= limit - output.count else { throw WireError.decompressionLimitExceeded(.snappy, limit: limit) }
        guard snappy_validate_compressed_buffer(source, block.count) == SNAPPY_OK else {
            throw WireError.corruptCompressedData(.snappy, "invalid block at byte \(offset)")
        }
        guard declared > 0 else { return }
        let start = output.count
        output.append(contentsOf: repeatElement(0, count: declared))
        var written = declared
        let status = output.withUnsafeMutableBytes { buffer in
            let destination = UnsafeMutableRawBufferPointer(rebasing: buffer[start...])
            return snappy_uncompress(source, block.count, destination.baseAddress?.assumingMemoryBound(to: CChar.self), &written)
        }
        guard status == SNAPPY_OK, written == declared else {
            throw WireError.corruptCompressedData(.snappy, "block at byte \(offset) did not decompress")
        }
    }
}
