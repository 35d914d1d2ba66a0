/// Request header v1–v2 (RequestHeader.json; v0 existed only for ControlledShutdown v0, not served here).
///
/// v2 (flexible requests) keeps client_id as an INT16-length nullable string — its `flexibleVersions` is "none" so
/// that any broker can read the header of any ApiVersions request — and adds a tagged-field section.
public struct RequestHeader: Sendable, Hashable {
    /// Raw API key: a request may name an API this codec does not know.
    public var apiKey: Int16
    public var apiVersion: Int16
    public var correlationId: Int32
    public var clientId: String?
    public var unknownTaggedFields: [TaggedField]

    public init(
        apiKey: Int16, apiVersion: Int16, correlationId: Int32, clientId: String?,
        unknownTaggedFields: [TaggedField] = []
    ) {
        self.apiKey = apiKey
        self.apiVersion = apiVersion
        self.correlationId = correlationId
        self.clientId = clientId
        self.unknownTaggedFields = unknownTaggedFields
    }

    public init(api: ApiKey, version: Int16, correlationId: Int32, clientId: String?) {
        self.init(apiKey: api.rawValue, apiVersion: version, correlationId: correlationId, clientId: clientId)
    }

    /// The API, if this codec knows it.
    public var api: ApiKey? { ApiKey(rawValue: apiKey) }

    /// The first eight bytes of every request header, whatever its version: enough to answer or reject a request.
    public static func peek(_ frame: [UInt8]) throws(WireError) -> (apiKey: Int16, apiVersion: Int16, correlationId: Int32) {
        var reader = WireReader(frame)
        return (
            try reader.readInt16("RequestApiKey"), try reader.readInt16("RequestApiVersion"),
            try reader.readInt32("CorrelationId")
        )
    }

    /// Decodes a header of the given header version (1 or 2).
    public init(from reader: inout WireReader, headerVersion: Int16) throws(WireError) {
        apiKey = try reader.readInt16("RequestApiKey")
        apiVersion = try reader.readInt16("RequestApiVersion")
        correlationId = try reader.readInt32("CorrelationId")
        clientId = headerVersion >= 1 ? try reader.readNullableString("ClientId") : nil
        unknownTaggedFields = headerVersion >= 2 ? try reader.readUnknownTaggedFields("TaggedFields") : []
    }

    public func encode(into writer: inout WireWriter, headerVersion: Int16) {
        writer.writeInt16(apiKey)
        writer.writeInt16(apiVersion)
        writer.writeInt32(correlationId)
        if headerVersion >= 1 { writer.writeNullableString(clientId) }
        if headerVersion >= 2 { writer.writeTaggedFields(unknownTaggedFields) }
    }
}

/// Response header v0–v1 (ResponseHeader.json): the correlation id, then in v1 a tagged-field section.
public struct ResponseHeader: Sendable, Hashable {
    public var correlationId: Int32
    public var unknownTaggedFields: [TaggedField]

    public init(correlationId: Int32, unknownTaggedFields: [TaggedField] = []) {
        self.correlationId = correlationId
        self.unknownTaggedFields = unknownTaggedFields
    }

    public init(from reader: inout WireReader, headerVersion: Int16) throws(WireError) {
        correlationId = try reader.readInt32("CorrelationId")
        unknownTaggedFields = headerVersion >= 1 ? try reader.readUnknownTaggedFields("TaggedFields") : []
    }

    public func encode(into writer: inout WireWriter, headerVersion: Int16) {
        writer.writeInt32(correlationId)
        if headerVersion >= 1 { writer.writeTaggedFields(unknownTaggedFields) }
    }
}
