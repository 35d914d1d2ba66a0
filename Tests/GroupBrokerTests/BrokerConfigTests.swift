import Foundation
import GroupCore
import GroupSim
import KafkaWire
import Testing

@testable import GroupBroker

/// The listening and advertised addresses (issue 11, "Commands").
struct BrokerConfigTests {
    /// `[HOST:]PORT`: a bare port means 127.0.0.1; brackets hold an IPv6 host; a port is 0–65535 (TCP's range, 0 for
    /// "any free port" as bind(2) takes it); anything else is refused.
    @Test func listenAddressesParseAsTheIssueSays() {
        #expect(BrokerConfig.parseAddress("9092").map { "\($0.host) \($0.port)" } == "127.0.0.1 9092")
        #expect(BrokerConfig.parseAddress("0").map { "\($0.host) \($0.port)" } == "127.0.0.1 0")
        #expect(BrokerConfig.parseAddress("localhost:9092").map { "\($0.host) \($0.port)" } == "localhost 9092")
        #expect(BrokerConfig.parseAddress("0.0.0.0:0").map { "\($0.host) \($0.port)" } == "0.0.0.0 0")
        #expect(BrokerConfig.parseAddress("[::1]:9092").map { "\($0.host) \($0.port)" } == "::1 9092")
        for bad in ["", "bad", "localhost:99999", "host:", ":9092", "9092x", "[::1]", "-1", "host:-5"] {
            #expect(BrokerConfig.parseAddress(bad) == nil, "'\(bad)' was accepted")
        }
        #expect(BrokerConfig.isLoopback("127.0.0.1") && BrokerConfig.isLoopback("localhost") && BrokerConfig.isLoopback("::1"))
        #expect(!BrokerConfig.isLoopback("0.0.0.0") && !BrokerConfig.isLoopback("::"))
    }

    /// Kafka's advertised.listeners: what Metadata's brokers and FindCoordinator name, instead of the bound address
    /// (MetadataResponse.json Brokers Host/Port; FindCoordinatorResponse.json Coordinators Host/Port).
    @Test func advertisedListenerIsWhatClientsAreTold() throws {
        let fixture = try BrokerFixture(config: BrokerConfig(advertisedHost: "kafka.example", advertisedPort: 19_092))
        let client = try RecordsOverTheWireTests.Client(port: fixture.port)
        let metadata = try client.call(MetadataRequest(topics: nil), version: 12)
        #expect(metadata.brokers.map { "\($0.nodeId) \($0.host):\($0.port)" } == ["0 kafka.example:19092"])
        let coordinator = try client.call(FindCoordinatorRequest(keyType: 0, coordinatorKeys: ["g"]), version: 4)
        #expect(coordinator.coordinators.map { "\($0.nodeId) \($0.host):\($0.port)" } == ["0 kafka.example:19092"])
        let listening = try #require(fixture.events.first { $0.type == "broker.listening" })
        #expect(listening.message == "listening on 127.0.0.1:\(fixture.port)")
    }
}
