import KafkaWire

/// What the hand-written answer readers (`OffsetFetchReading`, `MetadataReading`, `ListOffsetsReading`) share with
/// KafkaWire's generated decoders, so that a bad answer fails with the same `WireError`: a version the message does
/// not have is refused before a byte is read, and an error met in the fields names the message and version.
enum AnswerReading {
    static func read<Answer>(
        _ reader: inout WireReader, apiKey: Int16, versions: ClosedRange<Int16>, version: Int16,
        fields: (inout WireReader) throws(WireError) -> Answer
    ) throws(WireError) -> Answer {
        guard versions.contains(version) else {
            throw WireError(
                .unsupportedVersion(apiKey: apiKey, version: version), offset: reader.offset, apiKey: apiKey,
                version: version)
        }
        do throws(WireError) {
            return try fields(&reader)
        } catch { throw error.inMessage(apiKey: apiKey, version: version) }
    }
}
