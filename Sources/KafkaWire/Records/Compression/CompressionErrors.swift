/// The errors of the compression codecs, all `WireError`s on the batch's records field. Offsets are within the
/// compressed data where a codec reports one; the record batch decoder moves them to the batch's own position.
extension WireError {
    static func corruptCompressedData(_ codec: CompressionCodec, _ detail: String, at offset: Int = 0) -> WireError {
        WireError(.invalid("corrupt \(codec) data: \(detail)"), offset: offset, field: "Records")
    }

    static func compressorFailed(_ codec: CompressionCodec, _ detail: String) -> WireError {
        WireError(.invalid("\(codec) compression failed: \(detail)"), offset: 0, field: "Records")
    }

    static func decompressionLimitExceeded(_ codec: CompressionCodec, limit: Int) -> WireError {
        WireError(.decompressionLimitExceeded(codec: codec.description, limit: limit), offset: 0, field: "Records")
    }
}
