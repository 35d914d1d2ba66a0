import KafkaWire
import Testing

/// Frames recorded from kafka-python 3.0.12, confluent-kafka 2.16.1 (librdkafka 2.16) and Debian's kcat against
/// tansu 0.6.0 (Fixtures/NOTES.md). Expected bytes are the clients' and tansu's own; expected values are the names
/// tools/wire-fixtures/drive_clients.py used.
@Suite struct GoldenFixtureTests {
    @Test func everyAPIHasARecordedRequestAndResponse() {
        let apis = Set(RecordedFrame.all.map(\.api))
        #expect(apis == Set(ApiKey.allCases), "missing: \(Set(ApiKey.allCases).subtracting(apis).map(\.name))")
        #expect(RecordedFrame.all.count >= 60)
    }

    @Test(arguments: RecordedFrame.all.filter(\.isRequest))
    func requestDecodesAndReencodesToTheSameBytes(frame: RecordedFrame) throws {
        #expect(frame.bytes.count - 4 == Int(try WireReader(frame.bytes).peekInt32()))
        let decoded = try KafkaCodec.decodeRequest(frame.payload)
        #expect(decoded.header.apiKey == frame.api.rawValue)
        #expect(decoded.header.apiVersion == frame.version)
        #expect(decoded.body.apiKey == frame.api)
        #expect(decoded.header.clientId?.hasPrefix(frame.client == "kcat" ? "kcat-metadata" : frame.client) == true)

        var writer = WireWriter()
        let start = writer.startFrame()
        decoded.header.encode(into: &writer, headerVersion: frame.api.requestHeaderVersion(for: frame.version))
        decoded.body.encode(into: &writer, version: frame.version)
        writer.finishFrame(startedAt: start)
        #expect(writer.bytes == frame.bytes)
    }

    @Test(arguments: RecordedFrame.all.filter { !$0.isRequest })
    func responseDecodesAndReencodesToTheSameBytes(frame: RecordedFrame) throws {
        let decoded = try KafkaCodec.decodeResponse(frame.payload, api: frame.api, version: frame.version)
        var writer = WireWriter()
        let start = writer.startFrame()
        decoded.header.encode(into: &writer, headerVersion: frame.api.responseHeaderVersion(for: frame.version))
        decoded.body.encode(into: &writer, version: frame.version)
        writer.finishFrame(startedAt: start)
        #expect(writer.bytes == frame.bytes)
        // The request recorded alongside carries the same correlation id.
        let request = try #require(RecordedFrame.named(frame.client, frame.api, frame.version, request: true))
        #expect(decoded.header.correlationId == (try RequestHeader.peek(request.payload)).correlationId)
    }
}

extension WireReader {
    fileprivate func peekInt32() throws(WireError) -> Int32 {
        var copy = self
        return try copy.readInt32()
    }
}
