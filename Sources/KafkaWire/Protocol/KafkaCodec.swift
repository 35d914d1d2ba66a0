/// A request as a broker receives it: header and typed body.
public struct DecodedRequest: Sendable, Hashable {
    public var header: RequestHeader
    public var body: KafkaRequest

    public init(header: RequestHeader, body: KafkaRequest) {
        self.header = header
        self.body = body
    }
}

/// A response as a client receives it: header and typed body.
public struct DecodedResponse: Sendable, Hashable {
    public var header: ResponseHeader
    public var body: KafkaResponse

    public init(header: ResponseHeader, body: KafkaResponse) {
        self.header = header
        self.body = body
    }
}

/// Whole frames in both directions: the broker side (decode requests, encode responses) and the client side
/// (encode requests, decode responses). "Frame" here is the payload after the INT32 size prefix, as a length-field
/// frame decoder hands it over; encoders return complete frames, size prefix included.
public enum KafkaCodec {
    // MARK: Broker side

    /// Decodes a request frame (without its size prefix): header, then body; every byte must be consumed.
    ///
    /// Errors: `.unknownApiKey` for an API this codec does not know, `.unsupportedVersion` for a version outside
    /// `ApiKey.supportedVersions` (for ApiVersions, answer with `unsupportedApiVersionsResponse`), or any malformed
    /// field. `RequestHeader.peek` still yields the correlation id of a frame that fails here.
    public static func decodeRequest(_ frame: [UInt8]) throws(WireError) -> DecodedRequest {
        let (rawKey, version, _) = try RequestHeader.peek(frame)
        guard let api = ApiKey(rawValue: rawKey) else {
            throw WireError(.unknownApiKey(rawKey), offset: 0, field: "RequestApiKey", apiKey: rawKey, version: version)
        }
        guard api.supportedVersions.contains(version) else {
            throw WireError(
                .unsupportedVersion(apiKey: rawKey, version: version), offset: 2, field: "RequestApiVersion",
                apiKey: rawKey, version: version)
        }
        var reader = WireReader(frame)
        let header: RequestHeader
        do {
            header = try RequestHeader(from: &reader, headerVersion: api.requestHeaderVersion(for: version))
        } catch {
            throw error.inField("RequestHeader").inMessage(apiKey: rawKey, version: version)
        }
        let body = try KafkaRequest(api: api, from: &reader, version: version)
        if !reader.isAtEnd {
            throw WireError(.trailingBytes(reader.remaining), offset: reader.offset, apiKey: rawKey, version: version)
        }
        return DecodedRequest(header: header, body: body)
    }

    /// Encodes a complete response frame (size prefix, header, body) answering `request`, at the request's version.
    public static func encodeResponse(_ body: KafkaResponse, to request: RequestHeader) -> [UInt8] {
        encodeResponse(body, api: body.apiKey, version: request.apiVersion, correlationId: request.correlationId)
    }

    public static func encodeResponse<Response: KafkaResponseMessage>(
        _ body: Response, version: Int16, correlationId: Int32
    ) -> [UInt8] {
        var writer = WireWriter()
        let start = writer.startFrame()
        ResponseHeader(correlationId: correlationId).encode(
            into: &writer, headerVersion: Response.apiKey.responseHeaderVersion(for: version))
        body.encode(into: &writer, version: version)
        writer.finishFrame(startedAt: start)
        return writer.bytes
    }

    static func encodeResponse(_ body: KafkaResponse, api: ApiKey, version: Int16, correlationId: Int32) -> [UInt8] {
        var writer = WireWriter()
        let start = writer.startFrame()
        ResponseHeader(correlationId: correlationId).encode(
            into: &writer, headerVersion: api.responseHeaderVersion(for: version))
        body.encode(into: &writer, version: version)
        writer.finishFrame(startedAt: start)
        return writer.bytes
    }

    /// Kafka's answer to an ApiVersions request of a version it does not support (ApiVersionsRequest
    /// .getErrorResponse, KIP-511): the v0 layout, response header v0, error 35 (UNSUPPORTED_VERSION), and the
    /// supported range of ApiVersions itself, so that the client retries with a version from that range.
    public static func unsupportedApiVersionsResponse(
        correlationId: Int32,
        apiKeys: [ApiVersionsResponse.ApiVersion] = [
            ApiVersionsResponse.ApiVersion(
                apiKey: ApiKey.apiVersions.rawValue, minVersion: ApiKey.apiVersions.supportedVersions.lowerBound,
                maxVersion: ApiKey.apiVersions.supportedVersions.upperBound)
        ]
    ) -> [UInt8] {
        let body = ApiVersionsResponse(errorCode: KafkaErrorCode.unsupportedVersion, apiKeys: apiKeys)
        return encodeResponse(body, version: 0, correlationId: correlationId)
    }

    /// What a broker answers when `decodeRequest(frame)` threw `error`: for an ApiVersions request of a version it
    /// does not support, Kafka's v0-layout answer with error 35 (`unsupportedApiVersionsResponse`); nil for anything
    /// else, which Kafka answers by closing the connection.
    public static func responseToUndecodableRequest(_ frame: [UInt8], error: WireError) -> [UInt8]? {
        guard case .unsupportedVersion(let apiKey, _) = error.kind, apiKey == ApiKey.apiVersions.rawValue,
            let header = try? RequestHeader.peek(frame)
        else { return nil }
        return unsupportedApiVersionsResponse(correlationId: header.correlationId)
    }

    // MARK: Client side

    /// Encodes a complete request frame (size prefix, header of the right version, body).
    public static func encodeRequest<Request: KafkaRequestMessage>(
        _ body: Request, version: Int16, correlationId: Int32, clientId: String?
    ) -> [UInt8] {
        var writer = WireWriter()
        let start = writer.startFrame()
        let header = RequestHeader(api: Request.apiKey, version: version, correlationId: correlationId, clientId: clientId)
        header.encode(into: &writer, headerVersion: Request.apiKey.requestHeaderVersion(for: version))
        body.encode(into: &writer, version: version)
        writer.finishFrame(startedAt: start)
        return writer.bytes
    }

    /// A request's body alone (no size prefix, no header), for `encodeRequest(encodedBody:api:version:correlationId:
    /// clientId:)` to frame: a client that sends the same large body again and again (the same partitions asked for
    /// on every refresh) encodes it once.
    public static func encodeRequestBody<Request: KafkaRequestMessage>(_ body: Request, version: Int16) -> [UInt8] {
        var writer = WireWriter()
        body.encode(into: &writer, version: version)
        return writer.bytes
    }

    /// A complete request frame (size prefix, header of the right version, then `encodedBody` as it is), the same
    /// bytes `encodeRequest` writes for the request whose body `encodeRequestBody` encoded at `version`.
    public static func encodeRequest(
        encodedBody: [UInt8], api: ApiKey, version: Int16, correlationId: Int32, clientId: String?
    ) -> [UInt8] {
        var writer = WireWriter(capacity: encodedBody.count + 64)
        let start = writer.startFrame()
        let header = RequestHeader(api: api, version: version, correlationId: correlationId, clientId: clientId)
        header.encode(into: &writer, headerVersion: api.requestHeaderVersion(for: version))
        writer.writeRaw(encodedBody)
        writer.finishFrame(startedAt: start)
        return writer.bytes
    }

    /// Decodes a response frame (without its size prefix) to a request of `api` at `version`.
    public static func decodeResponse(_ frame: [UInt8], api: ApiKey, version: Int16) throws(WireError) -> DecodedResponse {
        var reader = WireReader(frame)
        let header: ResponseHeader
        do {
            header = try ResponseHeader(from: &reader, headerVersion: api.responseHeaderVersion(for: version))
        } catch {
            throw error.inField("ResponseHeader").inMessage(apiKey: api.rawValue, version: version)
        }
        let body = try KafkaResponse(api: api, from: &reader, version: version)
        if !reader.isAtEnd {
            throw WireError(.trailingBytes(reader.remaining), offset: reader.offset, apiKey: api.rawValue, version: version)
        }
        return DecodedResponse(header: header, body: body)
    }

    /// Typed variant: decodes the response to a request of type `Request`.
    public static func decodeResponse<Request: KafkaRequestMessage>(
        _ frame: [UInt8], to request: Request.Type, version: Int16
    ) throws(WireError) -> (header: ResponseHeader, body: Request.Response) {
        try decodeResponse(frame, api: Request.apiKey, version: version) { reader throws(WireError) in
            try Request.Response(from: &reader, version: version)
        }
    }

    /// Decodes a response frame's header and lets `readBody` read the body from the reader that follows it; every
    /// byte must be consumed. For a client that reads a large answer straight into its own shape instead of the
    /// message struct (the body reader must follow the message's schema at `version`, as the generated one does).
    public static func decodeResponse<Body>(
        _ frame: [UInt8], api: ApiKey, version: Int16, readingBodyWith readBody: (inout WireReader) throws(WireError) -> Body
    ) throws(WireError) -> (header: ResponseHeader, body: Body) {
        var reader = WireReader(frame)
        let header: ResponseHeader
        do {
            header = try ResponseHeader(from: &reader, headerVersion: api.responseHeaderVersion(for: version))
        } catch {
            throw error.inField("ResponseHeader").inMessage(apiKey: api.rawValue, version: version)
        }
        let body = try readBody(&reader)
        if !reader.isAtEnd {
            throw WireError(.trailingBytes(reader.remaining), offset: reader.offset, apiKey: api.rawValue, version: version)
        }
        return (header, body)
    }
}
