import Testing

@testable import KafkaWire

/// Seeded random mutations of real batches (the fixtures) never trap: every decode ends in a value or a WireError.
/// Half the mutants get their CRC recomputed, so that the mutation reaches the record and codec decoders rather
/// than stopping at the checksum. Bounded: a fixed number of mutants per fixture, a few seconds in all.
struct RecordBatchMutationTests {
    static let fixtures = [
        "kafka-python/batch-none.bin", "kafka-python/batch-snappy.bin", "kafka-python/batch-control-commit.bin",
        "librdkafka/batch-gzip.bin", "librdkafka/batch-snappy.bin", "librdkafka/batch-lz4.bin", "librdkafka/batch-zstd.bin",
    ]

    @Test(arguments: fixtures)
    func mutatedBatchesEndInAValueOrATypedError(file: String) throws {
        let original = try RecordFixtures.bytes(file)
        var generator = SplitMix64(seed: UInt64(truncatingIfNeeded: file.utf8.reduce(0) { $0 &* 31 &+ Int($1) }))
        var outcomes = (decoded: 0, failed: 0)
        for iteration in 0..<300 {
            var mutant = Self.mutate(original, using: &generator)
            if iteration % 2 == 0, mutant.count > 21 { mutant = RecordBatchMalformedTests.withValidCRC(mutant) }
            do {
                _ = try RecordSet.decodeBatches(mutant, decompressionLimit: 1 << 20)
                outcomes.decoded += 1
            } catch {
                outcomes.failed += 1  // typed: decodeBatches throws only WireError
            }
        }
        #expect(outcomes.decoded + outcomes.failed == 300)
        #expect(outcomes.failed > 0)
    }

    /// Random bytes after a valid-looking header: lengths, counts and codec bits from the generator.
    @Test func randomRecordsSectionsNeverTrap() {
        var generator = SplitMix64(seed: 2026)
        var failed = 0
        for _ in 0..<500 {
            var writer = WireWriter()
            let attributes = RecordBatchAttributes(rawValue: Int16(truncatingIfNeeded: generator.next() % 8))
            let bodyLength = Int(generator.next() % 200)
            RecordBatchHeader(
                baseOffset: 0, batchLength: Int32(49 + bodyLength), partitionLeaderEpoch: 0, magic: 2, crc: 0,
                attributes: attributes, lastOffsetDelta: 0, baseTimestamp: 0, maxTimestamp: 0, producerId: -1,
                producerEpoch: -1, baseSequence: -1, recordCount: Int32(truncatingIfNeeded: generator.next() % 50)
            ).write(to: &writer)
            writer.writeRaw((0..<bodyLength).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
            let bytes = RecordBatchMalformedTests.withValidCRC(writer.bytes)
            do {
                // Only an empty records section with a count of 0 is valid; random bytes practically never are.
                _ = try RecordBatch(decoding: bytes, decompressionLimit: 1 << 16)
            } catch {
                failed += 1
            }
        }
        #expect(failed > 450)
    }

    static func mutate(_ bytes: [UInt8], using generator: inout SplitMix64) -> [UInt8] {
        var mutant = bytes
        let edits = 1 + Int(generator.next() % 4)
        for _ in 0..<edits {
            guard !mutant.isEmpty else { break }
            let position = Int(generator.next() % UInt64(mutant.count))
            switch generator.next() % 6 {
            case 0: mutant[position] ^= UInt8(1 << (generator.next() % 8))
            case 1: mutant[position] = UInt8(truncatingIfNeeded: generator.next())
            case 2: mutant[position] = [0x00, 0x7F, 0x80, 0xFF][Int(generator.next() % 4)]
            case 3: mutant.removeSubrange(position...)
            case 4: mutant.insert(UInt8(truncatingIfNeeded: generator.next()), at: position)
            default:
                // Header fields that steer the decoder: length, magic, attributes, record count.
                let field = [8, 11, 16, 22, 57, 60][Int(generator.next() % 6)]
                if field < mutant.count { mutant[field] = UInt8(truncatingIfNeeded: generator.next()) }
            }
        }
        return mutant
    }
}
