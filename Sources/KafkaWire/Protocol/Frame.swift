/// Kafka's framing: every request and response is an INT32 size followed by that many bytes.
///
/// The size is checked against a maximum before anything of that size is allocated (Kafka's
/// `socket.request.max.bytes`, 100 MiB by default) and against the smallest possible header.
public struct FrameLimits: Sendable, Hashable {
    /// Kafka's default socket.request.max.bytes: 104,857,600.
    public static let defaultMaximumSize = 100 * 1024 * 1024
    /// The smallest request: request header v1 with a null client id (api key, version, correlation id, -1).
    public static let minimumRequestSize = 10
    /// The smallest response: response header v0.
    public static let minimumResponseSize = 4

    public var maximumSize: Int
    public var minimumSize: Int

    public init(maximumSize: Int = FrameLimits.defaultMaximumSize, minimumSize: Int = FrameLimits.minimumRequestSize) {
        self.maximumSize = maximumSize
        self.minimumSize = minimumSize
    }

    public static let requests = FrameLimits()
    public static let responses = FrameLimits(minimumSize: minimumResponseSize)

    /// Validates a declared frame size (the INT32 prefix) and returns it as an Int.
    public func check(declaredSize: Int32, at offset: Int = 0) throws(WireError) -> Int {
        let size = Int(declaredSize)
        if size > maximumSize { throw WireError(.frameTooLarge(size: size, maximum: maximumSize), offset: offset) }
        if size < minimumSize { throw WireError(.frameTooSmall(size: size, minimum: minimumSize), offset: offset) }
        return size
    }

    /// Looks for one complete frame at the start of `buffer`: nil if more bytes are needed, the range of its payload
    /// (after the size prefix) if complete, an error if the declared size is out of bounds.
    public func nextFrame(in buffer: ArraySlice<UInt8>) throws(WireError) -> Range<Int>? {
        guard buffer.count >= 4 else { return nil }
        let start = buffer.startIndex
        let declared =
            Int32(
                bitPattern: UInt32(buffer[start]) << 24 | UInt32(buffer[start + 1]) << 16
                    | UInt32(buffer[start + 2]) << 8 | UInt32(buffer[start + 3]))
        let size = try check(declaredSize: declared, at: start)
        guard buffer.count - 4 >= size else { return nil }
        return (start + 4)..<(start + 4 + size)
    }
}

extension WireWriter {
    /// Reserves the INT32 size prefix of a frame; call `finishFrame(startedAt:)` with the returned position.
    public mutating func startFrame() -> Int {
        let position = count
        writeInt32(0)
        return position
    }

    /// Fills in the size prefix written by `startFrame()` with the number of bytes written since.
    public mutating func finishFrame(startedAt position: Int) {
        patchInt32(Int32(truncatingIfNeeded: count - position - 4), at: position)
    }
}
