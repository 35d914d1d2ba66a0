import Testing

@testable import KafkaWire

/// CRC-32C as Kafka's `org.apache.kafka.common.utils.Crc32C` computes it for record batch v2.
/// Expected values are published ones: the CRC catalogue's check value and RFC 3720 appendix B.4
/// (the RFC prints each CRC as the bytes sent, least significant first).
struct CRC32CTests {
    @Test func checkValueOfTheCRCCatalogue() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
    }

    @Test(
        arguments: [
            ([UInt8](repeating: 0x00, count: 32), [0xAA, 0x36, 0x91, 0x8A]),
            ([UInt8](repeating: 0xFF, count: 32), [0x43, 0xAB, 0xA8, 0x62]),
            ((0..<32).map { UInt8($0) }, [0x4E, 0x79, 0xDD, 0x46]),
            ((0..<32).reversed().map { UInt8($0) }, [0x5C, 0xDB, 0x3F, 0x11]),
        ] as [([UInt8], [UInt8])])
    func rfc3720AppendixB4(data: [UInt8], crcBytesAsSent: [UInt8]) {
        let crc = CRC32C.checksum(data)
        let sent = [UInt8(crc & 0xFF), UInt8((crc >> 8) & 0xFF), UInt8((crc >> 16) & 0xFF), UInt8(crc >> 24)]
        #expect(sent == crcBytesAsSent)
    }

    @Test func emptyInputIsZero() {
        #expect(CRC32C.checksum([UInt8]()) == 0)
    }

    /// The 8-byte fast path and the byte-wise tail must agree for every split: compare every length 0…40 of a
    /// pseudo-random buffer against a bit-at-a-time reference of the polynomial (the definition, not our table).
    @Test func slicingAgreesWithBitwiseDefinitionAtEveryLengthAndSplit() {
        var generator = SplitMix64(seed: 7)
        let data = (0..<40).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        for length in 0...data.count {
            let prefix = Array(data[0..<length])
            let expected = bitwiseCRC32C(prefix)
            #expect(CRC32C.checksum(prefix) == expected, "length \(length)")
            let split = length / 3
            let pieces = prefix[0..<split].withUnsafeBytes { first in
                prefix[split...].withUnsafeBytes { second in CRC32C.update(CRC32C.update(0, first), second) }
            }
            #expect(pieces == expected, "length \(length) split at \(split)")
        }
    }

    private func bitwiseCRC32C(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        }
        return ~crc
    }
}
