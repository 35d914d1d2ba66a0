import KafkaWire

import enum GroupCore.ConsumerProtocol
import typealias GroupCore.Millis
import struct GroupCore.TopicPartition

/// Which groups and topics to read.
public struct ReadSelection: @unchecked Sendable {
    /// Groups to describe by name (`describe --group`); nil: every consumer group ListGroups returns.
    public var groupIds: [String]?
    /// Regular expressions a group id must match in full (any of them); empty: all.
    public var groupPatterns: [Regex<AnyRegexOutput>]
    /// Regular expressions a topic name must match in full (any of them); empty: all.
    public var topicPatterns: [Regex<AnyRegexOutput>]

    public init(
        groupIds: [String]? = nil, groupPatterns: [Regex<AnyRegexOutput>] = [], topicPatterns: [Regex<AnyRegexOutput>] = []
    ) {
        self.groupIds = groupIds
        self.groupPatterns = groupPatterns
        self.topicPatterns = topicPatterns
    }

    func includesGroup(_ id: String) -> Bool {
        groupPatterns.isEmpty || groupPatterns.contains { (try? $0.wholeMatch(in: id)) != nil }
    }

    func includesTopic(_ name: String) -> Bool {
        topicPatterns.isEmpty || topicPatterns.contains { (try? $0.wholeMatch(in: name)) != nil }
    }
}

/// Why a whole refresh failed, in one line naming the broker.
public struct ReadFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var address: BrokerAddress
    public var reason: String
    /// The broker answered ApiVersions with a closed connection or bytes that are not Kafka: most likely a TLS or
    /// SASL listener, which the monitor does not speak yet. Retrying will not help.
    public var needsUnsupportedSecurity: Bool

    public var description: String { "\(address): \(reason)" }
}

/// Requests, bytes and refreshes, for the benchmark and the README's figures.
public struct ReaderStatistics: Sendable, Equatable {
    public var requests = 0
    public var bytesSent = 0
    public var bytesReceived = 0
    public var requestsByBroker: [BrokerAddress: Int] = [:]
}

/// Reads the whole observed state of a cluster once per `refresh`, read-only: ApiVersions on each new connection,
/// Metadata, ListOffsets (latest and earliest) to each partition's leader, ListGroups on every broker,
/// FindCoordinator (batched on v4), DescribeGroups (batched) or ConsumerGroupDescribe for KIP-848 groups, and
/// OffsetFetch (batched across groups from v8). It never joins, commits or creates anything: the only requests it
/// can send are those above, and Metadata asks with `allow_auto_topic_creation` false.
public final class ClusterReader {
    public let transport: any KafkaTransport
    public let bootstrap: [BrokerAddress]
    public var selection: ReadSelection
    public let clientId: String
    public private(set) var statistics = ReaderStatistics()

    var versions: [BrokerAddress: ApiVersionTable] = [:]
    var brokers: [Int32: BrokerAddress] = [:]
    var coordinators: [String: Int32] = [:]
    /// Partitions per topic from the latest Metadata (OffsetFetch v1 must name them).
    var knownPartitions: [String: [Int32]] = [:]
    private var correlationId: Int32 = 0
    /// Classic members' decoded assignments and subscriptions, kept from one refresh to the next.
    var memberDecoding = MemberDecodingCache()
    /// The ListOffsets bodies last sent, by leader and timestamp (see `listOffsets`).
    var listOffsetsBodies: [ListOffsetsBodyKey: ListOffsetsBody] = [:]

    public init(
        transport: any KafkaTransport, bootstrap: [BrokerAddress], selection: ReadSelection = ReadSelection(),
        clientId: String = "groupscope-monitor"
    ) {
        self.transport = transport
        self.bootstrap = bootstrap
        self.selection = selection
        self.clientId = clientId
    }

    /// One refresh. Throws only when no broker could be asked for metadata; anything less (a leader or coordinator
    /// unreachable, an error code, a malformed answer from one broker) becomes a problem inside the observation.
    public func refresh(at time: Millis) async throws(ReadFailure) -> ClusterObservation {
        var observation = ClusterObservation(time: time)
        var metadata = try await readMetadata(into: &observation)
        await readLogOffsets(into: &observation, metadata: &metadata)
        await readGroups(into: &observation, metadata: metadata)
        observation.unreachableBrokers.sort { $0.address < $1.address }
        return observation
    }

    // MARK: Requests

    /// Sends `request` to `broker` at the version the broker and the codec agree on, and decodes the answer.
    func call<Request: KafkaRequestMessage>(_ request: Request, to broker: BrokerAddress) async throws(CallError)
        -> (Request.Response, version: Int16)
    {
        let table = try await apiVersions(of: broker)
        guard let version = table.version(Request.apiKey) else {
            throw .unsupported("\(broker) offers no version of \(Request.apiKey) this monitor speaks")
        }
        return (try await send(request, version: version, to: broker), version)
    }

    func send<Request: KafkaRequestMessage>(_ request: Request, version: Int16, to broker: BrokerAddress)
        async throws(CallError) -> Request.Response
    {
        try await send(request, version: version, to: broker) { reader throws(WireError) in
            try Request.Response(from: &reader, version: version)
        }
    }

    /// `send`, with the answer's body read by `readAnswer` (which must follow the response's schema at `version`)
    /// instead of the generated decoder: for answers large enough that their message structs cost more than reading.
    func send<Request: KafkaRequestMessage, Answer>(
        _ request: Request, version: Int16, to broker: BrokerAddress,
        readingAnswerWith readAnswer: (inout WireReader) throws(WireError) -> Answer
    ) async throws(CallError) -> Answer {
        let clientId = clientId
        return try await exchange(
            Request.apiKey, version: version, to: broker,
            frame: { KafkaCodec.encodeRequest(request, version: version, correlationId: $0, clientId: clientId) },
            readingAnswerWith: readAnswer)
    }

    /// One request frame of `api` at `version` out (`frame` writes it with the correlation id it is given), one
    /// answer in, its header checked and its body read by `readAnswer`.
    func exchange<Answer>(
        _ api: ApiKey, version: Int16, to broker: BrokerAddress, frame makeFrame: (_ correlationId: Int32) -> [UInt8],
        readingAnswerWith readAnswer: (inout WireReader) throws(WireError) -> Answer
    ) async throws(CallError) -> Answer {
        correlationId = correlationId == .max ? 1 : correlationId + 1
        let id = correlationId
        let frame = makeFrame(id)
        statistics.requests += 1
        statistics.bytesSent += frame.count
        statistics.requestsByBroker[broker, default: 0] += 1
        let answer: [UInt8]
        do {
            answer = try await transport.roundTrip(frame, to: broker)
        } catch {
            versions[broker] = nil
            throw .transport(error)
        }
        statistics.bytesReceived += answer.count + 4
        do {
            let (header, body) = try KafkaCodec.decodeResponse(answer, api: api, version: version, readingBodyWith: readAnswer)
            guard header.correlationId == id else {
                await dropConnection(broker)
                throw CallError.malformed("\(api) answer carries correlation id \(header.correlationId), sent \(id)")
            }
            return body
        } catch let error as WireError {
            await dropConnection(broker)
            throw .malformed("\(error)")
        } catch let error as CallError {
            throw error
        } catch {
            throw .malformed("\(error)")
        }
    }

    private func dropConnection(_ broker: BrokerAddress) async {
        versions[broker] = nil
        await transport.disconnect(broker)
    }

    /// ApiVersions once per connection: v3 first, as librdkafka and the Java client do; a broker that does not know
    /// v3 answers in the v0 layout with UNSUPPORTED_VERSION and its own range, and the request is repeated at the
    /// highest version of that range (KIP-511).
    func apiVersions(of broker: BrokerAddress) async throws(CallError) -> ApiVersionTable {
        if let table = versions[broker] { return table }
        var version: Int16 = 3
        for _ in 0..<2 {
            let request = ApiVersionsRequest(clientSoftwareName: "groupscope", clientSoftwareVersion: "0.1.0")
            correlationId = correlationId == .max ? 1 : correlationId + 1
            let frame = KafkaCodec.encodeRequest(request, version: version, correlationId: correlationId, clientId: clientId)
            statistics.requests += 1
            statistics.bytesSent += frame.count
            statistics.requestsByBroker[broker, default: 0] += 1
            let answer: [UInt8]
            do {
                answer = try await transport.roundTrip(frame, to: broker)
            } catch {
                switch error {
                case .closed, .garbage: throw .security(error.description)
                default: throw .transport(error)
                }
            }
            statistics.bytesReceived += answer.count + 4
            let decoded =
                (try? KafkaCodec.decodeResponse(answer, to: ApiVersionsRequest.self, version: version).body)
                ?? (try? KafkaCodec.decodeResponse(answer, to: ApiVersionsRequest.self, version: 0).body)
            guard let response = decoded else {
                await transport.disconnect(broker)
                throw .security("answered ApiVersions with bytes that are not a Kafka response")
            }
            if response.errorCode == KafkaErrorCode.unsupportedVersion,
                let range = response.apiKeys.first(where: { $0.apiKey == ApiKey.apiVersions.rawValue }),
                range.maxVersion < version, range.maxVersion >= 0
            {
                version = range.maxVersion
                continue
            }
            guard response.errorCode == 0 else {
                throw .malformed("ApiVersions: \(KafkaErrorNames.name(response.errorCode))")
            }
            let table = ApiVersionTable(response)
            versions[broker] = table
            return table
        }
        throw .malformed("ApiVersions: no version both sides speak")
    }

    // MARK: Metadata

    /// Metadata for every topic, from the first broker that answers: known brokers first, then the bootstrap list.
    func readMetadata(into observation: inout ClusterObservation) async throws(ReadFailure) -> MetadataAnswer {
        var candidates = brokers.values.sorted()
        for address in bootstrap where !candidates.contains(address) { candidates.append(address) }
        var firstFailure: ReadFailure?
        for address in candidates {
            do {
                let metadata = try await fetchMetadata(from: address)
                apply(metadata, to: &observation)
                return metadata
            } catch {
                let failure = ReadFailure(
                    address: address, reason: error.description, needsUnsupportedSecurity: error.isSecurity)
                // The first bootstrap address is the one the user typed first: report it, unless a later one says more.
                if firstFailure == nil || (failure.needsUnsupportedSecurity && !(firstFailure?.needsUnsupportedSecurity ?? false))
                {
                    firstFailure = failure
                }
            }
        }
        throw firstFailure
            ?? ReadFailure(
                address: bootstrap.first ?? BrokerAddress(host: "?", port: 0), reason: "no broker to ask",
                needsUnsupportedSecurity: false)
    }

    func fetchMetadata(from address: BrokerAddress) async throws(CallError) -> MetadataAnswer {
        let table = try await apiVersions(of: address)
        guard let version = table.version(.metadata) else { throw .unsupported("\(address) offers no Metadata version") }
        // v0: an empty list means every topic; from v1 that is null. Never create topics by asking.
        let request = MetadataRequest(topics: version == 0 ? [] : nil, allowAutoTopicCreation: false)
        let metadata = try await send(request, version: version, to: address) { reader throws(WireError) in
            try MetadataReading.read(&reader, version: version)
        }
        var known: [Int32: BrokerAddress] = [:]
        for broker in metadata.brokers { known[broker.nodeId] = BrokerAddress(host: broker.host, port: Int(broker.port)) }
        if !known.isEmpty { brokers = known }
        var partitions: [String: [Int32]] = [:]
        for topic in metadata.topics { if let name = topic.name { partitions[name] = topic.partitions.map(\.partitionIndex) } }
        knownPartitions = partitions
        return metadata
    }

    private func apply(_ metadata: MetadataAnswer, to observation: inout ClusterObservation) {
        observation.clusterId = metadata.clusterId
        observation.controllerId = metadata.controllerId >= 0 ? metadata.controllerId : nil
        observation.brokers = metadata.brokers.map {
            ObservedBroker(nodeId: $0.nodeId, host: $0.host, port: $0.port, rack: $0.rack)
        }
        .sorted { $0.nodeId < $1.nodeId }
        var topics: [ObservedTopic] = []
        for topic in metadata.topics {
            guard let name = topic.name, selection.includesTopic(name) else { continue }
            if topic.errorCode != 0 {
                observation.warnings.append("Metadata for topic \(name): \(KafkaErrorNames.name(topic.errorCode))")
                if topic.partitions.isEmpty { continue }
            }
            let partitions = topic.partitions.map { p in
                ObservedPartition(
                    partition: p.partitionIndex, leader: p.leaderId >= 0 ? p.leaderId : nil,
                    problem: p.leaderId >= 0 ? nil : "no leader (\(KafkaErrorNames.name(p.errorCode)))")
            }
            topics.append(
                ObservedTopic(
                    name: name, isInternal: topic.isInternal, partitions: partitions.sorted { $0.partition < $1.partition }))
        }
        observation.topics = topics.sorted { $0.name < $1.name }
    }

    func markUnreachable(_ address: BrokerAddress, _ reason: String, in observation: inout ClusterObservation) {
        let text = address.description
        if !observation.unreachableBrokers.contains(where: { $0.address == text }) {
            observation.unreachableBrokers.append(ObservedBrokerProblem(address: text, reason: reason))
        }
    }
}

/// Why one request failed.
enum CallError: Error, Sendable, CustomStringConvertible {
    case transport(TransportError)
    /// The connection was closed or answered garbage to ApiVersions: a TLS or SASL listener.
    case security(String)
    case malformed(String)
    case unsupported(String)

    var description: String {
        switch self {
        case .transport(let error): error.description
        case .security(let what):
            "\(what): the listener probably needs TLS or SASL, which the monitor does not support yet"
        case .malformed(let what): "malformed answer: \(what)"
        case .unsupported(let what): what
        }
    }

    var isSecurity: Bool {
        if case .security = self { return true }
        return false
    }

    var isTransport: Bool {
        if case .transport = self { return true }
        return false
    }
}
