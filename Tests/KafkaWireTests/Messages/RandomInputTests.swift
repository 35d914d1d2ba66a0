import KafkaWire
import Testing

/// SplitMix64: a seeded generator, so that a failure names an input that can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A seeded random-bytes property test over every (API, version) decoder, requests and responses: arbitrary and
/// mutated bytes end in a value or a WireError (typed throws make anything else impossible to compile; a trap would
/// crash the test process), and whatever decodes re-encodes to a fixpoint.
@Suite struct RandomInputTests {
    static let iterationsPerDecoder = 250

    /// Random bytes, or a valid encoding with a few bytes flipped, cut short, or grown.
    static func mutate(_ seed: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
        var bytes = seed
        switch Int.random(in: 0..<5, using: &rng) {
        case 0:
            return (0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        case 1:
            if !bytes.isEmpty { bytes.removeLast(Int.random(in: 1...bytes.count, using: &rng)) }
        case 2:
            bytes.insert(UInt8.random(in: 0...255, using: &rng), at: Int.random(in: 0...bytes.count, using: &rng))
        default:
            for _ in 0..<Int.random(in: 1...4, using: &rng) where !bytes.isEmpty {
                let index = Int.random(in: 0..<bytes.count, using: &rng)
                // Bias towards values that matter to lengths: 0, 0xFF, 0x7F, 0x80.
                bytes[index] = [0, 0xFF, 0x7F, 0x80, UInt8.random(in: 0...255, using: &rng)].randomElement(using: &rng)!
            }
        }
        return bytes
    }

    @Test func requestDecodersEndInAValueOrAWireError() {
        var rng = SeededGenerator(seed: 0x6B61_666B_6177_6972)
        var values = 0
        var errors = 0
        for api in ApiKey.allCases {
            let samples = RoundTripTests.requestSamples(of: api)
            for version in KafkaRequest.versions(of: api) {
                let seeds = samples.map { sample -> [UInt8] in
                    var writer = WireWriter()
                    sample.encode(into: &writer, version: version)
                    return writer.bytes
                }
                for _ in 0..<Self.iterationsPerDecoder {
                    let input = Self.mutate(seeds.randomElement(using: &rng)!, &rng)
                    var reader = WireReader(input)
                    do {
                        let value = try KafkaRequest(api: api, from: &reader, version: version)
                        values += 1
                        var first = WireWriter()
                        value.encode(into: &first, version: version)
                        var again = WireReader(first.bytes)
                        var second = WireWriter()
                        try KafkaRequest(api: api, from: &again, version: version).encode(into: &second, version: version)
                        #expect(first.bytes == second.bytes, "\(api.name) v\(version) input \(input)")
                    } catch {
                        errors += 1
                        #expect(error.apiKey == api.rawValue && error.version == version)
                        #expect(error.offset >= 0 && error.offset <= input.count)
                    }
                }
            }
        }
        #expect(values > 1000 && errors > 1000)
    }

    @Test func responseDecodersEndInAValueOrAWireError() {
        var rng = SeededGenerator(seed: 0x7265_7370_6F6E_7365)
        var values = 0
        var errors = 0
        for api in ApiKey.allCases {
            let samples = RoundTripTests.responseSamples(of: api)
            for version in KafkaResponse.versions(of: api) {
                let seeds = samples.map { sample -> [UInt8] in
                    var writer = WireWriter()
                    sample.encode(into: &writer, version: version)
                    return writer.bytes
                }
                for _ in 0..<Self.iterationsPerDecoder {
                    let input = Self.mutate(seeds.randomElement(using: &rng)!, &rng)
                    var reader = WireReader(input)
                    do {
                        let value = try KafkaResponse(api: api, from: &reader, version: version)
                        values += 1
                        var first = WireWriter()
                        value.encode(into: &first, version: version)
                        var again = WireReader(first.bytes)
                        var second = WireWriter()
                        try KafkaResponse(api: api, from: &again, version: version).encode(into: &second, version: version)
                        #expect(first.bytes == second.bytes, "\(api.name) v\(version) input \(input)")
                    } catch {
                        errors += 1
                        #expect(error.apiKey == api.rawValue && error.version == version)
                        #expect(error.offset >= 0 && error.offset <= input.count)
                    }
                }
            }
        }
        #expect(values > 1000 && errors > 1000)
    }

    @Test func wholeRequestFramesEndInAValueOrAWireError() {
        var rng = SeededGenerator(seed: 0x6672_616D_6573)
        let seeds = RecordedFrame.all.filter(\.isRequest).map(\.payload)
        var errors = 0
        for _ in 0..<3000 {
            let input = Self.mutate(seeds.randomElement(using: &rng)!, &rng)
            do {
                _ = try KafkaCodec.decodeRequest(input)
            } catch {
                errors += 1
                #expect(error.offset >= 0 && error.offset <= input.count)
            }
        }
        #expect(errors > 500)
    }
}
