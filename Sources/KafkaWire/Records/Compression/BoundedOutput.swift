/// An output buffer for streaming decompressors that grows by doubling but never past a limit, so a small input
/// that claims (or expands to) a huge output costs at most `limit` bytes before it is refused.
struct BoundedOutput {
    private(set) var bytes: [UInt8]
    private(set) var count = 0
    let limit: Int
    let codec: CompressionCodec

    init(codec: CompressionCodec, expected: Int, limit: Int) {
        self.codec = codec
        self.limit = max(limit, 0)
        bytes = [UInt8](repeating: 0, count: min(max(expected, 256), self.limit))
    }

    var free: Int { bytes.count - count }

    /// Makes room for more output; throws once the output already holds `limit` bytes.
    mutating func grow() throws(WireError) {
        guard bytes.count < limit else { throw WireError.decompressionLimitExceeded(codec, limit: limit) }
        let doubled = bytes.count > limit / 2 ? limit : bytes.count * 2
        let newCount = min(limit, max(doubled, 256))
        bytes.append(contentsOf: repeatElement(0, count: newCount - bytes.count))
    }

    /// Lets `write` fill the free space at the end; it returns how many bytes it wrote.
    mutating func write(_ write: (UnsafeMutableRawBufferPointer) -> Int) {
        let start = count
        let written = bytes.withUnsafeMutableBytes { buffer in
            write(UnsafeMutableRawBufferPointer(rebasing: buffer[start...]))
        }
        count += written
    }

    consuming func finish() -> [UInt8] {
        var result = bytes
        result.removeSubrange(count...)
        return result
    }
}
