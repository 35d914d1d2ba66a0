import Testing

@testable import KafkaWire

/// Each codec against data compressed by other implementations (Python's gzip, python-snappy, kafka-python's
/// xerial framing, lz4.frame, zstandard: Fixtures/records/compressed, see NOTES.md), and against bombs and damage.
struct CompressionTests {
    static let generousLimit = 1 << 20

    @Test(arguments: [
        ("payload.gzip", CompressionCodec.gzip),
        ("payload.gzip-two-members", .gzip),
        ("payload.snappy-raw", .snappy),
        ("payload.snappy-xerial", .snappy),
        ("payload.lz4", .lz4),
        ("payload.lz4-block-checksums", .lz4),
        ("payload.zstd", .zstd),
        ("payload.zstd-no-content-size", .zstd),
        ("payload.zstd-streamed", .zstd),
    ])
    func decompressesWhatOtherImplementationsCompressed(file: String, codec: CompressionCodec) throws {
        let payload = try RecordFixtures.bytes("compressed/payload.bin")
        let compressed = try RecordFixtures.bytes("compressed/\(file)")
        #expect(try codec.decompress(compressed, limit: Self.generousLimit) == payload)
    }

    @Test(arguments: [
        (CompressionCodec.gzip, CompressionOptions()),
        (.snappy, CompressionOptions(snappyFraming: .raw)),
        (.snappy, CompressionOptions(snappyFraming: .xerial)),
        (.lz4, CompressionOptions()),
        (.lz4, CompressionOptions(lz4Level: 9)),
        (.zstd, CompressionOptions()),
    ])
    func roundTripsThePayload(codec: CompressionCodec, options: CompressionOptions) throws {
        let payload = try RecordFixtures.bytes("compressed/payload.bin")
        let compressed = try codec.compress(payload, options: options)
        #expect(compressed.count < payload.count / 2)
        #expect(try codec.decompress(compressed, limit: payload.count) == payload)
    }

    /// The framing of our xerial output equals kafka-python's (`snappy_encode`: magic, version 1, compatible 1).
    @Test func xerialHeaderMatchesKafkaPython() throws {
        let theirs = try RecordFixtures.bytes("compressed/payload.snappy-xerial")
        let ours = try CompressionCodec.snappy.compress(try RecordFixtures.bytes("compressed/payload.bin"))
        #expect(Array(ours.prefix(16)) == Array(theirs.prefix(16)))
        #expect(Array(ours.prefix(8)) == [0x82, 0x53, 0x4E, 0x41, 0x50, 0x50, 0x59, 0x00])
    }

    /// Kafka's `Lz4BlockOutputStream` writes FLG = version 01, independent blocks, no checksums, no content size
    /// (0x60) and BD = 64 KiB blocks (0x40) after the magic 04 22 4D 18.
    @Test func lz4FrameHeaderIsKafkas() throws {
        let ours = try CompressionCodec.lz4.compress(try RecordFixtures.bytes("compressed/payload.bin"))
        #expect(Array(ours.prefix(6)) == [0x04, 0x22, 0x4D, 0x18, 0x60, 0x40])
    }

    @Test func emptyInputRoundTrips() throws {
        for codec in CompressionCodec.allCases {
            let compressed = try codec.compress([UInt8]())
            #expect(try codec.decompress(compressed, limit: 0) == [], "\(codec)")
        }
    }

    /// 4 MiB of zeros compress to a few KiB; with a 1 MiB limit every codec refuses with a typed error instead of
    /// producing (or allocating) the whole output.
    @Test(arguments: [CompressionCodec.none, .gzip, .snappy, .lz4, .zstd])
    func decompressionBombIsRefused(codec: CompressionCodec) throws {
        let bomb = try codec.compress([UInt8](repeating: 0, count: 4 << 20), options: CompressionOptions(snappyFraming: .raw))
        let error = #expect(throws: WireError.self) { try codec.decompress(bomb, limit: 1 << 20) }
        #expect(error?.kind == .decompressionLimitExceeded(codec: codec.description, limit: 1 << 20))
    }

    /// A snappy block declares its uncompressed length up front: a block claiming 1 GiB is refused on that claim.
    @Test func snappyDeclaredLengthAboveLimitIsRefusedBeforeAllocation() {
        let claim: [UInt8] = [0x80, 0x80, 0x80, 0x80, 0x04, 0x00]  // varint 1 GiB, then nothing
        let error = #expect(throws: WireError.self) { try CompressionCodec.snappy.decompress(claim, limit: 1 << 20) }
        #expect(error?.kind == .decompressionLimitExceeded(codec: "snappy", limit: 1 << 20))
    }

    @Test(arguments: [
        ("payload.gzip", CompressionCodec.gzip),
        ("payload.snappy-raw", .snappy),
        ("payload.snappy-xerial", .snappy),
        ("payload.lz4", .lz4),
        ("payload.zstd-no-content-size", .zstd),
    ])
    func truncatedOrDamagedDataIsATypedError(file: String, codec: CompressionCodec) throws {
        let compressed = try RecordFixtures.bytes("compressed/\(file)")
        #expect(throws: WireError.self) {
            try codec.decompress(Array(compressed.prefix(compressed.count / 2)), limit: Self.generousLimit)
        }
        // The first byte is a magic byte or (raw snappy) the declared length: either way the data is no longer valid.
        var damaged = compressed
        damaged[0] ^= 0xFF
        #expect(throws: WireError.self) { try codec.decompress(damaged, limit: Self.generousLimit) }
    }

    @Test func xerialBlockLengthBeyondTheDataIsATypedError() {
        var framed = Snappy.xerialMagic + [0, 0, 0, 1, 0, 0, 0, 1]
        framed += [0x7F, 0xFF, 0xFF, 0xFF, 0x01, 0x00]
        let error = #expect(throws: WireError.self) { try CompressionCodec.snappy.decompress(framed, limit: 1 << 20) }
        #expect(error?.description.contains("xerial block") == true)
    }
}
