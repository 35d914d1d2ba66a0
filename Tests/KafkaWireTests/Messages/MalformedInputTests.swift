import KafkaWire
import Testing

/// Each class of malformed input ends in a WireError naming what and where.
@Suite struct MalformedInputTests {
    @Test func shortFrame() {
        #expect(throws: WireError(.truncated(needed: 2, remaining: 1), offset: 2, field: "RequestApiVersion")) {
            try KafkaCodec.decodeRequest([0, 12, 0])
        }
        // Heartbeat v3 cut inside GenerationId.
        let cut: [UInt8] = [0, 12, 0, 3, 0, 0, 0, 7, 0, 1, 0x63, 0, 1, 0x67, 0, 0]
        #expect(
            throws: WireError(
                .truncated(needed: 4, remaining: 2), offset: 14, field: "GenerationId", apiKey: 12, version: 3)
        ) { try KafkaCodec.decodeRequest(cut) }
    }

    @Test func oversizedAndUndersizedFramesAreRejectedBeforeAllocation() throws {
        let limits = FrameLimits.requests
        #expect(limits.maximumSize == 104_857_600)
        let tooLarge: [UInt8] = [0x06, 0x40, 0x00, 0x01]  // 104,857,601
        #expect(throws: WireError(.frameTooLarge(size: 104_857_601, maximum: 104_857_600), offset: 0)) {
            try limits.nextFrame(in: tooLarge[...])
        }
        #expect(throws: WireError(.frameTooLarge(size: 1001, maximum: 1000), offset: 0)) {
            try FrameLimits(maximumSize: 1000).nextFrame(in: [0, 0, 0x03, 0xE9][...])
        }
        #expect(throws: WireError(.frameTooSmall(size: -1, minimum: 10), offset: 0)) {
            try limits.nextFrame(in: [0xFF, 0xFF, 0xFF, 0xFF][...])
        }
        #expect(throws: WireError(.frameTooSmall(size: 3, minimum: 10), offset: 0)) {
            try limits.nextFrame(in: [0, 0, 0, 3, 1, 2, 3][...])
        }
        #expect(try limits.nextFrame(in: [0, 0, 0][...]) == nil)
        let frame = HandBuiltBytesTests.heartbeatV3Frame
        #expect(try limits.nextFrame(in: frame.dropLast()) == nil)
        #expect(try limits.nextFrame(in: frame[...]) == 4..<frame.count)
    }

    @Test func unknownApiKey() {
        #expect(
            throws: WireError(
                .unknownApiKey(256), offset: 0, field: "RequestApiKey", apiKey: 256, version: 0)
        ) { try KafkaCodec.decodeRequest([1, 0, 0, 0, 0, 0, 0, 1, 0xFF, 0xFF]) }
    }

    @Test func unsupportedVersions() {
        // Heartbeat v5 and Fetch v13 (topic ids) are outside issue 10's table.
        #expect(
            throws: WireError(
                .unsupportedVersion(apiKey: 12, version: 5), offset: 2, field: "RequestApiVersion", apiKey: 12, version: 5)
        ) { try KafkaCodec.decodeRequest([0, 12, 0, 5, 0, 0, 0, 1, 0xFF, 0xFF, 0]) }
        #expect(
            throws: WireError(
                .unsupportedVersion(apiKey: 1, version: 13), offset: 2, field: "RequestApiVersion", apiKey: 1, version: 13)
        ) { try KafkaCodec.decodeRequest([0, 1, 0, 13, 0, 0, 0, 1, 0xFF, 0xFF, 0]) }
        var reader = WireReader([])
        #expect(throws: WireError(.unsupportedVersion(apiKey: 11, version: 10), offset: 0, apiKey: 11, version: 10)) {
            try JoinGroupResponse(from: &reader, version: 10)
        }
    }

    @Test func badVarintInAFlexibleBody() {
        // Heartbeat v4: header v2 (12 bytes), then GroupId's compact length as a six-byte varint.
        let frame: [UInt8] = [0, 12, 0, 4, 0, 0, 0, 7, 0, 1, 0x63, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]
        #expect(throws: WireError(.varintTooLong, offset: 12, field: "GroupId", apiKey: 12, version: 4)) {
            try KafkaCodec.decodeRequest(frame)
        }
    }

    @Test func negativeLengthWhereNotNullable() {
        // Heartbeat v3: GroupId's INT16 length is -2; then -1 (null) where the spec has no nullableVersions.
        for length: [UInt8] in [[0xFF, 0xFE], [0xFF, 0xFF]] {
            let frame: [UInt8] = [0, 12, 0, 3, 0, 0, 0, 7, 0, 1, 0x63] + length
            let value = Int(Int16(bitPattern: UInt16(length[0]) << 8 | UInt16(length[1])))
            #expect(throws: WireError(.negativeLength(value), offset: 11, field: "GroupId", apiKey: 12, version: 3)) {
                try KafkaCodec.decodeRequest(frame)
            }
        }
    }

    @Test func nestedFieldsAreNamedByTheirPath() {
        // Metadata v1: one topic whose Name claims 9 bytes but has 1.
        let body: [UInt8] = [0, 0, 0, 1, 0, 9, 0x74]
        #expect(
            throws: WireError(
                .lengthBeyondRemaining(declared: 9, remaining: 1), offset: 4, field: "Topics.Name", apiKey: 3, version: 1)
        ) { try MetadataRequest(bytes: body, version: 1) }
    }

    @Test func trailingBytesAfterTheBody() {
        let frame = Array(HandBuiltBytesTests.heartbeatV3Frame.dropFirst(4)) + [0]
        #expect(throws: WireError(.trailingBytes(1), offset: 23, apiKey: 12, version: 3)) {
            try KafkaCodec.decodeRequest(frame)
        }
    }

    @Test func errorsDescribeThemselvesInOneLine() {
        let error = WireError(.negativeLength(-2), offset: 11, field: "GroupId", apiKey: 12, version: 3)
        #expect(error.description == "negative length -2 for a non-nullable field (Heartbeat v3, field GroupId, byte 11)")
    }
}
