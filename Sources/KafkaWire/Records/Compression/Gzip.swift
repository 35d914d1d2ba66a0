import CZlib

/// gzip (codec 1) through zlib: Kafka's Java client wraps records in `GZIPOutputStream`, so the format is the gzip
/// wrapper (RFC 1952), not raw deflate or zlib's own header.
enum Gzip {
    /// zlib's windowBits: 15 (32 KiB window) + 16 selects the gzip wrapper.
    private static let gzipWindowBits: Int32 = 15 + 16

    static func compress(_ input: UnsafeRawBufferPointer, level: Int32) throws(WireError) -> [UInt8] {
        var stream = z_stream()
        guard
            deflateInit2_(
                &stream, level, Z_DEFLATED, gzipWindowBits, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
                Int32(MemoryLayout<z_stream>.size)) == Z_OK
        else { throw WireError.compressorFailed(.gzip, "deflateInit2 failed (level \(level))") }
        defer { deflateEnd(&stream) }
        guard input.count <= Int(UInt32.max) else { throw WireError.compressorFailed(.gzip, "input over 4 GiB") }
        let bound = Int(deflateBound(&stream, UInt(input.count)))
        var output = [UInt8](repeating: 0, count: bound)
        let result = output.withUnsafeMutableBytes { out -> Int32 in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = UInt32(input.count)
            stream.next_out = out.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = UInt32(out.count)
            return deflate(&stream, Z_FINISH)
        }
        guard result == Z_STREAM_END else { throw WireError.compressorFailed(.gzip, "deflate returned \(result)") }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }

    /// Inflates every gzip member in `input` (like Java's `GZIPInputStream`, concatenated members are one stream).
    static func decompress(_ input: UnsafeRawBufferPointer, limit: Int) throws(WireError) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, gzipWindowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw WireError.compressorFailed(.gzip, "inflateInit2 failed")
        }
        defer { inflateEnd(&stream) }
        guard input.count <= Int(UInt32.max) else { throw WireError.corruptCompressedData(.gzip, "input over 4 GiB") }
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = UInt32(input.count)
        var output = BoundedOutput(codec: .gzip, expected: input.count * 4, limit: limit)
        while true {
            if output.free == 0 { try output.grow() }
            var result: Int32 = Z_OK
            output.write { free in
                stream.next_out = free.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = UInt32(min(free.count, Int(UInt32.max)))
                let before = stream.avail_out
                result = inflate(&stream, Z_NO_FLUSH)
                return Int(before - stream.avail_out)
            }
            switch result {
            case Z_STREAM_END:
                // Another member may follow; anything else after the last member is an error, as in Java.
                if stream.avail_in == 0 { return try output.finish() }
                guard inflateReset(&stream) == Z_OK else { throw WireError.compressorFailed(.gzip, "inflateReset failed") }
            case Z_OK:
                continue
            case Z_BUF_ERROR:
                // No progress possible: either the output is full (grow and retry) or the input ended early.
                if output.free == 0 { continue }
                throw WireError.corruptCompressedData(.gzip, "truncated stream")
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "inflate returned \(result)"
                throw WireError.corruptCompressedData(.gzip, message)
            }
        }
    }
}
