import Foundation
import GroupBroker
import GroupCore
import GroupSim
import Testing

/// Issue 11, test 6: bad clients. Each gets an error answer or a closed connection, an event says which, and the broker
/// keeps serving (`kcat -L` still works afterwards).
@Suite(.serialized) struct BadClientTests {
    /// A request frame: INT32 size, then header v1 (api key, version, correlation id, client id "bad"), then `body`.
    static func frame(apiKey: Int16, version: Int16, correlationId: Int32, body: [UInt8]) -> [UInt8] {
        var payload: [UInt8] = []
        payload += withUnsafeBytes(of: apiKey.bigEndian, Array.init)
        payload += withUnsafeBytes(of: version.bigEndian, Array.init)
        payload += withUnsafeBytes(of: correlationId.bigEndian, Array.init)
        payload += [0, 3] + Array("bad".utf8)
        payload += body
        return withUnsafeBytes(of: Int32(payload.count).bigEndian, Array.init) + payload
    }

    static func closedEvent(_ fixture: BrokerFixture, containing text: String) -> SimEvent? {
        fixture.waitForEvent(timeout: 5) { $0.type == "broker.connection-closed" && $0.message.contains(text) }
    }

    static func kcatStillWorks(_ fixture: BrokerFixture) throws {
        guard FileManager.default.isExecutableFile(atPath: Tools.kcat) else { return }
        let result = try ChildProcess.run([Tools.kcat, "-L", "-b", fixture.bootstrap], timeout: 20)
        #expect(result.status == 0, "kcat -L after a bad client: \(result.stderr)")
        #expect(result.stdout.contains("topic \"quiet\" with 3 partitions"))
    }

    @Test func randomBytesCloseTheConnection() throws {
        let fixture = try BrokerFixture()
        var generator = SeededGenerator(seed: 11)
        // A plausible size (within limits), then garbage where the header should be.
        let garbage = [0, 0, 0, 40] + (0..<40).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let socket = try RawSocket(port: fixture.port)
        socket.send(garbage)
        #expect(socket.readAll(timeout: 5).closed)
        let event = fixture.waitForEvent(timeout: 5) {
            $0.type == "broker.connection-closed"
                && ($0.message.contains("bad request") || $0.message.contains("unknown API key"))
        }
        #expect(event != nil, "events: \(fixture.events.map(\.message))")
        try Self.kcatStillWorks(fixture)
    }

    /// Kafka's `socket.request.max.bytes` defaults to 104,857,600: a frame declaring 2 GiB is refused before any
    /// allocation of that size.
    @Test func aFrameDeclaringTwoGibibytesIsRefused() throws {
        let fixture = try BrokerFixture()
        let socket = try RawSocket(port: fixture.port)
        socket.send([0x7F, 0xFF, 0xFF, 0xFF, 0, 18, 0, 3])
        #expect(socket.readAll(timeout: 5).closed)
        let event = Self.closedEvent(fixture, containing: "more than the maximum of 104857600")
        #expect(event != nil, "events: \(fixture.events.map(\.message))")
        try Self.kcatStillWorks(fixture)
    }

    @Test func halfAFrameThenCloseIsReported() throws {
        let fixture = try BrokerFixture()
        let socket = try RawSocket(port: fixture.port)
        socket.send([0, 0, 0, 100] + [UInt8](repeating: 0, count: 20))
        socket.shutdownWrite()
        #expect(socket.readAll(timeout: 5).closed)
        #expect(
            Self.closedEvent(fixture, containing: "in the middle of a frame") != nil, "events: \(fixture.events.map(\.message))")
        try Self.kcatStillWorks(fixture)
    }

    /// An ApiVersions request of a version the broker does not know gets Kafka's fallback (ApiVersionsRequest
    /// .getErrorResponse): the v0 layout with UNSUPPORTED_VERSION (35) and ApiVersions' own range, 0–4.
    @Test func unsupportedApiVersionsVersionGetsTheV0Fallback() throws {
        let fixture = try BrokerFixture()
        let socket = try RawSocket(port: fixture.port)
        socket.send(Self.frame(apiKey: 18, version: 99, correlationId: 7, body: [0]))
        let response = try #require(socket.readFrame(timeout: 5))
        // size, correlation id 7, error 35, one entry [api key 18, min 0, max 4].
        #expect(Array(response[4...]) == [0, 0, 0, 7, 0, 35, 0, 0, 0, 1, 0, 18, 0, 0, 0, 4])
        try Self.kcatStillWorks(fixture)
    }

    /// Any other API at a version outside the advertised range: Kafka closes the connection.
    @Test func unsupportedVersionOfAnotherApiClosesTheConnection() throws {
        let fixture = try BrokerFixture()
        let socket = try RawSocket(port: fixture.port)
        socket.send(Self.frame(apiKey: 3, version: 99, correlationId: 8, body: []))
        #expect(socket.readAll(timeout: 5).closed)
        #expect(Self.closedEvent(fixture, containing: "unsupported") != nil, "events: \(fixture.events.map(\.message))")
        try Self.kcatStillWorks(fixture)
    }

    /// SaslHandshake v1 (SaslHandshakeRequest.json: Mechanism string): UNSUPPORTED_SASL_MECHANISM (33) with no
    /// mechanisms enabled, then the connection closes.
    @Test func saslHandshakeIsRefusedAndTheConnectionCloses() throws {
        let fixture = try BrokerFixture()
        let socket = try RawSocket(port: fixture.port)
        socket.send(Self.frame(apiKey: 17, version: 1, correlationId: 9, body: [0, 5] + Array("PLAIN".utf8)))
        let (bytes, closed) = socket.readAll(timeout: 5)
        #expect(closed)
        #expect(bytes == [0, 0, 0, 10, 0, 0, 0, 9, 0, 33, 0, 0, 0, 0])
        #expect(Self.closedEvent(fixture, containing: "SASL handshake refused") != nil)
        try Self.kcatStillWorks(fixture)
    }

    /// A client configured for SASL (librdkafka) fails fast with an error instead of hanging.
    @Test func kcatConfiguredForSaslFailsClearly() throws {
        guard Tools.available(Tools.kcat, for: "kcat with SASL") else { return }
        let fixture = try BrokerFixture()
        let result = try ChildProcess.run(
            [
                Tools.kcat, "-L", "-b", fixture.bootstrap, "-X", "security.protocol=SASL_PLAINTEXT", "-X",
                "sasl.mechanisms=PLAIN",
                "-X", "sasl.username=u", "-X", "sasl.password=p", "-m", "5",
            ], timeout: 20)
        #expect(result.status != nil && result.status != 0)
        #expect(result.stderr.contains("SASL") || result.stderr.contains("ssl") || result.stderr.contains("authentication"))
    }

    /// A client that sends requests and never reads the answers: the broker stops reading from it once its answers
    /// back up, so the client's sends stall instead of the broker's memory growing.
    @Test func aClientThatNeverReadsIsThrottled() throws {
        let fixture = try BrokerFixture()
        let socket = try RawSocket(port: fixture.port)
        // ApiVersions v0 (empty body): each answer (~150 B) is much larger than the request (17 B).
        let request = Self.frame(apiKey: 18, version: 0, correlationId: 1, body: [])
        let chunk = Array([[UInt8]](repeating: request, count: 1_000).joined())
        var accepted = 0
        var stalledSince: Date?
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, accepted < 256 * 1024 * 1024 {
            let n = socket.sendNonBlocking(chunk)
            accepted += n
            if n == 0 {
                if stalledSince == nil { stalledSince = Date() }
                if let since = stalledSince, Date().timeIntervalSince(since) > 2 { break }
                usleep(10_000)
            } else {
                stalledSince = nil
            }
        }
        #expect(stalledSince != nil, "the broker kept reading \(accepted) bytes of requests without its answers being read")
        #expect(accepted < 64 * 1024 * 1024)
        try Self.kcatStillWorks(fixture)
    }
}
