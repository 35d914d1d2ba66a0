import KafkaWire
import Testing

/// The four string/bytes/array forms of Kafka's protocol guide (https://kafka.apache.org/protocol#protocol_types):
/// STRING (INT16 N), NULLABLE_STRING (-1 = null), COMPACT_STRING (UNSIGNED_VARINT N+1), COMPACT_NULLABLE_STRING (0 =
/// null); BYTES and ARRAY likewise with INT32 or N+1 lengths. Expected bytes are written out from that definition.
@Suite struct StringAndLengthTests {
    @Test func stringFormsEncodeAsTheProtocolGuideDefines() throws {
        var writer = WireWriter()
        writer.writeString("ab")
        writer.writeNullableString(nil)
        writer.writeCompactString("ab")
        writer.writeCompactNullableString(nil)
        writer.writeCompactNullableString("")
        #expect(writer.bytes == [0x00, 0x02, 0x61, 0x62, 0xFF, 0xFF, 0x03, 0x61, 0x62, 0x00, 0x01])

        var reader = WireReader(writer.bytes)
        #expect(try reader.readString() == "ab")
        #expect(try reader.readNullableString() == nil)
        #expect(try reader.readCompactString() == "ab")
        #expect(try reader.readCompactNullableString() == nil)
        #expect(try reader.readCompactNullableString() == "")
        #expect(reader.isAtEnd)
    }

    @Test func bytesAndArrayFormsEncodeAsTheProtocolGuideDefines() throws {
        var writer = WireWriter()
        writer.writeBytes([7])
        writer.writeNullableBytes(nil)
        writer.writeCompactBytes([7])
        writer.writeCompactNullableBytes(nil)
        writer.writeArrayCount(2, flexible: false)
        writer.writeArrayCount(nil, flexible: false)
        writer.writeArrayCount(2, flexible: true)
        writer.writeArrayCount(nil, flexible: true)
        #expect(
            writer.bytes == [
                0, 0, 0, 1, 7, 0xFF, 0xFF, 0xFF, 0xFF, 0x02, 7, 0x00, 0, 0, 0, 2, 0xFF, 0xFF, 0xFF, 0xFF, 0x03, 0x00,
            ])
        var reader = WireReader(writer.bytes + [0, 0])  // two array elements' worth of bytes follow each count
        #expect(try reader.readBytes() == [7])
        #expect(try reader.readNullableBytes() == nil)
        #expect(try reader.readCompactBytes() == [7])
        #expect(try reader.readCompactNullableBytes() == nil)
        #expect(try reader.readArrayCount(flexible: false) == 2)
        #expect(try reader.readArrayCount(flexible: false, nullable: true) == nil)
        #expect(try reader.readArrayCount(flexible: true) == 2)
        #expect(try reader.readArrayCount(flexible: true, nullable: true) == nil)
    }

    @Test func uuidIsSixteenBytesMostSignificantFirst() throws {
        let uuid = KafkaUUID(mostSignificantBits: 0x0102_0304_0506_0708, leastSignificantBits: 0x090A_0B0C_0D0E_0F10)
        var writer = WireWriter()
        writer.writeUUID(uuid)
        #expect(writer.bytes == Array(1...16))
        var reader = WireReader(writer.bytes)
        #expect(try reader.readUUID() == uuid)
    }

    @Test func negativeLengthOfANonNullableFieldIsAnError() {
        var minusOne = WireReader([0xFF, 0xFF])
        #expect(throws: WireError(.negativeLength(-1), offset: 0, field: "GroupId")) { try minusOne.readString("GroupId") }
        var minusTwo = WireReader([0xFF, 0xFE])
        #expect(throws: WireError(.negativeLength(-2), offset: 0)) { try minusTwo.readNullableString() }
        var nullCompact = WireReader([0x00])
        #expect(throws: WireError(.negativeLength(-1), offset: 0)) { try nullCompact.readCompactString() }
        var nullArray = WireReader([0xFF, 0xFF, 0xFF, 0xFF])
        #expect(throws: WireError(.negativeLength(-1), offset: 0)) { try nullArray.readArrayCount(flexible: false) }
    }

    @Test func lengthsBeyondTheRemainingBytesAreErrorsNotAllocations() {
        var string = WireReader([0x00, 0x64, 0x61])
        #expect(throws: WireError(.lengthBeyondRemaining(declared: 100, remaining: 1), offset: 0)) {
            try string.readString()
        }
        // INT32.max elements declared with four bytes left: rejected before any reserveCapacity.
        var array = WireReader([0x7F, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0])
        #expect(throws: WireError(.lengthBeyondRemaining(declared: Int(Int32.max), remaining: 4), offset: 0)) {
            try array.readArrayCount(flexible: false)
        }
        var bytes = WireReader([0x80, 0x80, 0x80, 0x80, 0x08])
        #expect(throws: WireError.self) { try bytes.readCompactBytes() }
        var short = WireReader([0x00, 0x01])
        #expect(throws: WireError(.truncated(needed: 4, remaining: 2), offset: 0)) { try short.readInt32() }
    }

    @Test func taggedFieldsKeepUnknownTagsAsRawBytes() throws {
        // Two fields: tag 1 with 2 bytes, tag 40 with 0 bytes.
        var reader = WireReader([0x02, 0x01, 0x02, 0xAA, 0xBB, 0x28, 0x00])
        let fields = try reader.readUnknownTaggedFields()
        #expect(fields == [TaggedField(tag: 1, data: [0xAA, 0xBB]), TaggedField(tag: 40, data: [])])
        var writer = WireWriter()
        writer.writeTaggedFields(fields)
        #expect(writer.bytes == [0x02, 0x01, 0x02, 0xAA, 0xBB, 0x28, 0x00])
    }
}
