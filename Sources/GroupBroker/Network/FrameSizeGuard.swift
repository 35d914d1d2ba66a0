import KafkaWire
import NIOCore

/// Why a connection's byte stream was refused before any frame was assembled.
public struct FrameSizeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The size the frame declared.
    public var declared: Int64
    public var minimum: Int
    public var maximum: Int
    public var description: String {
        declared > Int64(maximum)
            ? "frame declares \(declared) bytes, more than the maximum of \(maximum) (socket.request.max.bytes)"
            : "frame declares \(declared) bytes, less than a request header's \(minimum)"
    }
}

/// Watches the 4-byte big-endian length prefixes of Kafka's frames as bytes stream past, and refuses a frame whose
/// declared size is above the maximum (Kafka's `socket.request.max.bytes`, default 100 MiB) or below a request
/// header, before anything of that size is allocated. It keeps O(1) state and passes the bytes on untouched to
/// swift-nio-extras' `LengthFieldBasedFrameDecoder`, which has no maximum of its own.
final class FrameSizeGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// The smallest request: header v1 with a null client id.
    static let minimumFrameBytes = FrameLimits.minimumRequestSize

    let maximumFrameBytes: Int
    /// Bytes of the current frame's body still to pass; 0 at a frame boundary.
    private var remainingInFrame: Int64 = 0
    /// The length prefix collected so far, and how many of its 4 bytes.
    private var prefix: UInt32 = 0
    private var prefixBytes = 0
    private var failed = false

    init(maximumFrameBytes: Int) { self.maximumFrameBytes = maximumFrameBytes }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        let buffer = unwrapInboundIn(data)
        var index = buffer.readerIndex
        let end = buffer.writerIndex
        while index < end {
            if remainingInFrame > 0 {
                // Skip the rest of the frame's body at once.
                let skip = Int(min(remainingInFrame, Int64(end - index)))
                index += skip
                remainingInFrame -= Int64(skip)
                continue
            }
            if prefixBytes == 0, end - index >= 4, let size = buffer.getInteger(at: index, as: Int32.self) {
                index += 4
                guard check(Int64(size), context: context) else { return }
                continue
            }
            guard let byte = buffer.getInteger(at: index, as: UInt8.self) else { break }
            index += 1
            prefix = prefix << 8 | UInt32(byte)
            prefixBytes += 1
            guard prefixBytes == 4 else { continue }
            let declared = Int64(Int32(bitPattern: prefix))
            prefix = 0
            prefixBytes = 0
            guard check(declared, context: context) else { return }
        }
        context.fireChannelRead(data)
    }

    /// Starts a frame of `declared` bytes, or reports why it is refused.
    private func check(_ declared: Int64, context: ChannelHandlerContext) -> Bool {
        guard declared >= Int64(Self.minimumFrameBytes), declared <= Int64(maximumFrameBytes) else {
            failed = true
            context.fireErrorCaught(
                FrameSizeError(declared: declared, minimum: Self.minimumFrameBytes, maximum: maximumFrameBytes))
            return false
        }
        remainingInFrame = declared
        return true
    }
}
