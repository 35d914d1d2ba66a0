// TEMPORARY until wire-msg's WireError lands.
enum CompressionFailure: Error {
    case corrupt(CompressionCodec, String)
    case library(CompressionCodec, String)
    case limitExceeded(CompressionCodec, limit: Int)
}
