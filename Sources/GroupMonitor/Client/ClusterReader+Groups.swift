import KafkaWire

import enum GroupCore.ConsumerProtocol
import typealias GroupCore.Millis
import struct GroupCore.TopicPartition

/// Consumer groups: ListGroups on every broker (each lists the groups it coordinates), FindCoordinator (one batched
/// v4 request, else one per group), then per coordinator DescribeGroups for classic groups (batched) or
/// ConsumerGroupDescribe for KIP-848 groups where the broker offers it, and OffsetFetch (all groups in one request
/// from v8, else one per group). NOT_COORDINATOR / COORDINATOR_NOT_AVAILABLE: look the coordinator up again and ask
/// once more, as the Java admin client's coordinator strategy does.
extension ClusterReader {
    /// A group as ListGroups reported it.
    struct ListedGroup {
        var id: String
        var protocolType: String
        /// `consumer` (KIP-848) or `classic`; empty before ListGroups v5.
        var groupType: String
    }

    func readGroups(into observation: inout ClusterObservation, metadata: MetadataAnswer) async {
        let listed = await listGroups(into: &observation)
        var described: [String: ObservedGroup] = [:]
        var todo = listed
        for attempt in 0..<2 where !todo.isEmpty {
            await findCoordinators(for: todo.map(\.id), refresh: attempt > 0, into: &observation, described: &described)
            var retry: [ListedGroup] = []
            let byCoordinator = Dictionary(
                grouping: todo.filter { coordinators[$0.id] != nil }, by: { coordinators[$0.id] ?? -1 })
            for (node, groups) in byCoordinator.sorted(by: { $0.key < $1.key }) {
                guard let address = brokers[node] else {
                    for g in groups { described[g.id] = Self.unknown(g, "coordinator \(node) is not in the metadata") }
                    continue
                }
                let moved = await describe(
                    groups, node: node, at: address, attempt: attempt, into: &observation, described: &described)
                retry += moved
            }
            for g in retry { coordinators[g.id] = nil }
            todo = retry
        }
        let selectedTopics = Set(observation.topics.map(\.name))
        observation.groups = described.values
            .map { group in
                var group = group
                // --topic narrows what is shown: committed offsets and assignments on other topics are left out.
                if !selection.topicPatterns.isEmpty {
                    group.committedTopics = group.committedTopics.filter { selectedTopics.contains($0.topic) }
                    for m in group.members.indices {
                        group.members[m].assignment = group.members[m].assignment?.filter { selectedTopics.contains($0.topic) }
                    }
                }
                return group
            }
            .sorted { $0.id < $1.id }
    }

    static func unknown(_ g: ListedGroup, _ problem: String) -> ObservedGroup {
        ObservedGroup(id: g.id, state: "Unknown", protocolType: g.protocolType, problem: problem)
    }

    /// The groups to read: those named, or every consumer group ListGroups returns on any broker.
    private func listGroups(into observation: inout ClusterObservation) async -> [ListedGroup] {
        if let ids = selection.groupIds {
            return ids.map { ListedGroup(id: $0, protocolType: "consumer", groupType: "") }
        }
        var found: [String: ListedGroup] = [:]
        for address in Set(brokers.values).sorted() {
            do {
                let (response, _) = try await call(ListGroupsRequest(), to: address)
                if response.errorCode != 0 {
                    observation.warnings.append("ListGroups on \(address): \(KafkaErrorNames.name(response.errorCode))")
                }
                for g in response.groups where selection.includesGroup(g.groupId) {
                    // Consumer groups only: `consumer`, or empty for groups that only ever committed offsets.
                    guard g.protocolType == "consumer" || g.protocolType.isEmpty else { continue }
                    found[g.groupId] = ListedGroup(id: g.groupId, protocolType: g.protocolType, groupType: g.groupType)
                }
            } catch {
                if error.isTransport { markUnreachable(address, error.description, in: &observation) }
                observation.warnings.append("ListGroups on \(address): \(error); its groups may be missing")
            }
        }
        return found.values.sorted { $0.id < $1.id }
    }

    /// Finds the coordinator of each group without a known one (all of them when `refresh`).
    private func findCoordinators(
        for ids: [String], refresh: Bool, into observation: inout ClusterObservation, described: inout [String: ObservedGroup]
    ) async {
        let missing = ids.filter { refresh || coordinators[$0] == nil }
        guard !missing.isEmpty else { return }
        guard let address = await anyReachableBroker(into: &observation) else {
            for id in missing {
                described[id] = ObservedGroup(id: id, state: "Unknown", problem: "no broker to find its coordinator")
            }
            return
        }
        let table = versions[address]
        if let version = table?.version(.findCoordinator), version >= 4 {
            do {
                let request = FindCoordinatorRequest(keyType: 0, coordinatorKeys: missing)
                let response = try await send(request, version: version, to: address)
                for c in response.coordinators { record(c.key, c.errorCode, c.nodeId, c.host, c.port, &described) }
            } catch {
                for id in missing {
                    described[id] = ObservedGroup(id: id, state: "Unknown", problem: "FindCoordinator: \(error)")
                }
            }
            return
        }
        for id in missing {
            do {
                let (response, _) = try await call(FindCoordinatorRequest(key: id, keyType: 0), to: address)
                record(id, response.errorCode, response.nodeId, response.host, response.port, &described)
            } catch {
                described[id] = ObservedGroup(id: id, state: "Unknown", problem: "FindCoordinator: \(error)")
            }
        }
    }

    private func record(
        _ id: String, _ errorCode: Int16, _ nodeId: Int32, _ host: String, _ port: Int32,
        _ described: inout [String: ObservedGroup]
    ) {
        guard errorCode == 0 else {
            described[id] = ObservedGroup(
                id: id, state: "Unknown", problem: "FindCoordinator: \(KafkaErrorNames.name(errorCode))")
            coordinators[id] = nil
            return
        }
        coordinators[id] = nodeId
        if brokers[nodeId] == nil { brokers[nodeId] = BrokerAddress(host: host, port: Int(port)) }
    }

    private func anyReachableBroker(into observation: inout ClusterObservation) async -> BrokerAddress? {
        let down = Set(observation.unreachableBrokers.map(\.address))
        for address in Set(brokers.values).sorted() + bootstrap where !down.contains(address.description) {
            if (try? await apiVersions(of: address)) != nil { return address }
        }
        return nil
    }

    /// Describes `groups` and fetches their offsets at their coordinator; returns the groups whose coordinator moved.
    private func describe(
        _ groups: [ListedGroup], node: Int32, at address: BrokerAddress, attempt: Int, into observation: inout ClusterObservation,
        described: inout [String: ObservedGroup]
    ) async -> [ListedGroup] {
        var moved: [ListedGroup] = []
        var results: [String: ObservedGroup] = [:]
        var describeErrors: [String: Int16] = [:]
        do {
            let table = try await apiVersions(of: address)
            let newProtocol = groups.filter { $0.groupType == "consumer" && table.version(.consumerGroupDescribe) != nil }
            var classic = groups.filter { g in !newProtocol.contains { $0.id == g.id } }
            if !newProtocol.isEmpty {
                let (response, _) = try await call(ConsumerGroupDescribeRequest(groupIds: newProtocol.map(\.id)), to: address)
                for g in response.groups {
                    if g.errorCode == KafkaErrorCode.groupIdNotFound || g.errorCode == KafkaErrorCode.unsupportedVersion {
                        // Kafka's tool falls back to DescribeGroups for these (a classic group, or an older broker).
                        if let listed = newProtocol.first(where: { $0.id == g.groupId }) { classic.append(listed) }
                        continue
                    }
                    results[g.groupId] = GroupDecoding.observed(g, coordinator: node)
                    describeErrors[g.groupId] = g.errorCode
                }
            }
            if !classic.isEmpty {
                let (response, _) = try await call(DescribeGroupsRequest(groups: classic.map(\.id)), to: address)
                for g in response.groups {
                    results[g.groupId] = GroupDecoding.observed(g, coordinator: node, decoded: &memberDecoding)
                    describeErrors[g.groupId] = g.errorCode
                }
            }
            let offsets = try await fetchOffsets(groups.map(\.id), at: address)
            for g in groups {
                var group = results[g.id] ?? Self.unknown(g, "the coordinator did not describe it")
                if group.protocolType.isEmpty { group.protocolType = g.protocolType }
                var codes = [describeErrors[g.id] ?? 0]
                switch offsets[g.id] {
                case .success(let committed)?: group.committedTopics = committed
                case .failure(let error)?:
                    codes.append(error.code)
                    group.problem = [group.problem, "OffsetFetch: \(KafkaErrorNames.name(error.code))"].compactMap { $0 }
                        .joined(separator: "; ")
                case nil: group.problem = group.problem ?? "OffsetFetch: no answer for this group"
                }
                if attempt == 0, codes.contains(where: KafkaErrorNames.coordinatorMoved.contains) {
                    moved.append(g)
                    continue
                }
                described[g.id] = group
            }
        } catch {
            if error.isTransport { markUnreachable(address, error.description, in: &observation) }
            for g in groups {
                var group = Self.unknown(g, "coordinator \(address): \(error)")
                group.coordinator = node
                described[g.id] = group
            }
            if error.isTransport, attempt == 0 {
                // A coordinator that went away may have handed its groups over: look them up again.
                return groups
            }
        }
        return moved
    }

    /// Committed offsets of `ids`: one request from v8, else one per group (topics null = all, from v2).
    private func fetchOffsets(_ ids: [String], at address: BrokerAddress) async throws(CallError)
        -> [String: Result<[CommittedTopic], OffsetFetchError>]
    {
        let table = try await apiVersions(of: address)
        guard let version = table.version(.offsetFetch) else { throw .unsupported("\(address) offers no OffsetFetch version") }
        var result: [String: Result<[CommittedTopic], OffsetFetchError>] = [:]
        if version >= 8 {
            try await fetchOffsetsBatched(ids, version: version, at: address, into: &result)
            // A broker that answers only part of a batch (GroupScope's own broker serves the first group): ask for the
            // rest one group at a time rather than report them without offsets.
            for id in ids where result[id] == nil {
                try await fetchOffsetsBatched([id], version: version, at: address, into: &result)
            }
            return result
        }
        for id in ids {
            // v1 cannot ask for all topics: name every topic the metadata knows.
            let topics: [OffsetFetchRequest.OffsetFetchRequestTopic]? =
                version >= 2
                ? nil
                : knownPartitions.sorted(by: { $0.key < $1.key }).map {
                    OffsetFetchRequest.OffsetFetchRequestTopic(name: $0.key, partitionIndexes: $0.value)
                }
            let answer = try await send(OffsetFetchRequest(groupId: id, topics: topics), version: version, to: address) {
                reader throws(WireError) in try OffsetFetchReading.read(&reader, version: version)
            }
            // Before v8 the answer is the one group's (the reader always makes one); an error code is the group's (v2+).
            guard let group = answer.first else {
                result[id] = .success([])
                continue
            }
            result[id] = group.errorCode != 0 ? .failure(OffsetFetchError(code: group.errorCode)) : .success(group.topics)
        }
        return result
    }

    private func fetchOffsetsBatched(
        _ ids: [String], version: Int16, at address: BrokerAddress,
        into result: inout [String: Result<[CommittedTopic], OffsetFetchError>]
    ) async throws(CallError) {
        let request = KafkaWire.OffsetFetchRequest(
            groups: ids.map { KafkaWire.OffsetFetchRequest.OffsetFetchRequestGroup(groupId: $0, topics: nil) })
        let answer = try await send(request, version: version, to: address) { reader throws(WireError) in
            try OffsetFetchReading.read(&reader, version: version)
        }
        let asked = Set(ids)
        for g in answer where asked.contains(g.groupId) {
            result[g.groupId] = g.errorCode != 0 ? .failure(OffsetFetchError(code: g.errorCode)) : .success(g.topics)
        }
    }

    struct OffsetFetchError: Error {
        var code: Int16
    }
}
