import GroupCore
import KafkaWire
import Testing

@testable import GroupMonitor

/// The reader against scripted brokers. The brokers behave as Kafka's do: a partition's offsets are answered only by
/// its leader (others say NOT_LEADER_OR_FOLLOWER, `ReplicaManager.fetchOffsetForTimestamp`), a group only by its
/// coordinator (others say NOT_COORDINATOR), ListGroups by each broker for the groups it coordinates.
@Suite struct ClusterReaderTests {
    static let nodes = (1...3).map { BrokerAddress(host: "127.0.0.1", port: 9_000 + $0) }

    /// Topic `orders`, six partitions led by nodes 1, 2, 3, 1, 2, 3; partition p has log start 10p and log end 100p + 7.
    static func metadata(leaders: [Int32] = [1, 2, 3, 1, 2, 3]) -> KafkaWire.MetadataResponse {
        KafkaWire.MetadataResponse(
            brokers: nodes.enumerated().map {
                .init(nodeId: Int32($0.offset + 1), host: $0.element.host, port: Int32($0.element.port))
            },
            clusterId: "scripted", controllerId: 1,
            topics: [
                .init(
                    name: "orders",
                    partitions: leaders.enumerated().map { .init(partitionIndex: Int32($0.offset), leaderId: $0.element) })
            ])
    }

    func cluster(leaders: [Int32] = [1, 2, 3, 1, 2, 3]) -> ScriptedTransport {
        let transport = ScriptedTransport()
        for node in Self.nodes {
            transport.on(node, .apiVersions, ScriptedTransport.everyVersion)
            transport.on(node, .metadata, ScriptedTransport.encoded(Self.metadata(leaders: leaders)))
            transport.on(node, .listGroups, ScriptedTransport.encoded(KafkaWire.ListGroupsResponse()))
        }
        return transport
    }

    @Test func listOffsetsGoToEachPartitionsLeaderAcrossThreeBrokers() async throws {
        let transport = cluster()
        let leaders: [Int32] = [1, 2, 3, 1, 2, 3]
        for (i, node) in Self.nodes.enumerated() {
            transport.onListOffsets(node, nodeId: Int32(i + 1), leaders: leaders)
        }
        let reader = ClusterReader(transport: transport, bootstrap: [Self.nodes[1]])
        let observation = try await reader.refresh(at: 0)
        let orders = try #require(observation.topic(named: "orders"))
        #expect(orders.partitions.map(\.leader) == [1, 2, 3, 1, 2, 3])
        #expect(orders.partitions.map(\.logEndOffset) == [7, 107, 207, 307, 407, 507])
        #expect(orders.partitions.map(\.logStartOffset) == [0, 10, 20, 30, 40, 50])
        #expect(orders.partitions.allSatisfy { $0.problem == nil })
        // Two ListOffsets per leader (latest, earliest), each naming only that leader's partitions.
        for (i, node) in Self.nodes.enumerated() {
            let requests = transport.sent.filter { $0.broker == node && $0.api == .listOffsets }
            #expect(requests.count == 2)
            for sent in requests {
                guard case .listOffsets(let body) = sent.request.body else { continue }
                let asked = body.topics.flatMap { $0.partitions.map(\.partitionIndex) }
                #expect(asked.allSatisfy { leaders[Int($0)] == Int32(i + 1) })
                #expect(body.replicaId == -1)
            }
        }
        #expect(observation.brokers.map(\.nodeId) == [1, 2, 3])
        #expect(!transport.sent.contains { [.joinGroup, .offsetCommit, .createTopics, .syncGroup].contains($0.api) })
    }

    /// The reader keeps each ListOffsets body it encoded and sends it again while the partitions asked for are the
    /// same; partitions added to a topic between refreshes must be asked for at once.
    @Test func listOffsetsFollowPartitionsAddedBetweenRefreshes() async throws {
        let six: [Int32] = [1, 2, 3, 1, 2, 3]
        let eight: [Int32] = six + [1, 2]
        let transport = ScriptedTransport()
        for (i, node) in Self.nodes.enumerated() {
            transport.on(node, .apiVersions, ScriptedTransport.everyVersion)
            transport.on(node, .metadata, ScriptedTransport.encoded(Self.metadata(leaders: six)))
            transport.on(node, .metadata, ScriptedTransport.encoded(Self.metadata(leaders: eight)))
            transport.on(node, .listGroups, ScriptedTransport.encoded(KafkaWire.ListGroupsResponse()))
            transport.onListOffsets(node, nodeId: Int32(i + 1), leaders: eight)
        }
        let reader = ClusterReader(transport: transport, bootstrap: [Self.nodes[0]])
        func askedOfNode1() -> [[Int32]] {
            transport.sent.filter { $0.broker == Self.nodes[0] && $0.api == .listOffsets }.suffix(2).map { sent in
                guard case .listOffsets(let body) = sent.request.body else { return [] }
                return body.topics.flatMap { $0.partitions.map(\.partitionIndex) }
            }
        }
        _ = try await reader.refresh(at: 0)
        #expect(askedOfNode1() == [[0, 3], [0, 3]])
        let second = try await reader.refresh(at: 1_000)
        #expect(askedOfNode1() == [[0, 3, 6], [0, 3, 6]])
        let orders = try #require(second.topic(named: "orders"))
        #expect(orders.partitions.map(\.logEndOffset) == [7, 107, 207, 307, 407, 507, 607, 707])
        #expect(orders.partitions.map(\.logStartOffset) == [0, 10, 20, 30, 40, 50, 60, 70])
        let third = try await reader.refresh(at: 2_000)
        #expect(askedOfNode1() == [[0, 3, 6], [0, 3, 6]])
        #expect(third.topics == second.topics)
    }

    @Test func aMovedLeaderRefreshesMetadataAndAsksTheNewOne() async throws {
        // The first Metadata says node 1 leads partition 1; node 1 disagrees; the second Metadata says node 2.
        let transport = ScriptedTransport()
        let stale: [Int32] = [1, 1, 3, 1, 2, 3]
        let fresh: [Int32] = [1, 2, 3, 1, 2, 3]
        for (i, node) in Self.nodes.enumerated() {
            transport.on(node, .apiVersions, ScriptedTransport.everyVersion)
            transport.on(node, .metadata, ScriptedTransport.encoded(Self.metadata(leaders: stale)))
            transport.on(node, .metadata, ScriptedTransport.encoded(Self.metadata(leaders: fresh)))
            transport.on(node, .listGroups, ScriptedTransport.encoded(KafkaWire.ListGroupsResponse()))
            transport.onListOffsets(node, nodeId: Int32(i + 1), leaders: fresh)
        }
        let reader = ClusterReader(transport: transport, bootstrap: [Self.nodes[0]])
        let observation = try await reader.refresh(at: 0)
        let orders = try #require(observation.topic(named: "orders"))
        #expect(orders.partitions[1].logEndOffset == 107)
        #expect(orders.partitions[1].leader == 2)
        #expect(transport.sent.filter { $0.api == .metadata }.count == 2)
    }

    @Test func notCoordinatorLooksTheCoordinatorUpAgainAndAsksTheNewOne() async throws {
        let transport = cluster()
        for (i, node) in Self.nodes.enumerated() {
            transport.onListOffsets(node, nodeId: Int32(i + 1), leaders: [1, 2, 3, 1, 2, 3])
        }
        // FindCoordinator (v4, batched) first names node 1, then node 3.
        for node in Self.nodes {
            for coordinator: Int32 in [1, 3] {
                transport.on(
                    node, .findCoordinator,
                    ScriptedTransport.encoded(
                        KafkaWire.FindCoordinatorResponse(coordinators: [
                            .init(key: "billing", nodeId: coordinator, host: "127.0.0.1", port: 9_000 + coordinator)
                        ])))
            }
        }
        // Node 1 is no longer the coordinator; node 3 is and describes the group.
        transport.on(
            Self.nodes[0], .describeGroups,
            ScriptedTransport.encoded(KafkaWire.DescribeGroupsResponse(groups: [.init(errorCode: 16, groupId: "billing")])))
        transport.on(
            Self.nodes[0], .offsetFetch,
            ScriptedTransport.encoded(KafkaWire.OffsetFetchResponse(groups: [.init(groupId: "billing", errorCode: 16)])))
        let assignment = ConsumerProtocol.encodeAssignment([TopicPartition("orders", 0), TopicPartition("orders", 3)])
        transport.on(
            Self.nodes[2], .describeGroups,
            ScriptedTransport.encoded(
                KafkaWire.DescribeGroupsResponse(groups: [
                    .init(
                        groupId: "billing", groupState: "Stable", protocolType: "consumer", protocolData: "range",
                        members: [
                            .init(
                                memberId: "consumer-billing-1-x", clientId: "consumer-billing-1", clientHost: "/10.0.0.1",
                                memberMetadata: ConsumerProtocol.encode(.init(topics: ["orders"])), memberAssignment: assignment)
                        ])
                ])))
        transport.on(
            Self.nodes[2], .offsetFetch,
            ScriptedTransport.encoded(
                KafkaWire.OffsetFetchResponse(groups: [
                    .init(
                        groupId: "billing",
                        topics: [
                            .init(
                                name: "orders",
                                partitions: [
                                    .init(partitionIndex: 0, committedOffset: 5), .init(partitionIndex: 3, committedOffset: 300),
                                ])
                        ])
                ])))
        let reader = ClusterReader(
            transport: transport, bootstrap: [Self.nodes[0]], selection: ReadSelection(groupIds: ["billing"]))
        let observation = try await reader.refresh(at: 0)
        let group = try #require(observation.groups.first)
        #expect(group.coordinator == 3)
        #expect(group.state == "Stable")
        #expect(group.assignor == "range")
        #expect(group.members.map(\.memberId) == ["consumer-billing-1-x"])
        #expect(group.members.first?.assignment == [TopicPartition("orders", 0), TopicPartition("orders", 3)])
        #expect(group.committed == [TopicPartition("orders", 0): 5, TopicPartition("orders", 3): 300])
        #expect(group.problem == nil)
        #expect(transport.sent.filter { $0.api == .findCoordinator }.count == 2)
        let describedAt = transport.sent.filter { $0.api == .describeGroups }.map(\.broker)
        #expect(describedAt == [Self.nodes[0], Self.nodes[2]])
    }

    @Test func anUnreachableClusterFailsWithOneLineNamingTheBroker() async {
        let transport = ScriptedTransport()
        transport.unreachable = [Self.nodes[0]]
        let reader = ClusterReader(transport: transport, bootstrap: [Self.nodes[0]])
        do {
            _ = try await reader.refresh(at: 0)
            Issue.record("expected a failure")
        } catch {
            #expect(error.description == "127.0.0.1:9001: connection refused")
            #expect(!error.needsUnsupportedSecurity)
        }
    }

    @Test func aListenerThatHangsUpOnApiVersionsIsReportedAsNeedingTLSOrSASL() async {
        let transport = ScriptedTransport()
        transport.closing = [Self.nodes[0]]
        let reader = ClusterReader(transport: transport, bootstrap: [Self.nodes[0]])
        do {
            _ = try await reader.refresh(at: 0)
            Issue.record("expected a failure")
        } catch {
            #expect(error.needsUnsupportedSecurity)
            #expect(error.description.contains("TLS or SASL"))
        }
    }

    @Test func aTruncatedAnswerIsAnErrorForThatRefreshNotACrash() async {
        let transport = ScriptedTransport()
        transport.on(Self.nodes[0], .apiVersions, ScriptedTransport.everyVersion)
        transport.on(Self.nodes[0], .metadata) { request in
            Array(
                KafkaCodec.encodeResponse(
                    Self.metadata(), version: request.header.apiVersion, correlationId: request.header.correlationId
                ).dropFirst(4).dropLast(9))
        }
        let reader = ClusterReader(transport: transport, bootstrap: [Self.nodes[0]])
        do {
            _ = try await reader.refresh(at: 0)
            Issue.record("expected a failure")
        } catch {
            #expect(error.description.hasPrefix("127.0.0.1:9001: malformed answer: truncated"))
            #expect(error.description.contains("(Metadata v12, field Topics."))
        }
    }
}
