import KafkaWire

import enum GroupCore.ConsumerProtocol
import enum GroupCore.CountedNoun
import typealias GroupCore.Millis
import struct GroupCore.TopicPartition

/// Log-start and log-end offsets: ListOffsets with timestamp −2 (earliest) and −1 (latest, the high watermark at
/// READ_UNCOMMITTED) to each partition's leader — two requests per leader, since Kafka rejects a partition twice in
/// one request. A partition whose leader moved (NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION, …) is asked again
/// once, after fresh metadata, as the Java admin client's ListOffsets handler does.
extension ClusterReader {
    static let latestTimestamp: Int64 = -1
    static let earliestTimestamp: Int64 = -2

    /// A partition by its place in the observation: the index of its topic in `observation.topics` and its own index
    /// in that topic's partitions. The ~10,000 partitions of a large cluster are tracked by place in arrays aligned
    /// with the observation, not in tables keyed by topic name.
    struct PartitionPlace: Comparable {
        var topic: Int
        var index: Int

        static func < (a: PartitionPlace, b: PartitionPlace) -> Bool { (a.topic, a.index) < (b.topic, b.index) }
    }

    /// What ListOffsets answered for one partition.
    struct OffsetAnswer {
        var offset: Int64?
        var error: Int16
    }

    func readLogOffsets(into observation: inout ClusterObservation, metadata: inout MetadataAnswer) async {
        let topics = observation.topics
        var pending: [PartitionPlace] = []
        for (t, topic) in topics.enumerated() {
            for (i, p) in topic.partitions.enumerated() where p.leader != nil {
                pending.append(PartitionPlace(topic: t, index: i))
            }
        }
        // The metadata's leaders, until a moved partition makes the reader ask for metadata again.
        var freshLeaders: [TopicPartition: Int32]?
        func leader(_ place: PartitionPlace) -> Int32? {
            let partition = topics[place.topic].partitions[place.index]
            guard let freshLeaders else { return partition.leader }
            return freshLeaders[TopicPartition(topics[place.topic].name, partition.partition)]
        }
        var results: [[(start: Int64?, end: Int64?, problem: String?)?]] = topics.map {
            Array(repeating: nil, count: $0.partitions.count)
        }
        for attempt in 0..<2 where !pending.isEmpty {
            var moved: [PartitionPlace] = []
            let byLeader = Dictionary(grouping: pending, by: { leader($0) ?? -1 })
            for (leaderId, places) in byLeader.sorted(by: { $0.key < $1.key }) {
                guard let address = brokers[leaderId] else {
                    for place in places {
                        results[place.topic][place.index] = (nil, nil, "leader \(leaderId) is not in the metadata")
                    }
                    continue
                }
                do {
                    let ends = try await listOffsets(places, of: topics, timestamp: Self.latestTimestamp, at: address)
                    let starts = try await listOffsets(places, of: topics, timestamp: Self.earliestTimestamp, at: address)
                    for place in places {
                        let end = ends[place.topic][place.index]
                        let start = starts[place.topic][place.index]
                        // The first error of the two answers (no arrays built: this runs for every partition).
                        var firstError: Int16?
                        if let error = end?.error, error != 0 {
                            firstError = error
                        } else if let error = start?.error, error != 0 {
                            firstError = error
                        }
                        if let error = firstError, KafkaErrorNames.leaderMoved.contains(error), attempt == 0 {
                            moved.append(place)
                            continue
                        }
                        var problem: String?
                        if let error = firstError {
                            problem = "ListOffsets: \(KafkaErrorNames.name(error))"
                        } else if end == nil || start == nil {
                            problem = "ListOffsets: the leader did not answer for this partition"
                        }
                        results[place.topic][place.index] = (start?.offset, end?.offset, problem)
                    }
                } catch {
                    if error.isTransport { markUnreachable(address, error.description, in: &observation) }
                    for place in places { results[place.topic][place.index] = (nil, nil, "leader \(address): \(error)") }
                }
            }
            pending = moved.sorted()
            if !moved.isEmpty {
                // Fresh metadata says where those partitions lead now.
                guard let fresh = try? await readMetadataAgain() else {
                    for place in moved {
                        results[place.topic][place.index] = (nil, nil, "leader moved and metadata could not be refreshed")
                    }
                    break
                }
                metadata = fresh
                freshLeaders = Self.leaders(fresh)
                observation.warnings.append(
                    "ListOffsets: " + CountedNoun.counted(moved.count, "partition") + " had moved; metadata refreshed")
            }
        }
        for place in pending where results[place.topic][place.index] == nil {
            results[place.topic][place.index] = (nil, nil, "leader moved twice during the refresh")
        }
        for (t, topic) in topics.enumerated() {
            for i in topic.partitions.indices {
                guard let result = results[t][i] else { continue }
                observation.topics[t].partitions[i].logStartOffset = result.start
                observation.topics[t].partitions[i].logEndOffset = result.end
                if let problem = result.problem { observation.topics[t].partitions[i].problem = problem }
                if let leader = leader(PartitionPlace(topic: t, index: i)) { observation.topics[t].partitions[i].leader = leader }
            }
        }
    }

    private func readMetadataAgain() async throws -> MetadataAnswer {
        for address in brokers.values.sorted() + bootstrap {
            if let metadata = try? await fetchMetadata(from: address) { return metadata }
        }
        throw CallError.unsupported("no broker answered Metadata")
    }

    static func leaders(_ metadata: MetadataAnswer) -> [TopicPartition: Int32] {
        var result: [TopicPartition: Int32] = [:]
        for topic in metadata.topics {
            guard let name = topic.name else { continue }
            for p in topic.partitions where p.leaderId >= 0 { result[TopicPartition(name, p.partitionIndex)] = p.leaderId }
        }
        return result
    }

    /// The encoded ListOffsets body asking `address` for `numbers` of the topics `names` at `timestamp`: the one sent
    /// last time when it asked for the same (a cluster whose partitions and leaders did not move is asked the same on
    /// every refresh, and encoding 10,000 partitions twice per refresh is not free), else newly encoded.
    private func listOffsetsBody(
        names: [String], numbers: [[Int32]], timestamp: Int64, version: Int16, at address: BrokerAddress
    ) -> [UInt8] {
        let key = ListOffsetsBodyKey(broker: address, timestamp: timestamp)
        if let last = listOffsetsBodies[key], last.version == version, last.names == names, last.numbers == numbers {
            return last.bytes
        }
        let request = ListOffsetsRequest(
            replicaId: -1, isolationLevel: 0,
            topics: zip(names, numbers).map { name, numbers in
                ListOffsetsRequest.ListOffsetsTopic(
                    name: name,
                    partitions: numbers.map { ListOffsetsRequest.ListOffsetsPartition(partitionIndex: $0, timestamp: timestamp) })
            })
        let bytes = KafkaCodec.encodeRequestBody(request, version: version)
        // Two per leader; a cluster that replaced its brokers many times starts over.
        if listOffsetsBodies.count >= 256 { listOffsetsBodies.removeAll() }
        listOffsetsBodies[key] = ListOffsetsBody(version: version, names: names, numbers: numbers, bytes: bytes)
        return bytes
    }

    /// One ListOffsets request for the partitions at `places` (sorted) at `timestamp`; the answers by place, nil for
    /// a partition the leader did not answer for.
    private func listOffsets(
        _ places: [PartitionPlace], of topics: [ObservedTopic], timestamp: Int64, at address: BrokerAddress
    ) async throws(CallError) -> [[OffsetAnswer?]] {
        let table = try await apiVersions(of: address)
        guard let version = table.version(.listOffsets) else {
            throw .unsupported("\(address) offers no version of \(ApiKey.listOffsets) this monitor speaks")
        }
        // What to ask, topic by topic: `places` is sorted, so one topic's places are consecutive.
        var names: [String] = []
        var numbers: [[Int32]] = []
        var first = places.startIndex
        while first < places.endIndex {
            let t = places[first].topic
            var next = first
            while next < places.endIndex && places[next].topic == t { next += 1 }
            let partitions = topics[t].partitions
            names.append(topics[t].name)
            numbers.append(places[first..<next].map { partitions[$0.index].partition })
            first = next
        }
        let body = listOffsetsBody(names: names, numbers: numbers, timestamp: timestamp, version: version, at: address)
        let clientId = clientId
        let response = try await exchange(
            .listOffsets, version: version, to: address,
            frame: {
                KafkaCodec.encodeRequest(
                    encodedBody: body, api: .listOffsets, version: version, correlationId: $0, clientId: clientId)
            },
            readingAnswerWith: { reader throws(WireError) in try ListOffsetsReading.read(&reader, version: version) })
        var answers: [[OffsetAnswer?]] = topics.map { Array(repeating: nil, count: $0.partitions.count) }
        let topicIndex = Dictionary(topics.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        for answered in response.topics {
            guard let t = topicIndex[answered.name] else { continue }
            let partitions = topics[t].partitions
            for p in answered.partitions {
                // Kafka numbers a topic's partitions 0..<n, so a partition is usually at its own index.
                let i = p.partitionIndex
                guard
                    let index = i >= 0 && Int(i) < partitions.count && partitions[Int(i)].partition == i
                        ? Int(i) : partitions.sortedIndex(of: i, by: \.partition)
                else { continue }
                answers[t][index] = OffsetAnswer(offset: p.errorCode == 0 && p.offset >= 0 ? p.offset : nil, error: p.errorCode)
            }
        }
        return answers
    }
}

struct ListOffsetsBodyKey: Hashable {
    var broker: BrokerAddress
    var timestamp: Int64
}

/// A ListOffsets body as encoded, with what it asks for.
struct ListOffsetsBody {
    var version: Int16
    var names: [String]
    var numbers: [[Int32]]
    var bytes: [UInt8]
}
