import GroupMonitor
import KafkaWire
import NIOConcurrencyHelpers

/// A transport that answers from a script instead of a socket: per broker and API, a queue of answers (the last one
/// repeats). Answers are response frames, encoded by KafkaWire or recorded from a real broker; the correlation id
/// is set to the request's. Every request is logged, decoded, so tests can check where each one went.
final class ScriptedTransport: KafkaTransport, @unchecked Sendable {
    typealias Answer = @Sendable (_ request: DecodedRequest) -> [UInt8]

    struct Sent {
        var broker: BrokerAddress
        var request: DecodedRequest
        var api: ApiKey? { request.header.api }
    }

    private let lock = NIOLock()
    private var answers: [BrokerAddress: [ApiKey: [Answer]]] = [:]
    private var _sent: [Sent] = []
    var unreachable: Set<BrokerAddress> = []
    /// Brokers that close the connection at once (a TLS listener hanging up on plaintext).
    var closing: Set<BrokerAddress> = []

    var sent: [Sent] { lock.withLock { _sent } }

    func on(_ broker: BrokerAddress, _ api: ApiKey, _ answer: @escaping Answer) {
        lock.withLock { answers[broker, default: [:]][api, default: []].append(answer) }
    }

    /// An answer encoded by KafkaWire at the version the request used.
    static func encoded<Response: KafkaResponseMessage>(_ body: Response) -> Answer {
        { request in
            Array(
                KafkaCodec.encodeResponse(
                    body, version: request.header.apiVersion, correlationId: request.header.correlationId
                ).dropFirst(4))
        }
    }

    /// A recorded frame (size prefix included) with the correlation id replaced.
    static func recorded(_ frame: [UInt8]) -> Answer {
        { request in
            var payload = Array(frame.dropFirst(4))
            let id = UInt32(bitPattern: request.header.correlationId)
            for i in 0..<4 { payload[i] = UInt8(truncatingIfNeeded: id >> (24 - 8 * UInt32(i))) }
            return payload
        }
    }

    /// What a broker built on KafkaWire advertises: every API at the codec's versions.
    static let everyVersion: Answer = encoded(
        ApiVersionsResponse(
            apiKeys: ApiKey.allCases.map {
                ApiVersionsResponse.ApiVersion(
                    apiKey: $0.rawValue, minVersion: $0.supportedVersions.lowerBound, maxVersion: $0.supportedVersions.upperBound)
            }))

    func roundTrip(_ frame: [UInt8], to broker: BrokerAddress) async throws(TransportError) -> [UInt8] {
        if unreachable.contains(broker) { throw .unreachable("connection refused") }
        if closing.contains(broker) { throw .closed }
        guard let request = try? KafkaCodec.decodeRequest(Array(frame.dropFirst(4))), let api = request.header.api else {
            throw .garbage("the test transport could not decode the request")
        }
        let answer: Answer? = lock.withLock {
            _sent.append(Sent(broker: broker, request: request))
            guard var queue = answers[broker]?[api], let first = queue.first else { return nil }
            if queue.count > 1 {
                queue.removeFirst()
                answers[broker]?[api] = queue
            }
            return first
        }
        guard let answer else { throw .closed }
        return answer(request)
    }

    func disconnect(_ broker: BrokerAddress) async {}

    /// Node `nodeId` answers ListOffsets as a Kafka leader: for partitions it leads, log start 10p (timestamp -2) or
    /// log end 100p + 7 (timestamp -1); NOT_LEADER_OR_FOLLOWER (6) for partitions it does not lead.
    func onListOffsets(_ broker: BrokerAddress, nodeId: Int32, leaders: [Int32]) {
        on(broker, .listOffsets) { request in
            guard case .listOffsets(let body) = request.body else { return [] }
            let response = KafkaWire.ListOffsetsResponse(
                topics: body.topics.map { topic in
                    .init(
                        name: topic.name,
                        partitions: topic.partitions.map { p in
                            let i = Int(p.partitionIndex)
                            guard i < leaders.count, leaders[i] == nodeId else {
                                return .init(partitionIndex: p.partitionIndex, errorCode: 6)
                            }
                            let offset = p.timestamp == -2 ? Int64(10 * i) : Int64(100 * i + 7)
                            return .init(partitionIndex: p.partitionIndex, offset: offset)
                        })
                })
            return Array(
                KafkaCodec.encodeResponse(
                    response, version: request.header.apiVersion, correlationId: request.header.correlationId
                ).dropFirst(4))
        }
    }
}
