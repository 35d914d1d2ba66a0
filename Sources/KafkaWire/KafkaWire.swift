// KafkaWire: the Kafka wire protocol as a pure codec (no I/O, nothing of GroupScope's).
//
// Where to start:
// - Broker side: `FrameLimits.requests.nextFrame(in:)` finds a frame; `KafkaCodec.decodeRequest(_:)` gives a
//   `DecodedRequest` (header + `KafkaRequest` enum); answer with `KafkaCodec.encodeResponse(_:to:)`; if decoding
//   threw, `KafkaCodec.responseToUndecodableRequest(_:error:)` gives Kafka's ApiVersions fallback or nil (close).
// - Client side (monitor): `KafkaCodec.encodeRequest(_:version:correlationId:clientId:)`, then
//   `KafkaCodec.decodeResponse(_:to:version:)` or `decodeResponse(_:api:version:)`.
// - Versions: `ApiKey.supportedVersions`, `.advertisedVersions`, `.rejectedVersions`, `ApiKey.advertisedApiVersions`.
// - Messages: one struct per request and response (Messages/Generated, from Kafka's JSON specs by
//   tools/generate-kafka-messages.py), each with `init(from:version:)` and `encode(into:version:)`. The consumer
//   protocol's bytes inside them are GroupCore's (`ConsumerProtocol`); the spec-generated version of that codec lives
//   in KafkaWireTests as an oracle.
// - Bytes: `WireReader`, `WireWriter`; every failure is a `WireError` (kind, offset, field, API, version).
// - Record batches: Records/ (record batch v2, CRC-32C, compression).
