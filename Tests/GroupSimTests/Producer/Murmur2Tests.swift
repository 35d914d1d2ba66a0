import Testing

@testable import GroupSim

@Suite struct Murmur2Tests {
    /// Kafka's `UtilsTest.testMurmur2` vectors (clients/src/test/java/org/apache/kafka/common/utils/UtilsTest.java),
    /// plus short keys whose values other Kafka-compatible clients pin, so that every tail length 0…3 is covered.
    @Test(arguments: [
        ("21", -973_932_308 as Int32),
        ("foobar", -790_332_482),
        ("a-little-bit-long-string", -985_981_536),
        ("a-little-bit-longer-string", -1_486_304_829),
        ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58_897_971),
        ("abc", 479_470_107),
        ("1", -1_993_445_489),
        ("12", 126_087_238),
        ("123", -267_702_483),
        ("1234", -1_614_185_708),
        ("12345", -1_188_365_604),
    ])
    func kafkaVectors(key: String, expected: Int32) {
        #expect(murmur2(Array(key.utf8)) == expected)
        #expect(murmur2(key) == expected)
    }

    @Test func emptyKeyHashesLikeKafka() {
        // kafka-python 3.0.12's kafka.partitioner.default.murmur2(b'') (a port of Utils.murmur2) = 275646681.
        #expect(murmur2([UInt8]()) == 275_646_681)
    }

    /// `toPositive(murmur2(key)) % partitions`: a negative hash is masked, not negated.
    @Test func partitionForKey() {
        #expect(kafkaPartition(forKey: "21", partitions: 100) == 40)  // 1173551340 % 100
        #expect(kafkaPartition(forKey: "21", partitions: 1000) == 340)
        #expect(kafkaPartition(forKey: "foobar", partitions: 10) == 6)
        #expect(kafkaPartition(forKey: "abc", partitions: 6) == 3)
        #expect(kafkaPartition(forKey: "1", partitions: 10) == 9)  // -1993445489 & 0x7fffffff = 154038159
        #expect(kafkaPartition(forKey: "12345", partitions: 1000) == 44)
        #expect(kafkaPartition(forKey: Array("a-little-bit-long-string".utf8), partitions: 3) == 2)
    }

    @Test func multiByteUTF8KeysHashTheirBytes() {
        // kafka-python 3.0.12: murmur2('clé-ß'.encode()) = 1507760612; (h & 0x7fffffff) % 7 = 1.
        let key = "clé-ß"
        #expect(murmur2(key) == 1_507_760_612)
        #expect(kafkaPartition(forKey: key, partitions: 7) == 1)
    }
}
