import GroupCore
import GroupSim
import KafkaWire
import NIOCore

/// Decodes each request frame, applies it to the simulation on its loop, and encodes the answer. Decoding and
/// encoding run on the connection's I/O loop; only the part that reads or changes the simulation runs on its loop.
final class BrokerRouter: RequestRouter, Sendable {
    let host: SimulationHost

    init(host: SimulationHost) { self.host = host }

    func connectionOpened(_ info: ConnectionInfo, channel: any Channel) {
        _ = host.run { _, state in state.opened(info, channel: channel) }
    }

    func connectionClosed(_ info: ConnectionInfo, reason: String?) {
        _ = host.run { simulation, state in
            state.closed(info)
            guard let reason else { return }
            simulation.recordBrokerEvent(
                "broker.connection-closed", "closed the connection from \(info.remote): \(reason)",
                [("remote", .string(info.remote)), ("reason", .string(reason))])
        }
    }

    func route(_ frame: ByteBuffer, from connection: ConnectionInfo, on eventLoop: any EventLoop)
        -> EventLoopFuture<RouteOutcome>
    {
        let bytes = frame.getBytes(at: frame.readerIndex, length: frame.readableBytes) ?? []
        let request: DecodedRequest
        do {
            request = try KafkaCodec.decodeRequest(bytes)
        } catch {
            return eventLoop.makeSucceededFuture(Self.rejection(of: bytes, error, allocator: ByteBufferAllocator()))
        }
        let header = request.header
        // Answers that need nothing of the simulation.
        switch request.body {
        case .apiVersions:
            let body = ApiVersionsResponse(errorCode: KafkaErrorCode.none, apiKeys: ApiKey.advertisedApiVersions)
            return eventLoop.makeSucceededFuture(.respond(Self.encode(.apiVersions(body), to: header)))
        case .produce(let produce) where ApiKey.produce.rejectedVersions?.contains(header.apiVersion) == true:
            // Message formats v0 and v1 are not served (Kafka 4 does the same); answer every partition with error 35.
            return eventLoop.makeSucceededFuture(
                .respond(Self.encode(ProduceAPI.unsupported(produce), to: header)))
        case .consumerGroupDescribe:
            return eventLoop.makeSucceededFuture(
                .close(reason: "ConsumerGroupDescribe is not served (classic groups only)", lastResponse: nil))
        default:
            break
        }
        // A Produce request's batches are split and their CRCs checked here, on the connection's loop, so that the
        // simulation's one thread only assigns offsets.
        var checkedProduce: CheckedProduce?
        if case .produce(let produce) = request.body { checkedProduce = ProduceAPI.check(produce) }
        let promise = host.loop.makePromise(of: Answer.self)
        let host = self.host
        _ = host.run { [checkedProduce] simulation, state in
            let context = RequestContext(
                simulation: simulation, state: state, host: host, header: header, connection: connection,
                promise: promise)
            if let clientId = header.clientId { state.noteClient(clientId, on: connection) }
            if let checkedProduce {
                ProduceAPI.produce(checkedProduce, context)
            } else {
                APIDispatch.serve(request.body, context)
            }
        }.recover { error in promise.fail(error) }
        return promise.futureResult.hop(to: eventLoop).map { answer in
            switch answer {
            case .response(let body): .respond(Self.encode(body, to: header))
            case .fetch(let plan):
                .respond(
                    FetchResponseWriter.frame(
                        plan, version: header.apiVersion, correlationId: header.correlationId, allocator: ByteBufferAllocator()))
            case .none: .noResponse
            case .close(let reason): .close(reason: reason, lastResponse: nil)
            }
        }
    }

    static func encode(_ body: KafkaResponse, to header: KafkaWire.RequestHeader) -> ByteBuffer {
        ByteBuffer(bytes: KafkaCodec.encodeResponse(body, to: header))
    }

    /// What the broker does with a frame it cannot decode. Kafka answers an ApiVersions request of an unknown version
    /// in the v0 layout with UNSUPPORTED_VERSION (KIP-511); a SASL handshake gets UNSUPPORTED_SASL_MECHANISM with no
    /// mechanisms, then the connection closes; anything else closes the connection (Kafka's SocketServer does the same
    /// on an InvalidRequestException).
    static func rejection(of bytes: [UInt8], _ error: WireError, allocator: ByteBufferAllocator) -> RouteOutcome {
        guard let (apiKey, version, correlationId) = try? KafkaWire.RequestHeader.peek(bytes) else {
            return .close(reason: "malformed request header: \(error)", lastResponse: nil)
        }
        if apiKey == ApiKey.apiVersions.rawValue {
            return .respond(ByteBuffer(bytes: KafkaCodec.unsupportedApiVersionsResponse(correlationId: correlationId)))
        }
        if apiKey == SaslRefusal.saslHandshakeKey || apiKey == SaslRefusal.saslAuthenticateKey {
            return .close(
                reason:
                    "SASL \(apiKey == SaslRefusal.saslHandshakeKey ? "handshake" : "authentication") refused: SASL is not offered",
                lastResponse: SaslRefusal.response(apiKey: apiKey, version: version, correlationId: correlationId))
        }
        if ApiKey(rawValue: apiKey) == nil {
            return .close(reason: "unknown API key \(apiKey) (version \(version))", lastResponse: nil)
        }
        return .close(reason: "bad request: \(error)", lastResponse: nil)
    }
}

/// How a request was answered on the simulation's loop.
enum Answer: Sendable {
    case response(KafkaResponse)
    /// A Fetch response, encoded on the connection's loop (`FetchResponseWriter`).
    case fetch(FetchPlan)
    /// Produce with acks=0: Kafka sends nothing back.
    case none
    /// Close the connection without answering (a member the dashboard dropped).
    case close(String)
}

/// Everything a request handler needs, on the simulation's loop.
struct RequestContext {
    let simulation: Simulation
    let state: BrokerState
    let host: SimulationHost
    let header: KafkaWire.RequestHeader
    let connection: ConnectionInfo
    let promise: EventLoopPromise<Answer>

    var version: Int16 { header.apiVersion }
    var clientId: String { header.clientId ?? "" }

    func respond(_ body: KafkaResponse) { promise.succeed(.response(body)) }
}

/// One switch over the APIs served with the simulation.
enum APIDispatch {
    static func serve(_ body: KafkaRequest, _ context: RequestContext) {
        switch body {
        case .metadata(let r): context.respond(.metadata(MetadataAPI.metadata(r, context)))
        case .createTopics(let r): context.respond(.createTopics(MetadataAPI.createTopics(r, context)))
        case .findCoordinator(let r): context.respond(.findCoordinator(MetadataAPI.findCoordinator(r, context)))
        case .produce(let r): ProduceAPI.produce(ProduceAPI.check(r), context)
        case .initProducerId(let r): context.respond(.initProducerId(ProduceAPI.initProducerId(r, context)))
        case .fetch(let r): FetchAPI.fetch(r, context)
        case .listOffsets(let r): context.respond(.listOffsets(FetchAPI.listOffsets(r, context)))
        case .joinGroup, .syncGroup, .heartbeat, .leaveGroup, .offsetCommit, .offsetFetch:
            GroupAPI.serve(body, context)
        case .describeGroups(let r): context.respond(.describeGroups(GroupAPI.describeGroups(r, context)))
        case .listGroups(let r): context.respond(.listGroups(GroupAPI.listGroups(r, context)))
        case .apiVersions, .consumerGroupDescribe:
            context.promise.succeed(.close("\(body.apiKey.name) is answered before the simulation"))
        }
    }
}
