import CLZ4

/// lz4 (codec 3): the LZ4 frame format (magic 0x184D2204), as Kafka's `Lz4BlockOutputStream` writes it for magic 2:
/// 64 KiB independent blocks, no block or content checksum, no content size.
enum LZ4Frame {
    static func compress(_ input: UnsafeRawBufferPointer, level: Int32) throws(WireError) -> [UInt8] {
        var preferences = LZ4F_preferences_t()
        preferences.frameInfo.blockSizeID = LZ4F_max64KB
        preferences.frameInfo.blockMode = LZ4F_blockIndependent
        preferences.frameInfo.contentChecksumFlag = LZ4F_noContentChecksum
        preferences.frameInfo.blockChecksumFlag = LZ4F_noBlockChecksum
        preferences.compressionLevel = level
        let bound = LZ4F_compressFrameBound(input.count, &preferences)
        var output = [UInt8](repeating: 0, count: bound)
        let placeholder: [UInt8] = [0]
        let written = output.withUnsafeMutableBytes { out in
            placeholder.withUnsafeBytes { empty in
                LZ4F_compressFrame(out.baseAddress, out.count, input.baseAddress ?? empty.baseAddress, input.count, &preferences)
            }
        }
        guard LZ4F_isError(written) == 0 else {
            throw WireError.compressorFailed(.lz4, String(cString: LZ4F_getErrorName(written)))
        }
        output.removeSubrange(written...)
        return output
    }

    /// Decodes one frame; bytes after the frame's end mark are ignored, as Kafka's `Lz4BlockInputStream` does.
    static func decompress(_ input: UnsafeRawBufferPointer, limit: Int) throws(WireError) -> [UInt8] {
        var context: OpaquePointer?
        guard LZ4F_isError(LZ4F_createDecompressionContext(&context, UInt32(LZ4F_VERSION))) == 0, let context else {
            throw WireError.compressorFailed(.lz4, "cannot create a decompression context")
        }
        defer { LZ4F_freeDecompressionContext(context) }
        guard let base = input.baseAddress, input.count > 0 else { throw WireError.corruptCompressedData(.lz4, "empty frame") }
        var consumed = 0
        var output = BoundedOutput(codec: .lz4, expected: input.count * 4, limit: limit)
        while true {
            if output.free == 0 { try output.grow() }
            var hint = 0
            var sourceSize = input.count - consumed
            output.write { free in
                var destinationSize = free.count
                hint = LZ4F_decompress(context, free.baseAddress, &destinationSize, base + consumed, &sourceSize, nil)
                return LZ4F_isError(hint) == 0 ? destinationSize : 0
            }
            if LZ4F_isError(hint) != 0 {
                throw WireError.corruptCompressedData(.lz4, "\(String(cString: LZ4F_getErrorName(hint))) near byte \(consumed)")
            }
            consumed += sourceSize
            if hint == 0 { return try output.finish() }
            // Input exhausted with the frame unfinished, and the output had room: the frame is cut short.
            if consumed == input.count && output.free > 0 {
                throw WireError.corruptCompressedData(.lz4, "frame cut short after \(input.count) bytes")
            }
        }
    }
}
