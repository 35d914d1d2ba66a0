import KafkaWire
import NIOCore

/// SASL is not offered (ApiVersions does not list it), but a client configured for SASL sends SaslHandshake first
/// anyway. KafkaWire has no SASL messages, so this is the smallest adapter: SaslHandshakeResponse v0/v1
/// (SaslHandshakeResponse.json: ErrorCode int16, Mechanisms [string]) with UNSUPPORTED_SASL_MECHANISM (33) and no
/// mechanisms, after which the broker closes the connection; the client reports an authentication failure, not a hang.
enum SaslRefusal {
    static let saslHandshakeKey: Int16 = 17
    static let saslAuthenticateKey: Int16 = 36
    /// UNSUPPORTED_SASL_MECHANISM (Errors.java).
    static let unsupportedSaslMechanism: Int16 = 33
    /// ILLEGAL_SASL_STATE: a SaslAuthenticate without a handshake.
    static let illegalSaslState: Int16 = 34

    static func response(apiKey: Int16, version: Int16, correlationId: Int32) -> ByteBuffer? {
        var writer = WireWriter()
        let start = writer.startFrame()
        writer.writeInt32(correlationId)  // response header v0: both APIs' v0/v1 are not flexible
        if apiKey == saslHandshakeKey {
            writer.writeInt16(unsupportedSaslMechanism)
            writer.writeInt32(0)  // Mechanisms: empty array
        } else {
            // SaslAuthenticateResponse v0/v1: ErrorCode, ErrorMessage (nullable string), AuthBytes (bytes), v1 adds
            // SessionLifetimeMs. v2+ is flexible: no answer, the connection just closes.
            guard version <= 1 else { return nil }
            writer.writeInt16(illegalSaslState)
            writer.writeNullableString("SASL is not offered by this broker")
            writer.writeInt32(0)
            if version == 1 { writer.writeInt64(0) }
        }
        writer.finishFrame(startedAt: start)
        return ByteBuffer(bytes: writer.bytes)
    }
}
