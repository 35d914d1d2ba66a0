import CZstd

/// zstd (codec 4). Decoding streams, because frames without a declared content size exist (a streaming compressor,
/// e.g. zstd-jni's `ZstdOutputStream` in Kafka's Java client, does not know the size up front); concatenated frames
/// decode as one stream, as with zstd's own tools.
enum Zstd {
    static func compress(_ input: UnsafeRawBufferPointer, level: Int32) throws(WireError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: ZSTD_compressBound(input.count))
        let placeholder: [UInt8] = [0]
        let written = output.withUnsafeMutableBytes { out in
            placeholder.withUnsafeBytes { empty in
                ZSTD_compress(out.baseAddress, out.count, input.baseAddress ?? empty.baseAddress, input.count, level)
            }
        }
        guard ZSTD_isError(written) == 0 else {
            throw WireError.compressorFailed(.zstd, String(cString: ZSTD_getErrorName(written)))
        }
        output.removeSubrange(written...)
        return output
    }

    static func decompress(_ input: UnsafeRawBufferPointer, limit: Int) throws(WireError) -> [UInt8] {
        guard let context = ZSTD_createDCtx() else { throw WireError.compressorFailed(.zstd, "cannot create a context") }
        defer { ZSTD_freeDCtx(context) }
        guard let base = input.baseAddress, input.count > 0 else { throw WireError.corruptCompressedData(.zstd, "empty frame") }
        var source = ZSTD_inBuffer(src: base, size: input.count, pos: 0)
        // A declared content size is only a hint for the first allocation; the limit still governs.
        let declared = ZSTD_getFrameContentSize(base, input.count)
        let expected = declared < UInt64(Int.max / 2) ? min(Int(declared), max(input.count * 16, 1 << 16)) : input.count * 4
        var output = BoundedOutput(codec: .zstd, expected: expected, limit: limit)
        var remainingInFrame = 1
        while true {
            if output.free == 0 { try output.grow() }
            output.write { free in
                var destination = ZSTD_outBuffer(dst: free.baseAddress, size: free.count, pos: 0)
                remainingInFrame = ZSTD_decompressStream(context, &destination, &source)
                return ZSTD_isError(remainingInFrame) == 0 ? destination.pos : 0
            }
            if ZSTD_isError(remainingInFrame) != 0 {
                throw WireError.corruptCompressedData(
                    .zstd, "\(String(cString: ZSTD_getErrorName(remainingInFrame))) near byte \(source.pos)")
            }
            if source.pos == input.count {
                if remainingInFrame == 0 { return try output.finish() }
                // Everything consumed, the frame unfinished and the output not the reason: the frame is cut short.
                if output.free > 0 { throw WireError.corruptCompressedData(.zstd, "frame cut short after \(input.count) bytes") }
            }
        }
    }
}
