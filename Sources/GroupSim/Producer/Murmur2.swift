/// Kafka's `Utils.murmur2`, bit for bit: the 32-bit MurmurHash2 with Kafka's seed `0x9747b28c`,
/// returned as Java's signed `int`.
public func murmur2(_ data: [UInt8]) -> Int32 {
    let length = data.count
    let seed: UInt32 = 0x9747_b28c
    let m: UInt32 = 0x5bd1_e995
    let r: UInt32 = 24

    var h: UInt32 = seed ^ UInt32(truncatingIfNeeded: length)
    let length4 = length / 4
    data.withUnsafeBufferPointer { bytes in
        for i in 0..<length4 {
            let i4 = i * 4
            var k = UInt32(bytes[i4]) | UInt32(bytes[i4 + 1]) << 8 | UInt32(bytes[i4 + 2]) << 16 | UInt32(bytes[i4 + 3]) << 24
            k = k &* m
            k ^= k >> r
            k = k &* m
            h = h &* m
            h ^= k
        }
        // The last few bytes, falling through as Java's switch does.
        let tail = length & ~3
        switch length % 4 {
        case 3:
            h ^= UInt32(bytes[tail + 2]) << 16
            h ^= UInt32(bytes[tail + 1]) << 8
            h ^= UInt32(bytes[tail])
            h = h &* m
        case 2:
            h ^= UInt32(bytes[tail + 1]) << 8
            h ^= UInt32(bytes[tail])
            h = h &* m
        case 1:
            h ^= UInt32(bytes[tail])
            h = h &* m
        default:
            break
        }
    }
    h ^= h >> 13
    h = h &* m
    h ^= h >> 15
    return Int32(bitPattern: h)
}

/// The hash of a string key's UTF-8 bytes, as a Java producer with `StringSerializer` hashes it.
public func murmur2(_ key: String) -> Int32 { murmur2(Array(key.utf8)) }

/// The partition Kafka's default partitioner picks for a keyed record:
/// `toPositive(murmur2(keyBytes)) % numPartitions`, where `toPositive` is `& 0x7fffffff`.
public func kafkaPartition(forKey bytes: [UInt8], partitions: Int) -> Int {
    precondition(partitions > 0, "a topic has at least one partition")
    return Int(murmur2(bytes) & 0x7fff_ffff) % partitions
}

/// The partition for a string key (its UTF-8 bytes).
public func kafkaPartition(forKey key: String, partitions: Int) -> Int {
    kafkaPartition(forKey: Array(key.utf8), partitions: partitions)
}
