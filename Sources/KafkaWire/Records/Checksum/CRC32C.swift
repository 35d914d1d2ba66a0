/// CRC-32C (Castagnoli), the checksum of record batch v2: reflected polynomial 0x82F63B78, initial value and final
/// XOR 0xFFFFFFFF — Kafka's `org.apache.kafka.common.utils.Crc32C` (java.util.zip.CRC32C).
///
/// Slicing-by-8 (eight 256-entry tables, eight bytes per step), run on three stretches of a long input at once:
/// one stretch's lookups form a serial chain, three independent chains keep the processor busy, and the three CRCs
/// are then joined with zlib's `crc32_combine` arithmetic (multiplication by x^(8·n) modulo the polynomial).
/// Checksumming is the largest single cost of decoding a batch, so it is worth the extra code.
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
        guard let base = bytes.baseAddress, bytes.count > 0 else { return crc }
        return tables.withUnsafeBufferPointer { table in
            guard let table = table.baseAddress else { return crc }
            // Three stretches of `stretch` bytes (a multiple of 8) side by side, then whatever is left.
            let stretch = bytes.count >= interleaveThreshold ? (bytes.count / 3) & ~7 : 0
            var position = base
            var state0 = ~crc
            if stretch > 0 {
                var state1: UInt32 = 0xFFFF_FFFF
                var state2: UInt32 = 0xFFFF_FFFF
                let end = base + stretch
                while position < end {
                    state0 = step(state0, position, table)
                    state1 = step(state1, position + stretch, table)
                    state2 = step(state2, position + 2 * stretch, table)
                    position += 8
                }
                let joined = combine(combine(~state0, ~state1, length: stretch), ~state2, length: stretch)
                state0 = ~joined
                position = base + 3 * stretch
            }
            var remaining = bytes.count - 3 * stretch
            while remaining >= 8 {
                state0 = step(state0, position, table)
                position += 8
                remaining &-= 8
            }
            while remaining > 0 {
                let byte = position.load(as: UInt8.self)
                state0 = table[Int((state0 ^ UInt32(byte)) & 0xFF)] ^ (state0 >> 8)
                position += 1
                remaining &-= 1
            }
            return ~state0
        }
    }

    /// Below this, splitting (and joining) costs more than it saves.
    static let interleaveThreshold = 1024

    /// Eight bytes of slicing-by-8: table k gives a byte's contribution k bytes further on.
    @inline(__always)
    private static func step(_ state: UInt32, _ position: UnsafeRawPointer, _ table: UnsafePointer<UInt32>) -> UInt32 {
        // Little-endian loads: the reflected algorithm consumes the lowest byte first.
        let low = UInt32(littleEndian: position.loadUnaligned(as: UInt32.self)) ^ state
        let high = UInt32(littleEndian: position.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
        return table[1792 &+ Int(low & 0xFF)] ^ table[1536 &+ Int((low >> 8) & 0xFF)]
            ^ table[1280 &+ Int((low >> 16) & 0xFF)] ^ table[1024 &+ Int(low >> 24)]
            ^ table[768 &+ Int(high & 0xFF)] ^ table[512 &+ Int((high >> 8) & 0xFF)]
            ^ table[256 &+ Int((high >> 16) & 0xFF)] ^ table[Int(high >> 24)]
    }

    static let polynomial: UInt32 = 0x82F6_3B78

    /// The checksum of A followed by B from checksum(A), checksum(B) and B's length (zlib's `crc32_combine`).
    static func combine(_ first: UInt32, _ second: UInt32, length: Int) -> UInt32 {
        multiplyModP(powerOfXModP(length, 3), first) ^ second
    }

    /// a·b modulo the polynomial, in the reflected bit order (zlib's `multmodp`).
    private static func multiplyModP(_ a: UInt32, _ b: UInt32) -> UInt32 {
        var mask: UInt32 = 1 << 31
        var product: UInt32 = 0
        var b = b
        while mask != 0 {
            if a & mask != 0 {
                product ^= b
                if a & (mask &- 1) == 0 { break }
            }
            mask >>= 1
            b = b & 1 != 0 ? (b >> 1) ^ polynomial : b >> 1
        }
        return product
    }

    /// x^(n·2^k) modulo the polynomial (zlib's `x2nmodp`).
    private static func powerOfXModP(_ n: Int, _ k: Int) -> UInt32 {
        var power: UInt32 = 1 << 31  // x^0
        var n = n
        var k = k
        while n != 0 {
            if n & 1 != 0 { power = multiplyModP(powersOfTwoOfX[k & 31], power) }
            n >>= 1
            k += 1
        }
        return power
    }

    /// x^(2^k) modulo the polynomial for k in 0..<32 (zlib's `x2n_table`).
    private static let powersOfTwoOfX: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 32)
        var power: UInt32 = 1 << 30  // x^1
        table[0] = power
        for k in 1..<32 {
            power = multiplyModP(power, power)
            table[k] = power
        }
        return table
    }()

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
