import KafkaWire
import Testing

/// Expected bytes from Kafka's ByteUtilsTest (testUnsignedVarintSerde, testVarintSerde, testVarlongSerde,
/// testInvalidVarint, testInvalidVarlong) in clients/src/test/java/org/apache/kafka/common/utils/.
@Suite struct VarintTests {
    static let unsignedVarints: [(Int32, [UInt8])] = [
        (0, [0x00]), (-1, [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]), (1, [0x01]), (63, [0x3F]), (-64, [0xC0, 0xFF, 0xFF, 0xFF, 0x0F]),
        (64, [0x40]), (8191, [0xFF, 0x3F]), (-8192, [0x80, 0xC0, 0xFF, 0xFF, 0x0F]), (8192, [0x80, 0x40]),
        (-8193, [0xFF, 0xBF, 0xFF, 0xFF, 0x0F]), (1_048_575, [0xFF, 0xFF, 0x3F]), (1_048_576, [0x80, 0x80, 0x40]),
        (Int32.max, [0xFF, 0xFF, 0xFF, 0xFF, 0x07]), (Int32.min, [0x80, 0x80, 0x80, 0x80, 0x08]),
    ]

    static let varints: [(Int32, [UInt8])] = [
        (0, [0x00]), (-1, [0x01]), (1, [0x02]), (63, [0x7E]), (-64, [0x7F]), (64, [0x80, 0x01]), (-65, [0x81, 0x01]),
        (8191, [0xFE, 0x7F]), (-8192, [0xFF, 0x7F]), (8192, [0x80, 0x80, 0x01]), (-8193, [0x81, 0x80, 0x01]),
        (Int32.max, [0xFE, 0xFF, 0xFF, 0xFF, 0x0F]), (Int32.min, [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
    ]

    static let varlongs: [(Int64, [UInt8])] = [
        (0, [0x00]), (-1, [0x01]), (1, [0x02]), (63, [0x7E]), (-64, [0x7F]), (64, [0x80, 0x01]), (-65, [0x81, 0x01]),
        (8191, [0xFE, 0x7F]), (-8192, [0xFF, 0x7F]), (8192, [0x80, 0x80, 0x01]), (-8193, [0x81, 0x80, 0x01]),
        (Int64(Int32.max), [0xFE, 0xFF, 0xFF, 0xFF, 0x0F]), (Int64(Int32.min), [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
        (Int64.max, [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
        (Int64.min, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
    ]

    @Test func unsignedVarintsMatchKafka() throws {
        for (value, bytes) in Self.unsignedVarints {
            var writer = WireWriter()
            writer.writeUnsignedVarint(UInt32(bitPattern: value))
            #expect(writer.bytes == bytes, "\(value)")
            var reader = WireReader(bytes)
            #expect(Int32(bitPattern: try reader.readUnsignedVarint()) == value)
            #expect(reader.isAtEnd)
        }
    }

    @Test func zigzagVarintsMatchKafka() throws {
        for (value, bytes) in Self.varints {
            var writer = WireWriter()
            writer.writeVarint(value)
            #expect(writer.bytes == bytes, "\(value)")
            #expect(WireWriter.varintSize(value) == bytes.count)
            var reader = WireReader(bytes)
            #expect(try reader.readVarint() == value)
            #expect(reader.isAtEnd)
        }
    }

    @Test func zigzagVarlongsMatchKafka() throws {
        for (value, bytes) in Self.varlongs {
            var writer = WireWriter()
            writer.writeVarlong(value)
            #expect(writer.bytes == bytes, "\(value)")
            #expect(WireWriter.varlongSize(value) == bytes.count)
            var reader = WireReader(bytes)
            #expect(try reader.readVarlong() == value)
            #expect(reader.isAtEnd)
        }
    }

    @Test func overlongVarintsAreErrors() {
        // ByteUtilsTest.testInvalidVarint / testInvalidVarlong: one continuation byte too many.
        var varint = WireReader([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
        #expect(throws: WireError(.varintTooLong, offset: 0, field: "Length")) { try varint.readVarint("Length") }
        var varlong = WireReader([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
        #expect(throws: WireError(.varintTooLong, offset: 0)) { try varlong.readVarlong() }
        // Bits beyond 32 in the fifth byte cannot be represented either.
        var wide = WireReader([0x80, 0x80, 0x80, 0x80, 0x10])
        #expect(throws: WireError(.varintTooLong, offset: 0)) { try wide.readUnsignedVarint() }
        var cut = WireReader([0x80, 0x80])
        #expect(throws: WireError(.truncated(needed: 1, remaining: 0), offset: 2)) { try cut.readUnsignedVarint() }
    }
}
