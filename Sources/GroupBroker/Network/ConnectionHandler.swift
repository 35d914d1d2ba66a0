import NIOCore

/// What the broker does with one request frame (responses are complete frames, size prefix included): answer it, answer nothing (Produce with acks=0), or close the
/// connection (after an optional last answer) because the client sent something it cannot serve.
enum RouteOutcome: Sendable {
    case respond(ByteBuffer)
    case noResponse
    case close(reason: String, lastResponse: ByteBuffer?)
}

/// Turns a request frame (the bytes after the length prefix) into an outcome. The future may complete on any loop.
protocol RequestRouter: Sendable {
    /// `eventLoop` is the connection's: the returned future's follow-up work (encoding) runs there.
    func route(_ frame: ByteBuffer, from connection: ConnectionInfo, on eventLoop: any EventLoop)
        -> EventLoopFuture<RouteOutcome>
    /// The connection closed (by either side), with a reason when the broker closed it for bad input.
    func connectionClosed(_ connection: ConnectionInfo, reason: String?)
}

/// Who is on the other end of a connection.
struct ConnectionInfo: Sendable, Hashable {
    var id: Int
    /// `127.0.0.1:54321`.
    var remote: String
    /// Kafka's HOST column form: `/127.0.0.1`.
    var host: String
}

/// One client connection. Requests are served strictly one at a time, in order, as Kafka does (it mutes a channel
/// from reading while a request is being served): responses leave in request order, and a client that never reads its
/// responses stops being read from — at most `maximumQueuedRequests` frames wait, and no further request is served
/// while the socket's outbound buffer is above its high watermark. So no client can grow the broker's memory without
/// bound.
final class KafkaConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let router: any RequestRouter
    private let info: ConnectionInfo
    private let maximumQueuedRequests: Int
    private var queue: [ByteBuffer] = []
    private var queueHead = 0
    /// Requests being served, oldest first, with their outcome once known.
    private var inFlight: [InFlight] = []
    private var nextRequestId = 0
    /// A read the pipeline asked for that this handler holds back while the queue is full or writes back up.
    private var readHeld = false
    private var closeReason: String?
    private var closed = false

    private struct InFlight {
        var id: Int
        var isProduce: Bool
        var outcome: Result<RouteOutcome, any Error>?
    }

    init(router: any RequestRouter, info: ConnectionInfo, maximumQueuedRequests: Int) {
        self.router = router
        self.info = info
        self.maximumQueuedRequests = maximumQueuedRequests
    }

    private var queued: Int { queue.count - queueHead }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !closed else { return }
        queue.append(unwrapInboundIn(data))
        serveNext(context: context)
    }

    func read(context: ChannelHandlerContext) {
        if queued >= maximumQueuedRequests || !context.channel.isWritable {
            readHeld = true
        } else {
            context.read()
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable {
            serveNext(context: context)
            releaseHeldRead(context: context)
        }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed = true
        queue = []
        queueHead = 0
        router.connectionClosed(info, reason: closeReason)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        close(context: context, reason: Self.describe(error))
    }

    private func releaseHeldRead(context: ChannelHandlerContext) {
        guard readHeld, queued < maximumQueuedRequests, context.channel.isWritable else { return }
        readHeld = false
        context.read()
    }

    /// Kafka serves a connection's requests one at a time. Only Produce requests, which touch nothing but the log, are
    /// pipelined here (up to this many), so that a producer's next request is decoded while the last one is appended;
    /// their answers still leave in request order.
    static let maximumPipelinedProduces = 8

    private func serveNext(context: ChannelHandlerContext) {
        while !closed, queued > 0, context.channel.isWritable {
            let frame = queue[queueHead]
            let isProduce = frame.getInteger(at: frame.readerIndex, as: Int16.self) == 0
            if !inFlight.isEmpty {
                guard isProduce, inFlight.count < Self.maximumPipelinedProduces, inFlight.allSatisfy(\.isProduce) else { return }
            }
            queue[queueHead] = ByteBuffer()
            queueHead += 1
            if queueHead == queue.count {
                queue.removeAll(keepingCapacity: true)
                queueHead = 0
            }
            let id = nextRequestId
            nextRequestId += 1
            inFlight.append(InFlight(id: id, isProduce: isProduce))
            router.route(frame, from: info, on: context.eventLoop).hop(to: context.eventLoop).assumeIsolated().whenComplete {
                result in
                guard !self.closed, let index = self.inFlight.firstIndex(where: { $0.id == id }) else { return }
                self.inFlight[index].outcome = result
                self.answerInOrder(context: context)
            }
        }
    }

    /// Sends the answers of the oldest requests whose outcome is known, in request order; then serves what waits.
    private func answerInOrder(context: ChannelHandlerContext) {
        while let first = inFlight.first, let outcome = first.outcome {
            inFlight.removeFirst()
            switch outcome {
            case .success(.respond(let response)):
                send(response, context: context)
            case .success(.noResponse):
                break
            case .success(.close(let reason, let last)):
                if let last { send(last, context: context) }
                close(context: context, reason: reason)
                return
            case .failure(let error):
                close(context: context, reason: Self.describe(error))
                return
            }
        }
        serveNext(context: context)
        releaseHeldRead(context: context)
    }

    private func send(_ frame: ByteBuffer, context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
    }

    /// Closes the connection for a reason the broker reports as an event (bad input, a dropped member).
    func close(context: ChannelHandlerContext, reason: String) {
        guard !closed else { return }
        closeReason = closeReason ?? reason
        closed = true
        context.close(promise: nil)
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? FrameSizeError { return error.description }
        let text = String(describing: error)
        if text.contains("LeftOverBytesError") { return "connection closed in the middle of a frame" }
        if let io = error as? IOError { return "I/O error: \(io.description)" }
        return text
    }
}
