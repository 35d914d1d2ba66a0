/// An output buffer for streaming decompressors that grows by doubling but never past a limit, so a small input
/// that claims (or expands to) a huge output costs at most `limit` bytes before it is refused.
///
/// The buffer may hold one byte more than the limit: a decompressor that fills it has proven the output too large,
/// and a limit of 0 still leaves room to find out that the output is empty.
struct BoundedOutput {
    private(set) var bytes: [UInt8]
    private(set) var count = 0
    let limit: Int
    let codec: CompressionCodec
    private let capacityLimit: Int

    init(codec: CompressionCodec, expected: Int, limit: Int) {
        self.codec = codec
        self.limit = max(limit, 0)
        capacityLimit = self.limit == Int.max ? Int.max : self.limit + 1
        bytes = [UInt8](repeating: 0, count: min(max(expected, 256), capacityLimit))
    }

    var free: Int { bytes.count - count }

    /// Makes room for more output; throws once the output has gone past `limit` bytes.
    mutating func grow() throws(WireError) {
        guard bytes.count < capacityLimit else { throw WireError.decompressionLimitExceeded(codec, limit: limit) }
        let doubled = bytes.count > capacityLimit / 2 ? capacityLimit : bytes.count * 2
        let newCount = min(capacityLimit, max(doubled, 256))
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

    /// The output, once the decompressor has finished; more than `limit` bytes is an error.
    consuming func finish() throws(WireError) -> [UInt8] {
        if count > limit { throw WireError.decompressionLimitExceeded(codec, limit: limit) }
        var result = bytes
        result.removeSubrange(count...)
        return result
    }
}
