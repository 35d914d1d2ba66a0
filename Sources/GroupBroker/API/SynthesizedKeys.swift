import GroupCore
import GroupSim

/// The keys of simulated producers' records, recomputed on demand. The simulation places a keyed producer's records
/// by each partition's share of its key distribution (the key → partition map is Kafka's default partitioner,
/// murmur2), without naming the individual keys; a record synthesized for a real consumer gets a key drawn from that
/// same distribution restricted to the keys murmur2 sends to the record's partition, with a counter-based hash of
/// (scenario seed, topic, partition, offset) as the draw. So every key is one the producer could have drawn for that
/// partition, keys keep the producer's frequencies (a hot key stays hot), the same offset always gets the same key,
/// and nothing per record is stored. Keyless producers (`keys: none`, the sticky partitioner) write null keys.
struct SynthesizedKeys {
    /// Per partition: the key numbers murmur2 sends there and their running probability sums.
    private let keyNumbers: [[Int32]]
    private let cumulative: [[Double]]
    /// The scenario's seed mixed with the topic's name, so that topics draw different keys.
    private let seed: UInt64

    /// Nil when the topic's producer writes keyless records, or the topic has no simulated producer.
    init?(topic: String, spec: ProducerSpec?, partitions: Int, seed: UInt64) {
        guard let spec, spec.keys != .none, partitions > 0 else { return nil }
        var numbers = Array(repeating: [Int32](), count: partitions)
        var sums = Array(repeating: [Double](), count: partitions)
        for (key, probability) in spec.keys.keyProbabilities(keySpace: spec.keySpace).enumerated() where probability > 0 {
            let partition = kafkaPartition(forKey: KeyDistribution.keyName(key), partitions: partitions)
            numbers[partition].append(Int32(truncatingIfNeeded: key))
            sums[partition].append((sums[partition].last ?? 0) + probability)
        }
        keyNumbers = numbers
        cumulative = sums
        self.seed = seed ^ Self.topicHash(topic)
    }

    /// The key of the simulated record at `offset`, nil for a partition no key of the distribution maps to.
    func key(partition: Int, offset: Int64) -> String? {
        guard partition >= 0, partition < keyNumbers.count, let total = cumulative[partition].last, total > 0 else {
            return nil
        }
        let draw = Self.unitDraw(seed, UInt64(partition), UInt64(bitPattern: offset)) * total
        let sums = cumulative[partition]
        // The first key whose running sum exceeds the draw.
        var low = 0, high = sums.count - 1
        while low < high {
            let mid = (low + high) / 2
            if sums[mid] > draw { high = mid } else { low = mid + 1 }
        }
        return KeyDistribution.keyName(Int(keyNumbers[partition][low]))
    }

    /// A uniform number in [0, 1) from three counters (splitmix64's finalizer over their mix).
    static func unitDraw(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> Double {
        var z = a &+ b &* 0x9e37_79b9_7f4a_7c15 &+ c &* 0xc2b2_ae3d_27d4_eb4f
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        z ^= z >> 31
        return Double(z >> 11) * 0x1p-53
    }

    /// FNV-1a of the topic name, so that topics with the same partition count draw different keys.
    static func topicHash(_ topic: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in topic.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return h
    }
}
