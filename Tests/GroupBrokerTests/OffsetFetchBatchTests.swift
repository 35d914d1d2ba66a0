import Foundation
import KafkaWire
import Testing

/// OffsetFetch v8+ batches groups (KIP-709): Kafka answers every requested group, in the request's order
/// (OffsetFetchResponse.json: `Groups` "The responses per group id"; GroupCoordinatorService.fetchOffsets /
/// fetchAllOffsets run once per group). Admin tools and GroupScope's monitor rely on it.
@Suite struct OffsetFetchBatchTests {
    @Test func everyRequestedGroupIsAnsweredInRequestOrder() throws {
        let fixture = try BrokerFixture()
        let socket = try RawSocket(port: fixture.port)
        let groups = ["zeta", "alpha", "mid"]
        let request = KafkaWire.OffsetFetchRequest(
            groups: groups.map { .init(groupId: $0, topics: nil) }, requireStable: false)
        socket.send(KafkaCodec.encodeRequest(request, version: 8, correlationId: 41, clientId: "batch-test"))
        let frame = try #require(socket.readFrame(timeout: 10))
        let (header, body) = try KafkaCodec.decodeResponse(
            Array(frame[4...]), to: KafkaWire.OffsetFetchRequest.self, version: 8)
        #expect(header.correlationId == 41)
        #expect(body.groups.map(\.groupId) == groups)
        // Groups nobody has used have no committed offsets and no error (Kafka: an empty answer, NONE).
        #expect(body.groups.allSatisfy { $0.errorCode == 0 && $0.topics.isEmpty })
    }
}
