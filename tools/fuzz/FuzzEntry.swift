// libFuzzer entry point for the KafkaWire message decoders, compiled into one module with the KafkaWire sources by
// tools/fuzz/run.sh (so that Package.swift needs no fuzz target).
//
// Input: byte 0 picks the API, byte 1 the version within its supported range, the rest is the body (and, for the
// frame decoder, a whole request frame). Every decoder must return a value or a WireError; libFuzzer reports traps,
// AddressSanitizer memory errors, and -malloc_limit_mb reports any single allocation above the limit.

@_cdecl("LLVMFuzzerTestOneInput")
public func kafkaWireFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard input.count >= 2 else { return 0 }
    let api = ApiKey.allCases[Int(input[0]) % ApiKey.allCases.count]
    let versions = api.supportedVersions
    let version = versions.lowerBound + Int16(Int(input[1]) % versions.count)
    let body = Array(input.dropFirst(2))

    var requestReader = WireReader(body)
    if let request = try? KafkaRequest(api: api, from: &requestReader, version: version) {
        var writer = WireWriter()
        request.encode(into: &writer, version: version)
        var again = WireReader(writer.bytes)
        guard let reread = try? KafkaRequest(api: api, from: &again, version: version) else {
            fatalError("re-encoded \(api.name) v\(version) request does not decode")
        }
        var second = WireWriter()
        reread.encode(into: &second, version: version)
        if second.bytes != writer.bytes { fatalError("\(api.name) v\(version) request encoding is not a fixpoint") }
    }
    var responseReader = WireReader(body)
    if let response = try? KafkaResponse(api: api, from: &responseReader, version: version) {
        var writer = WireWriter()
        response.encode(into: &writer, version: version)
        var again = WireReader(writer.bytes)
        guard let reread = try? KafkaResponse(api: api, from: &again, version: version) else {
            fatalError("re-encoded \(api.name) v\(version) response does not decode")
        }
        var second = WireWriter()
        reread.encode(into: &second, version: version)
        if second.bytes != writer.bytes { fatalError("\(api.name) v\(version) response encoding is not a fixpoint") }
    }
    _ = try? KafkaCodec.decodeRequest(body)
    _ = try? FrameLimits.requests.nextFrame(in: body[...])
    return 0
}
