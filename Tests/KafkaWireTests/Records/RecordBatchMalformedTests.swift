import Testing

@testable import KafkaWire

/// Malformed batches end in a typed `WireError`, never a trap. Each rule is Kafka's: `DefaultRecordBatch.ensureValid`
/// (size, CRC), `ByteBufferLogInputStream.nextBatch` (length, magic), `DefaultRecordBatch` iterators (record count,
/// bytes left over), `DefaultRecord.readFrom` (record size, header count, header key size), `ByteUtils.readVarint`
/// (varint length), `CompressionType.forId` (unknown codec).
struct RecordBatchMalformedTests {
    static func fixture() throws -> [UInt8] { try RecordFixtures.bytes("kafka-python/batch-none.bin") }

    /// Stores a fresh CRC so that a test reaches the check it is about instead of failing on the CRC.
    static func withValidCRC(_ bytes: [UInt8]) -> [UInt8] {
        var fixed = bytes
        let crc = CRC32C.checksum(Array(bytes[21...]))
        fixed[17] = UInt8(crc >> 24)
        fixed[18] = UInt8((crc >> 16) & 0xFF)
        fixed[19] = UInt8((crc >> 8) & 0xFF)
        fixed[20] = UInt8(crc & 0xFF)
        return fixed
    }

    /// A one-record batch whose record body is given byte by byte (after the record's own length varint).
    static func batch(recordBody: [UInt8], recordLength: [UInt8]? = nil, count: Int32 = 1) -> [UInt8] {
        var writer = WireWriter()
        RecordBatchHeader(
            baseOffset: 0, batchLength: 0, partitionLeaderEpoch: 0, magic: 2, crc: 0, attributes: RecordBatchAttributes(),
            lastOffsetDelta: 0, baseTimestamp: 0, maxTimestamp: 0, producerId: -1, producerEpoch: -1, baseSequence: -1,
            recordCount: count
        ).write(to: &writer)
        if let recordLength { writer.writeRaw(recordLength) } else { writer.writeVarint(Int32(recordBody.count)) }
        writer.writeRaw(recordBody)
        writer.patchInt32(Int32(writer.count - 12), at: 8)
        return withValidCRC(writer.bytes)
    }

    @Test func wellFormedHandMadeBatchDecodes() throws {
        // attributes 0, timestamp delta 0, offset delta 0, key "k", value null, no headers
        let record = try RecordBatch(decoding: Self.batch(recordBody: [0, 0, 0, 2, 0x6B, 1, 0])).records
        #expect(record == [Record(offsetDelta: 0, key: Array("k".utf8), value: nil)])
    }

    @Test func badCRCIsReportedWithBothValues() throws {
        var bytes = try Self.fixture()
        bytes[bytes.count - 10] ^= 0x01
        let stored = UInt32(bytes[17]) << 24 | UInt32(bytes[18]) << 16 | UInt32(bytes[19]) << 8 | UInt32(bytes[20])
        let error = #expect(throws: WireError.self) { try RecordBatch(decoding: bytes) }
        #expect(error?.kind == .crcMismatch(stored: stored, computed: CRC32C.checksum(Array(bytes[21...]))))
        #expect(error?.field == "CRC")
    }

    @Test(arguments: [0, 7, 30, 60, 61, 500, 7902])
    func truncatedBatchIsATypedError(length: Int) throws {
        let bytes = Array(try Self.fixture().prefix(length))
        let error = #expect(throws: WireError.self) { try RecordBatchView(bytes) }
        switch error?.kind {
        case .truncated, .lengthBeyondRemaining: break
        default: Issue.record("unexpected \(String(describing: error))")
        }
    }

    @Test(arguments: [Int8(0), 1, 3, -1])
    func magicOtherThanTwoIsUnsupported(magic: Int8) throws {
        var bytes = try Self.fixture()
        bytes[16] = UInt8(bitPattern: magic)
        let error = #expect(throws: WireError.self) { try RecordBatchView(bytes) }
        #expect(error?.kind == .unsupportedMagic(magic))
        #expect(error?.offset == 16)
        #expect(throws: WireError.self) { try RecordSet(splitting: bytes) }
    }

    @Test func recordCountAboveTheRecordsIsAMismatch() throws {
        var bytes = try Self.fixture()
        bytes[60] = 41
        let error = #expect(throws: WireError.self) { try RecordBatch(decoding: Self.withValidCRC(bytes)) }
        #expect(error?.kind == .recordCountMismatch(declared: 41, found: 40))
    }

    @Test func recordCountBelowTheRecordsLeavesBytes() throws {
        var bytes = try Self.fixture()
        bytes[60] = 39
        let error = #expect(throws: WireError.self) { try RecordBatch(decoding: Self.withValidCRC(bytes)) }
        guard case .trailingBytes = error?.kind else { return #expect(Bool(false), "\(String(describing: error))") }
    }

    @Test func negativeRecordCountIsRefused() throws {
        var bytes = try Self.fixture()
        bytes[57...60] = [0xFF, 0xFF, 0xFF, 0xFE]
        let error = #expect(throws: WireError.self) { try RecordBatch(decoding: Self.withValidCRC(bytes)) }
        #expect(error?.kind == .negativeLength(-2))
    }

    @Test(arguments: [Int32(-1), Int32.min, 0, 48])
    func batchLengthBelowTheHeaderIsCorrupt(length: Int32) throws {
        var bytes = try Self.fixture()
        let raw = UInt32(bitPattern: length)
        bytes[8...11] = [UInt8(raw >> 24), UInt8((raw >> 16) & 0xFF), UInt8((raw >> 8) & 0xFF), UInt8(raw & 0xFF)]
        #expect(throws: WireError.self) { try RecordBatchView(bytes) }
        let error = #expect(throws: WireError.self) { try RecordSet(splitting: bytes) }
        #expect(error?.offset == 8)
    }

    @Test func negativeRecordLengthIsRefused() {
        let bytes = Self.batch(recordBody: [0, 0, 0, 1, 1, 0], recordLength: [0x03])  // zigzag 3 = -2
        let error = #expect(throws: WireError.self) { try RecordBatch(decoding: bytes) }
        #expect(error?.kind == .negativeLength(-2))
        #expect(error?.offset == 61)
    }

    @Test func recordLengthBeyondTheBatchIsRefused() {
        let bytes = Self.batch(recordBody: [0, 0, 0, 1, 1, 0], recordLength: [0xC8, 0x01])  // zigzag 200 = 100
        let error = #expect(throws: WireError.self) { try RecordBatch(decoding: bytes) }
        #expect(error?.kind == .lengthBeyondRemaining(declared: 100, remaining: 6))
    }

    @Test func negativeHeaderCountIsRefused() {
        let bytes = Self.batch(recordBody: [0, 0, 0, 1, 1, 0x01])  // header count zigzag 1 = -1
        let error = #expect(throws: WireError.self) { try RecordBatch(decoding: bytes) }
        #expect(error?.kind == .negativeLength(-1))
        #expect(error?.field == "Records.Headers")
    }

    @Test func negativeHeaderKeyLengthIsRefused() {
        let bytes = Self.batch(recordBody: [0, 0, 0, 1, 1, 0x02, 0x05, 0x00])  // one header, key length -3
        let error = #expect(throws: WireError.self) { try RecordBatch(decoding: bytes) }
        #expect(error?.kind == .negativeLength(-3))
        #expect(error?.field == "Records.Headers.Key")
    }

    /// `DefaultRecord.readFrom`: a record whose fields use fewer bytes than its length declares is invalid.
    @Test func recordLongerThanItsFieldsIsRefused() {
        let bytes = Self.batch(recordBody: [0, 0, 0, 1, 1, 0, 0xAA])
        let error = #expect(throws: WireError.self) { try RecordBatch(decoding: bytes) }
        #expect(error?.description.contains("record declares 7 bytes but its fields use 6") == true)
    }

    @Test func overlongVarintIsRefused() {
        let bytes = Self.batch(recordBody: [0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 1, 1, 0])  // 6-byte offset delta
        let error = #expect(throws: WireError.self) { try RecordBatch(decoding: bytes) }
        #expect(error?.kind == .varintTooLong)
        #expect(error?.field == "Records.OffsetDelta")
    }

    @Test func varintCutByTheEndOfTheRecordIsTruncated() {
        let bytes = Self.batch(recordBody: [0, 0x80])  // timestamp delta continues past the record
        let error = #expect(throws: WireError.self) { try RecordBatch(decoding: bytes) }
        guard case .truncated = error?.kind else { return #expect(Bool(false), "\(String(describing: error))") }
    }

    @Test(arguments: [5, 6, 7])
    func unknownCodecIsATypedError(codec: Int) throws {
        var bytes = try Self.fixture()
        bytes[22] = (bytes[22] & 0xF8) | UInt8(codec)
        let view = try RecordBatchView(Self.withValidCRC(bytes))
        #expect(view.header.attributes.compression == nil)
        let error = #expect(throws: WireError.self) { try view.decode() }
        #expect(error?.kind == .unknownCompression(codec))
    }

    @Test func batchDecompressingBeyondTheLimitIsRefused() throws {
        let zstd = try RecordFixtures.bytes("librdkafka/batch-zstd.bin")
        let error = #expect(throws: WireError.self) { try RecordBatch(decoding: zstd, decompressionLimit: 4096) }
        #expect(error?.kind == .decompressionLimitExceeded(codec: "zstd", limit: 4096))
        #expect(try RecordBatch(decoding: zstd, decompressionLimit: 7903 - 61).records.count == 40)
    }

    @Test func corruptCompressedRecordsAreATypedError() throws {
        var bytes = try RecordFixtures.bytes("librdkafka/batch-snappy.bin")
        bytes[61] ^= 0xFF
        let error = #expect(throws: WireError.self) { try RecordBatch(decoding: Self.withValidCRC(bytes)) }
        #expect(error?.description.contains("snappy") == true)
    }
}
