/// CRC-32C (Castagnoli), the checksum of record batch v2: reflected polynomial 0x82F63B78, initial value and final
/// XOR 0xFFFFFFFF — Kafka's `org.apache.kafka.common.utils.Crc32C` (java.util.zip.CRC32C).
///
/// Slicing-by-8: eight 256-entry tables let the loop consume eight bytes per step, which keeps checksumming well
/// below the cost of decoding the records it covers.
public enum CRC32C {
    /// The checksum of `bytes`.
    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        update(0, bytes)
    }

    /// The checksum of `bytes`.
    public static func checksum<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt32 {
        if let fast = bytes.withContiguousStorageIfAvailable({ checksum(UnsafeRawBufferPointer($0)) }) {
            return fast
        }
        return checksum(Array(bytes))
    }

    /// Continues `crc` (a finished checksum of earlier bytes, 0 for none) over `bytes`, so a checksum can be
    /// computed over pieces: `update(update(0, a), b) == checksum(a + b)`.
    public static func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var state = ~crc
        var count = bytes.count
        guard count > 0, let base = bytes.baseAddress else { return crc }
        var position = base
        tables.withUnsafeBufferPointer { table in
            while count >= 8 {
                // Little-endian load of two 32-bit words, as the reflected algorithm consumes the lowest byte first.
                let low = UInt32(littleEndian: position.loadUnaligned(as: UInt32.self)) ^ state
                let high = UInt32(littleEndian: position.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
                state =
                    table[7 &* 256 &+ Int(low & 0xFF)]
                    ^ table[6 &* 256 &+ Int((low >> 8) & 0xFF)]
                    ^ table[5 &* 256 &+ Int((low >> 16) & 0xFF)]
                    ^ table[4 &* 256 &+ Int(low >> 24)]
                    ^ table[3 &* 256 &+ Int(high & 0xFF)]
                    ^ table[2 &* 256 &+ Int((high >> 8) & 0xFF)]
                    ^ table[1 &* 256 &+ Int((high >> 16) & 0xFF)]
                    ^ table[Int(high >> 24)]
                position += 8
                count &-= 8
            }
            while count > 0 {
                let byte = position.load(as: UInt8.self)
                state = table[Int((state ^ UInt32(byte)) & 0xFF)] ^ (state >> 8)
                position += 1
                count &-= 1
            }
        }
        return ~state
    }

    static let polynomial: UInt32 = 0x82F6_3B78

    /// Table k maps a byte to its contribution k bytes further on: table 0 is the classic byte-wise table.
    private static let tables: [UInt32] = {
        var tables = [UInt32](repeating: 0, count: 8 * 256)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ polynomial : crc >> 1
            }
            tables[byte] = crc
        }
        for slice in 1..<8 {
            for byte in 0..<256 {
                let previous = tables[(slice - 1) * 256 + byte]
                tables[slice * 256 + byte] = (previous >> 8) ^ tables[Int(previous & 0xFF)]
            }
        }
        return tables
    }()
}
