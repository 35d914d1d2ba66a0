import Foundation

@testable import KafkaWire

/// Fixture files of Tests/KafkaWireTests/Fixtures/records (how they were made: NOTES.md there).
enum RecordFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/records")

    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.appendingPathComponent(path)))
    }

    /// One record as kafka-python's and librdkafka's producers were given it (`kafka-python/records.json`).
    struct ExpectedRecord: Decodable {
        var offset: Int64
        var timestamp: Int64
        var key: String?
        var value: String?
        var headers: [[String?]]

        var keyBytes: [UInt8]? { key.map(Self.hex) }
        var valueBytes: [UInt8]? { value.map(Self.hex) }
        var headerPairs: [(String, [UInt8]?)] { headers.map { ($0[0] ?? "", $0[1].map(Self.hex)) } }

        static func hex(_ text: String) -> [UInt8] {
            var bytes: [UInt8] = []
            var index = text.startIndex
            while index < text.endIndex {
                let next = text.index(index, offsetBy: 2)
                bytes.append(UInt8(text[index..<next], radix: 16) ?? 0)
                index = next
            }
            return bytes
        }
    }

    static func expectedRecords() throws -> [ExpectedRecord] {
        try JSONDecoder().decode(
            [ExpectedRecord].self, from: Data(contentsOf: folder.appendingPathComponent("kafka-python/records.json")))
    }
}

/// A seeded generator for the tests' pseudo-random inputs (SplitMix64), so that every run sees the same bytes.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
