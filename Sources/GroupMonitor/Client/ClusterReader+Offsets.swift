import KafkaWire

import enum GroupCore.ConsumerProtocol
import typealias GroupCore.Millis
import struct GroupCore.TopicPartition

/// Log-start and log-end offsets: ListOffsets with timestamp −2 (earliest) and −1 (latest, the high watermark at
/// READ_UNCOMMITTED) to each partition's leader — two requests per leader, since Kafka rejects a partition twice in
/// one request. A partition whose leader moved (NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION, …) is asked again
/// once, after fresh metadata, as the Java admin client's ListOffsets handler does.
extension ClusterReader {
    static let latestTimestamp: Int64 = -1
    static let earliestTimestamp: Int64 = -2

    func readLogOffsets(into observation: inout ClusterObservation, metadata: inout MetadataResponse) async {
        var pending = Set(
            observation.topics.flatMap { t in
                t.partitions.compactMap { $0.leader == nil ? nil : TopicPartition(t.name, $0.partition) }
            })
        var leaders = Self.leaders(observation)
        var results: [TopicPartition: (start: Int64?, end: Int64?, problem: String?)] = [:]
        for attempt in 0..<2 where !pending.isEmpty {
            var moved = Set<TopicPartition>()
            let byLeader = Dictionary(grouping: pending.sorted(), by: { leaders[$0] ?? -1 })
            for (leader, partitions) in byLeader.sorted(by: { $0.key < $1.key }) {
                guard let address = brokers[leader] else {
                    for tp in partitions { results[tp] = (nil, nil, "leader \(leader) is not in the metadata") }
                    continue
                }
                do {
                    let ends = try await listOffsets(partitions, timestamp: Self.latestTimestamp, at: address)
                    let starts = try await listOffsets(partitions, timestamp: Self.earliestTimestamp, at: address)
                    for tp in partitions {
                        let end = ends[tp]
                        let start = starts[tp]
                        let errors = [end?.error, start?.error].compactMap { $0 }.filter { $0 != 0 }
                        if let error = errors.first, KafkaErrorNames.leaderMoved.contains(error), attempt == 0 {
                            moved.insert(tp)
                            continue
                        }
                        var problem: String?
                        if let error = errors.first {
                            problem = "ListOffsets: \(KafkaErrorNames.name(error))"
                        } else if end == nil || start == nil {
                            problem = "ListOffsets: the leader did not answer for this partition"
                        }
                        results[tp] = (start?.offset, end?.offset, problem)
                    }
                } catch {
                    if error.isTransport { markUnreachable(address, error.description, in: &observation) }
                    for tp in partitions { results[tp] = (nil, nil, "leader \(address): \(error)") }
                }
            }
            pending = moved
            if !moved.isEmpty {
                // Fresh metadata says where those partitions lead now.
                guard let fresh = try? await readMetadataAgain() else {
                    for tp in moved { results[tp] = (nil, nil, "leader moved and metadata could not be refreshed") }
                    break
                }
                metadata = fresh
                leaders = Self.leaders(fresh)
                observation.warnings.append("ListOffsets: \(moved.count) partition(s) had moved; metadata refreshed")
            }
        }
        for tp in pending where results[tp] == nil { results[tp] = (nil, nil, "leader moved twice during the refresh") }
        for t in observation.topics.indices {
            let name = observation.topics[t].name
            for p in observation.topics[t].partitions.indices {
                let tp = TopicPartition(name, observation.topics[t].partitions[p].partition)
                guard let result = results[tp] else { continue }
                observation.topics[t].partitions[p].logStartOffset = result.start
                observation.topics[t].partitions[p].logEndOffset = result.end
                if let problem = result.problem { observation.topics[t].partitions[p].problem = problem }
                if let leader = leaders[tp] { observation.topics[t].partitions[p].leader = leader }
            }
        }
    }

    private func readMetadataAgain() async throws -> MetadataResponse {
        for address in brokers.values.sorted() + bootstrap {
            if let metadata = try? await fetchMetadata(from: address) { return metadata }
        }
        throw CallError.unsupported("no broker answered Metadata")
    }

    static func leaders(_ observation: ClusterObservation) -> [TopicPartition: Int32] {
        var result: [TopicPartition: Int32] = [:]
        for topic in observation.topics {
            for p in topic.partitions { if let leader = p.leader { result[TopicPartition(topic.name, p.partition)] = leader } }
        }
        return result
    }

    static func leaders(_ metadata: MetadataResponse) -> [TopicPartition: Int32] {
        var result: [TopicPartition: Int32] = [:]
        for topic in metadata.topics {
            guard let name = topic.name else { continue }
            for p in topic.partitions where p.leaderId >= 0 { result[TopicPartition(name, p.partitionIndex)] = p.leaderId }
        }
        return result
    }

    /// One ListOffsets request for `partitions` at `timestamp`; offsets by partition with their error codes.
    private func listOffsets(_ partitions: [TopicPartition], timestamp: Int64, at address: BrokerAddress)
        async throws(CallError) -> [TopicPartition: (offset: Int64?, error: Int16)]
    {
        let topics = Dictionary(grouping: partitions, by: \.topic).sorted { $0.key < $1.key }.map { topic, tps in
            ListOffsetsRequest.ListOffsetsTopic(
                name: topic,
                partitions: tps.map {
                    ListOffsetsRequest.ListOffsetsPartition(partitionIndex: $0.partition, timestamp: timestamp)
                })
        }
        let request = ListOffsetsRequest(replicaId: -1, isolationLevel: 0, topics: topics)
        let (response, _) = try await call(request, to: address)
        var result: [TopicPartition: (offset: Int64?, error: Int16)] = [:]
        for topic in response.topics {
            for p in topic.partitions {
                result[TopicPartition(topic.name, p.partitionIndex)] = (
                    p.errorCode == 0 && p.offset >= 0 ? p.offset : nil, p.errorCode
                )
            }
        }
        return result
    }
}
