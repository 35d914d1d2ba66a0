import KafkaWire
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

#if canImport(Glibc)
    import Glibc
#endif

/// The real network: one TCP connection per broker, opened on first use and reopened after a failure, requests
/// answered in order (Kafka answers a connection's requests in the order it received them). Frames are checked
/// against Kafka's size limit before anything of that size is held, so a TLS alert or an HTTP page read as a size
/// prefix ends the connection with a one-line reason instead of a huge allocation.
public final class NIOKafkaTransport: KafkaTransport, @unchecked Sendable {
    private let group: any EventLoopGroup
    private let lock = NIOLock()
    private var channels: [BrokerAddress: EventLoopFuture<any Channel>] = [:]
    public let connectTimeout: TimeAmount
    public let requestTimeout: TimeAmount

    public init(
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, connectTimeout: TimeAmount = .seconds(3),
        requestTimeout: TimeAmount = .seconds(10)
    ) {
        self.group = group
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
    }

    public func roundTrip(_ frame: [UInt8], to broker: BrokerAddress) async throws(TransportError) -> [UInt8] {
        let channel: any Channel
        do {
            channel = try await connection(to: broker).get()
        } catch {
            forget(broker)
            throw .unreachable(Self.describe(error))
        }
        let promise = channel.eventLoop.makePromise(of: [UInt8].self)
        var buffer = channel.allocator.buffer(capacity: frame.count)
        buffer.writeBytes(frame)
        let timeout = requestTimeout
        let timer = channel.eventLoop.scheduleTask(in: timeout) {
            channel.pipeline.fireErrorCaught(TransportError.timedOut(timeout.nanoseconds / 1_000_000))
        }
        channel.writeAndFlush(KafkaClientHandler.Request(frame: buffer, answer: promise), promise: nil)
        do {
            let answer = try await promise.futureResult.get()
            timer.cancel()
            return answer
        } catch {
            timer.cancel()
            forget(broker)
            throw (error as? TransportError) ?? .closed
        }
    }

    public func disconnect(_ broker: BrokerAddress) async {
        let future = lock.withLock { channels.removeValue(forKey: broker) }
        if let channel = try? await future?.get() { try? await channel.close() }
    }

    /// Closes every connection.
    public func shutdown() async {
        let all = lock.withLock {
            let all = Array(channels.values)
            channels.removeAll()
            return all
        }
        for future in all { if let channel = try? await future.get() { try? await channel.close() } }
    }

    private func forget(_ broker: BrokerAddress) {
        let future = lock.withLock { channels.removeValue(forKey: broker) }
        future?.whenSuccess { $0.close(promise: nil) }
    }

    private func connection(to broker: BrokerAddress) -> EventLoopFuture<any Channel> {
        lock.withLock {
            if let existing = channels[broker] { return existing }
            let future = ClientBootstrap(group: group)
                .connectTimeout(connectTimeout)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(KafkaResponseFrameDecoder()))
                        try channel.pipeline.syncOperations.addHandler(KafkaClientHandler())
                    }
                }
                .connect(host: broker.host, port: broker.port)
            channels[broker] = future
            return future
        }
    }

    /// One short line for a connect failure: `connection refused`, `cannot resolve kafka-1`, `no connection within 3 s`.
    static func describe(_ error: any Error) -> String {
        if let connection = error as? NIOConnectionError {
            if let first = connection.connectionErrors.first { return describe(first.error) }
            return "cannot resolve \(connection.host)"
        }
        if let io = error as? IOError {
            switch io.errnoCode {
            case ECONNREFUSED: return "connection refused"
            case ETIMEDOUT: return "connection timed out"
            case EHOSTUNREACH, ENETUNREACH: return "no route to the host"
            default: return String(cString: strerror(io.errnoCode)).lowercased()
            }
        }
        if case ChannelError.connectTimeout(let timeout)? = error as? ChannelError {
            return "no connection within \(timeout.nanoseconds / 1_000_000) ms"
        }
        return "\(error)"
    }
}

/// Splits the byte stream into response frames (the payload after the INT32 size), rejecting sizes outside Kafka's
/// limits before buffering them.
struct KafkaResponseFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer
    let limits = FrameLimits.responses
    static let reservedFrameBytes = 8 * 1024 * 1024

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let size = buffer.getInteger(at: buffer.readerIndex, as: Int32.self) else { return .needMoreData }
        do {
            _ = try limits.check(declaredSize: size)
        } catch {
            throw TransportError.garbage("a frame of \(size) bytes declared")
        }
        guard buffer.readableBytes >= 4 + Int(size) else {
            // Room for the whole frame at once: a frame of megabytes (OffsetFetch for hundreds of groups) would
            // otherwise be copied at every doubling of the buffer. Up to `reservedFrameBytes` only, so a declared
            // size alone never makes the monitor hold more than that.
            let missing = 4 + Int(size) - buffer.readableBytes
            if buffer.writableBytes < missing, 4 + Int(size) <= Self.reservedFrameBytes {
                buffer.reserveCapacity(minimumWritableBytes: missing)
            }
            return .needMoreData
        }
        buffer.moveReaderIndex(forwardBy: 4)
        guard let frame = buffer.readSlice(length: Int(size)) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(frame))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}

/// Matches answers to requests in order; a closed connection or an error fails every request still waiting.
final class KafkaClientHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = Request
    typealias OutboundOut = ByteBuffer

    struct Request {
        var frame: ByteBuffer
        var answer: EventLoopPromise<[UInt8]>
    }

    private var waiting = CircularBuffer<EventLoopPromise<[UInt8]>>()

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        waiting.append(request.answer)
        context.write(wrapOutboundOut(request.frame), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var frame = unwrapInboundIn(data)
        guard let answer = waiting.popFirst() else {
            failAll(.garbage("an answer nobody asked for"))
            context.close(promise: nil)
            return
        }
        answer.succeed(frame.readBytes(length: frame.readableBytes) ?? [])
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll((error as? TransportError) ?? .garbage("\(error)"))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(.closed)
        context.fireChannelInactive()
    }

    private func failAll(_ error: TransportError) {
        while let answer = waiting.popFirst() { answer.fail(error) }
    }
}
