import KafkaWire
import Testing

/// Every API, request and response, at every supported version: encoding then decoding gives back the same bytes.
/// Inputs: a value with every field set (Generated/MessageExamples.swift), the all-defaults value, and every body
/// recorded from real clients and tansu.
@Suite struct RoundTripTests {
    static func requestSamples(of api: ApiKey) -> [KafkaRequest] {
        let recorded = RecordedFrame.all.filter { $0.isRequest && $0.api == api }.compactMap {
            try? KafkaCodec.decodeRequest($0.payload).body
        }
        return exampleRequests.filter { $0.apiKey == api } + recorded
    }

    static func responseSamples(of api: ApiKey) -> [KafkaResponse] {
        let recorded = RecordedFrame.all.filter { !$0.isRequest && $0.api == api }.compactMap {
            try? KafkaCodec.decodeResponse($0.payload, api: api, version: $0.version).body
        }
        return exampleResponses.filter { $0.apiKey == api } + recorded
    }

    @Test func examplesCoverEveryAPI() {
        #expect(Set(exampleRequests.map(\.apiKey)) == Set(ApiKey.allCases))
        #expect(Set(exampleResponses.map(\.apiKey)) == Set(ApiKey.allCases))
    }

    @Test(arguments: ApiKey.allCases)
    func requestsRoundTripAtEveryVersion(api: ApiKey) throws {
        let samples = Self.requestSamples(of: api)
        #expect(samples.count >= 2)
        for version in KafkaRequest.versions(of: api) {
            for sample in samples {
                var writer = WireWriter()
                sample.encode(into: &writer, version: version)
                var reader = WireReader(writer.bytes)
                let decoded = try KafkaRequest(api: api, from: &reader, version: version)
                #expect(reader.isAtEnd, "\(api.name) v\(version)")
                var again = WireWriter()
                decoded.encode(into: &again, version: version)
                #expect(again.bytes == writer.bytes, "\(api.name) v\(version)")
            }
        }
    }

    @Test(arguments: ApiKey.allCases)
    func responsesRoundTripAtEveryVersion(api: ApiKey) throws {
        let samples = Self.responseSamples(of: api)
        #expect(samples.count >= 2)
        for version in KafkaResponse.versions(of: api) {
            for sample in samples {
                var writer = WireWriter()
                sample.encode(into: &writer, version: version)
                var reader = WireReader(writer.bytes)
                let decoded = try KafkaResponse(api: api, from: &reader, version: version)
                #expect(reader.isAtEnd, "\(api.name) v\(version)")
                var again = WireWriter()
                decoded.encode(into: &again, version: version)
                #expect(again.bytes == writer.bytes, "\(api.name) v\(version)")
            }
        }
    }

    @Test func framesRoundTripThroughTheCodec() throws {
        for sample in exampleRequests {
            let api = sample.apiKey
            for version in KafkaRequest.versions(of: api) {
                let frame = encodeFrame(sample, version: version)
                let decoded = try KafkaCodec.decodeRequest(Array(frame.dropFirst(4)))
                #expect(decoded.header.correlationId == 42 && decoded.header.clientId == "round-trip")
                #expect(encodeFrame(decoded.body, version: version) == frame)
            }
        }
    }

    private func encodeFrame(_ body: KafkaRequest, version: Int16) -> [UInt8] {
        var writer = WireWriter()
        let start = writer.startFrame()
        RequestHeader(api: body.apiKey, version: version, correlationId: 42, clientId: "round-trip")
            .encode(into: &writer, headerVersion: body.apiKey.requestHeaderVersion(for: version))
        body.encode(into: &writer, version: version)
        writer.finishFrame(startedAt: start)
        return writer.bytes
    }
}
