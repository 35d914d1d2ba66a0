import Testing

@testable import KafkaWire

/// Record batches made by kafka-python's `DefaultRecordBatchBuilder` and sent by librdkafka 2.16
/// (Fixtures/records, NOTES.md). Expected records are the ones the scripts gave the producers (records.json);
/// header layout and field meanings follow Kafka's `DefaultRecordBatch.java` and `DefaultRecord.java`.
struct RecordBatchFixtureTests {
    static let baseTimestamp: Int64 = 1_700_000_000_000

    static let producedBatches: [(file: String, codec: CompressionCodec)] = [
        ("kafka-python/batch-none.bin", .none),
        ("kafka-python/batch-gzip.bin", .gzip),
        ("kafka-python/batch-snappy.bin", .snappy),
        ("kafka-python/batch-lz4.bin", .lz4),
        ("kafka-python/batch-zstd.bin", .zstd),
        ("kafka-python/batch-transactional.bin", .none),
        ("librdkafka/batch-gzip.bin", .gzip),
        ("librdkafka/batch-snappy.bin", .snappy),
        ("librdkafka/batch-lz4.bin", .lz4),
        ("librdkafka/batch-zstd.bin", .zstd),
        ("librdkafka/batch-none-idempotent.bin", .none),
    ]

    @Test(arguments: producedBatches)
    func decodesEveryRecordTheProducerWasGiven(file: String, codec: CompressionCodec) throws {
        let view = try RecordBatchView(try RecordFixtures.bytes(file))
        #expect(view.header.magic == 2)
        #expect(view.header.attributes.compression == codec)
        #expect(view.header.recordCount == 40)
        #expect(view.header.lastOffsetDelta == 39)
        try view.verifyChecksum()

        let batch = try view.decode()
        let expected = try RecordFixtures.expectedRecords()
        #expect(batch.baseTimestamp == Self.baseTimestamp)
        #expect(batch.maxTimestamp == Self.baseTimestamp + 300_000)
        #expect(batch.attributes.timestampType == .createTime)
        #expect(batch.records.count == expected.count)
        for (record, want) in zip(batch.records, expected) {
            #expect(batch.offset(of: record) == want.offset)
            #expect(batch.timestamp(of: record) == want.timestamp)
            #expect(record.key.map(Array.init) == want.keyBytes)
            #expect(record.value.map(Array.init) == want.valueBytes)
            #expect(record.headers.map(\.key) == want.headerPairs.map(\.0))
            #expect(record.headers.map { $0.value.map(Array.init) } == want.headerPairs.map(\.1))
        }
    }

    @Test func producerStateOfIdempotentAndTransactionalBatches() throws {
        let transactional = try RecordBatchView(try RecordFixtures.bytes("kafka-python/batch-transactional.bin")).header
        #expect(transactional.producerId == 4242)
        #expect(transactional.producerEpoch == 7)
        #expect(transactional.baseSequence == 100)
        #expect(transactional.lastSequence == 139)
        #expect(transactional.attributes.isTransactional)
        #expect(!transactional.attributes.isControl)

        // librdkafka's idempotent producer took the id and epoch our capture server's InitProducerId gave it.
        let idempotent = try RecordBatchView(try RecordFixtures.bytes("librdkafka/batch-none-idempotent.bin")).header
        #expect(idempotent.producerId == 1000)
        #expect(idempotent.producerEpoch == 3)
        #expect(idempotent.baseSequence == 0)
        #expect(!idempotent.attributes.isTransactional)
    }

    /// Uncompressed batches re-encode to the very bytes the other implementation wrote (length and CRC included).
    @Test(arguments: [
        "kafka-python/batch-none.bin", "kafka-python/batch-transactional.bin", "kafka-python/batch-control-commit.bin",
        "librdkafka/batch-none-idempotent.bin",
    ])
    func uncompressedBatchesReencodeToIdenticalBytes(file: String) throws {
        let original = try RecordFixtures.bytes(file)
        #expect(try RecordBatch(decoding: original).encoded() == original)
    }

    /// Records that librdkafka and kafka-python compressed, decoded and written uncompressed, are byte for byte
    /// the batch kafka-python's builder writes uncompressed: same record encoding, same header, same CRC.
    @Test(arguments: producedBatches.filter { $0.codec != .none })
    func compressedBatchesReencodeUncompressedToKafkaPythonsBytes(file: String, codec: CompressionCodec) throws {
        var batch = try RecordBatch(decoding: try RecordFixtures.bytes(file))
        batch.attributes.compression = CompressionCodec.none
        #expect(try batch.encoded() == RecordFixtures.bytes("kafka-python/batch-none.bin"))
    }

    @Test(arguments: [
        (CompressionCodec.gzip, CompressionOptions()), (.snappy, CompressionOptions(snappyFraming: .raw)),
        (.snappy, CompressionOptions()), (.lz4, CompressionOptions()), (.zstd, CompressionOptions()),
    ])
    func ourCompressedBatchesDecodeToTheSameRecords(codec: CompressionCodec, options: CompressionOptions) throws {
        var batch = try RecordBatch(decoding: try RecordFixtures.bytes("kafka-python/batch-none.bin"))
        batch.attributes.compression = codec
        let bytes = try batch.encoded(options: options)
        #expect(bytes.count < 2000)
        let view = try RecordBatchView(bytes)
        #expect(view.header.attributes.compression == codec)
        #expect(try view.decode() == batch)
    }

    /// A COMMIT marker: Kafka's `ControlRecordType` key (version 0, type 1) and `EndTransactionMarker` value.
    @Test func controlBatchDecodesToACommitMarker() throws {
        let batch = try RecordBatch(decoding: try RecordFixtures.bytes("kafka-python/batch-control-commit.bin"))
        #expect(batch.attributes.isControl)
        #expect(batch.attributes.isTransactional)
        #expect(batch.producerId == 4242)
        let marker = try #require(batch.records.first)
        #expect(try ControlRecordType(key: marker.key) == .commit)
        #expect(try EndTransactionMarker(value: marker.value).coordinatorEpoch == 5)
        #expect(ControlRecordType.commit.key == Array(marker.key ?? []))
        #expect(EndTransactionMarker(coordinatorEpoch: 5).value == Array(marker.value ?? []))
    }

    /// What a broker does on append (`DefaultRecordBatch.setLastOffset`, `setPartitionLeaderEpoch`): new base
    /// offset and leader epoch, CRC still valid because it starts at the attributes, records untouched.
    @Test func assigningOffsetsKeepsTheCRCAndTheCompressedRecords() throws {
        let original = try RecordFixtures.bytes("librdkafka/batch-lz4.bin")
        var view = try RecordBatchView(original)
        view.assign(baseOffset: 1_234_567, partitionLeaderEpoch: 9)
        #expect(view.header.baseOffset == 1_234_567)
        #expect(view.header.lastOffset == 1_234_567 + 39)
        #expect(Array(view.bytes[16...]) == Array(original[16...]))
        #expect(Array(view.bytes[8..<12]) == Array(original[8..<12]))
        try view.verifyChecksum()
        let reread = try RecordBatchView(view.bytes)
        #expect(reread.header.baseOffset == 1_234_567)
        #expect(reread.header.partitionLeaderEpoch == 9)
        let batch = try reread.decode()
        #expect(batch.records.map { batch.offset(of: $0) } == Array(1_234_567...1_234_606))
    }

    /// A records field holding several batches, as Produce requests and Fetch responses carry them.
    @Test func recordSetSplitsConcatenatedBatches() throws {
        let files = ["kafka-python/batch-none.bin", "librdkafka/batch-lz4.bin", "kafka-python/batch-control-commit.bin"]
        let parts = try files.map(RecordFixtures.bytes)
        let set = try RecordSet(splitting: parts.flatMap { $0 })
        #expect(set.batches.map(\.bytes) == parts)
        #expect(set.partialTailBytes == 0)
        let decoded = try RecordSet.decodeBatches(parts.flatMap { $0 })
        #expect(decoded.map(\.records.count) == [40, 40, 1])
        #expect(set.bytes == parts.flatMap { $0 })
    }

    /// Kafka's `ByteBufferLogInputStream.nextBatch` stops at an incomplete last batch (a Fetch response cut at
    /// max.bytes ends with one): fewer than 12 bytes left, or a batch running past the end.
    @Test(arguments: [5, 11, 12, 61, 700])
    func recordSetStopsCleanlyAtAPartialLastBatch(tailLength: Int) throws {
        let whole = try RecordFixtures.bytes("kafka-python/batch-none.bin")
        let lz4 = try RecordFixtures.bytes("librdkafka/batch-lz4.bin")
        let set = try RecordSet(splitting: whole + lz4.prefix(tailLength))
        #expect(set.batches.count == 1)
        #expect(set.partialTailBytes == tailLength)
        #expect(try RecordSet.decodeBatches(whole + lz4.prefix(tailLength)).count == 1)
    }

    @Test func emptyRecordsFieldHasNoBatches() throws {
        let set = try RecordSet(splitting: [])
        #expect(set.batches.isEmpty)
        #expect(set.partialTailBytes == 0)
    }
}
