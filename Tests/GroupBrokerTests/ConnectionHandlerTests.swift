import KafkaWire
import NIOCore
import NIOEmbedded
import NIOExtras
import Testing

@testable import GroupBroker

/// Handler-level tests on EmbeddedChannel: the frame-size guard in front of swift-nio-extras' frame decoder, and the
/// connection handler's bounded reading.
struct ConnectionHandlerTests {
    static func pipeline(maximum: Int = FrameLimits.defaultMaximumSize) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandlers([
            FrameSizeGuard(maximumFrameBytes: maximum),
            ByteToMessageHandler(LengthFieldBasedFrameDecoder(lengthFieldBitLength: .thirtyTwoBits)),
        ])
        return channel
    }

    /// Kafka's socket.request.max.bytes default, 104,857,600: a larger declared size is an error before allocation.
    @Test func declaredSizeAboveTheMaximumIsRefused() throws {
        let channel = try Self.pipeline()
        var buffer = channel.allocator.buffer(capacity: 8)
        buffer.writeInteger(Int32(104_857_601))
        buffer.writeInteger(Int32(0))
        #expect(throws: FrameSizeError.self) { try channel.writeInbound(buffer) }
    }

    @Test func declaredSizeBelowARequestHeaderIsRefused() throws {
        let channel = try Self.pipeline()
        var buffer = channel.allocator.buffer(capacity: 8)
        buffer.writeInteger(Int32(3))
        buffer.writeBytes([1, 2, 3])
        #expect(throws: FrameSizeError.self) { try channel.writeInbound(buffer) }
    }

    /// Frames split anywhere, even inside the size prefix, come out whole and in order.
    @Test func framesSplitAcrossReadsComeOutWhole() throws {
        let channel = try Self.pipeline(maximum: 64)
        let first: [UInt8] = [0, 0, 0, 12] + Array(1...12)
        let second: [UInt8] = [0, 0, 0, 10] + Array(21...30)
        let stream = first + second
        for cut in [(0, 2), (2, 15), (15, stream.count)] {
            try channel.writeInbound(ByteBuffer(bytes: stream[cut.0..<cut.1]))
        }
        let a = try #require(try channel.readInbound(as: ByteBuffer.self))
        let b = try #require(try channel.readInbound(as: ByteBuffer.self))
        #expect(Array(a.readableBytesView) == Array(1...12))
        #expect(Array(b.readableBytesView) == Array(21...30))
        _ = try channel.finish()
    }

    /// With answers outstanding, the handler serves one request at a time and stops passing reads on once
    /// `maximumQueuedRequests` frames wait.
    @Test func readsAreHeldWhileTheQueueIsFull() throws {
        let channel = EmbeddedChannel()
        let router = ParkingRouter(loop: channel.eventLoop)
        let counter = ReadCounter()
        try channel.pipeline.syncOperations.addHandlers([
            counter,
            KafkaConnectionHandler(
                router: router, info: ConnectionInfo(id: 1, remote: "test", host: "/test"), maximumQueuedRequests: 4),
        ])
        channel.read()
        #expect(counter.reads == 1)
        for i in 0..<5 { try channel.writeInbound(ByteBuffer(bytes: [UInt8(i)])) }
        // One in service, four queued: the queue is full.
        #expect(router.routed.count == 1)
        channel.read()
        #expect(counter.reads == 1)
        // Answering the first lets the next one in and releases the held read.
        router.answer(0)
        #expect(router.routed.count == 2)
        #expect(counter.reads == 2)
        let out = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(Array(out.readableBytesView) == [0, 0, 0, 1, 0])
        _ = try? channel.finish()
    }
}

/// Counts the reads that reach the head of the pipeline.
final class ReadCounter: ChannelOutboundHandler {
    typealias OutboundIn = ByteBuffer
    var reads = 0
    func read(context: ChannelHandlerContext) {
        reads += 1
        context.read()
    }
}

/// A router that holds every request until the test answers it.
final class ParkingRouter: RequestRouter, @unchecked Sendable {
    let loop: any EventLoop
    var routed: [(frame: ByteBuffer, promise: EventLoopPromise<RouteOutcome>)] = []
    init(loop: any EventLoop) { self.loop = loop }

    func route(_ frame: ByteBuffer, from connection: ConnectionInfo, on eventLoop: any EventLoop) -> EventLoopFuture<RouteOutcome>
    {
        let promise = loop.makePromise(of: RouteOutcome.self)
        routed.append((frame, promise))
        return promise.futureResult
    }

    func connectionClosed(_ connection: ConnectionInfo, reason: String?) {}

    /// Answers request `index` with a frame holding its first byte.
    func answer(_ index: Int) {
        let byte = routed[index].frame.readableBytesView.first ?? 0
        routed[index].promise.succeed(.respond(ByteBuffer(bytes: [0, 0, 0, 1, byte])))
        (loop as? EmbeddedEventLoop)?.run()
    }
}
