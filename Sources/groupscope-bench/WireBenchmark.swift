import ArgumentParser
import GroupCore
import KafkaWire

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `groupscope-bench wire`: the Kafka wire codec on the messages that carry data — Produce requests (a producer
/// encodes them, a broker decodes them) and Fetch responses (the broker encodes them from stored batches, a consumer
/// decodes them) — each with one batch of `records` × `value-size` bytes, uncompressed and lz4.
///
/// "decode+verify" is the whole frame: header, message, record batch split, CRC-32C check, decompression and every
/// record's fields. "verify only" is what a broker needs before storing a Produce batch: message, batch headers, CRC.
/// Throughput counts records and frame bytes (1 MB = 10^6 bytes), per second of this thread's CPU time — on a shared
/// machine the wall clock also counts other processes' turns — with the wall-clock rate alongside. The last line is
/// `decode_records_per_s=N` (CPU time) for the uncompressed Produce request.
struct WireBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wire",
        abstract: "Throughput of the Kafka wire codec: Produce requests and Fetch responses carrying record batches.")

    @Option(help: "Records per batch.") var records = 1000
    @Option(help: "Value bytes per record (keys are null, as kcat -P sends lines).") var valueSize = 100
    @Option(help: "Minimum seconds per measurement.") var seconds = 1.0
    @Option(help: "Produce request version (3–11).") var produceVersion: Int16 = 9
    @Option(help: "Fetch response version (4–12).") var fetchVersion: Int16 = 12

    func validate() throws {
        guard records > 0, valueSize >= 0, seconds > 0 else {
            throw ValidationError("--records must be positive, --value-size not negative, --seconds positive")
        }
        guard ProduceRequest.versions.contains(produceVersion), (3...11).contains(produceVersion) else {
            throw ValidationError("--produce-version must be within 3–11")
        }
        guard (4...12).contains(fetchVersion) else { throw ValidationError("--fetch-version must be within 4–12") }
    }

    func run() throws {
        print(
            "wire codec: \(records) records x \(valueSize) B values per batch, Produce v\(produceVersion), Fetch v\(fetchVersion)"
        )
        var decodeRate = 0.0
        for codec in [CompressionCodec.none, .lz4] {
            let batch = makeBatch(codec: codec)
            let batchBytes = try batch.encoded()
            let request = ProduceRequest(
                acks: -1, timeoutMs: 30_000,
                topicData: [.init(name: "bench", partitionData: [.init(index: 0, records: batchBytes)])])
            let produceFrame = KafkaCodec.encodeRequest(request, version: produceVersion, correlationId: 7, clientId: "bench")
            let produceBody = Array(produceFrame.dropFirst(4))
            let fetchFrame = fetchResponseFrame(batch: batchBytes)
            let fetchBody = Array(fetchFrame.dropFirst(4))
            print(
                "\(codec): batch \(batchBytes.count) B, Produce frame \(produceFrame.count) B, Fetch frame \(fetchFrame.count) B")

            let produceDecode = try measure(frameBytes: produceFrame.count) { try decodeProduce(produceBody, verifyOnly: false) }
            report("produce request decode+verify", codec, produceDecode)
            if codec == .none { decodeRate = produceDecode.recordsPerSecond }
            report(
                "produce request verify only", codec,
                try measure(frameBytes: produceFrame.count) {
                    try decodeProduce(produceBody, verifyOnly: true)
                })
            report(
                "produce request encode", codec,
                try measure(frameBytes: produceFrame.count) {
                    let bytes = try batch.encoded()
                    var encoded = request
                    encoded.topicData[0].partitionData[0].records = bytes
                    let frame = KafkaCodec.encodeRequest(encoded, version: produceVersion, correlationId: 7, clientId: "bench")
                    return frame.count > 0 ? batch.records.count : 0
                })
            report(
                "fetch response decode+verify", codec, try measure(frameBytes: fetchFrame.count) { try decodeFetch(fetchBody) })
            report(
                "fetch response encode", codec,
                try measure(frameBytes: fetchFrame.count) {
                    fetchResponseFrame(batch: batchBytes).count > 0 ? batch.records.count : 0
                })
        }
        print("decode_records_per_s=\(Int(decodeRate))")
    }

    /// Values are text with the record number in it: compressible the way log lines are, not all alike.
    func makeBatch(codec: CompressionCodec) -> RecordBatch {
        let filler = Array("GroupScope wire benchmark record, the quick brown fox jumps over the lazy dog; ".utf8)
        let list = (0..<records).map { index -> Record in
            var value = Array("\(index): ".utf8)
            while value.count < valueSize { value.append(filler[value.count % filler.count]) }
            return Record(
                offsetDelta: Int32(index), timestampDelta: Int64(index / 10), key: nil, value: Array(value.prefix(valueSize)))
        }
        return RecordBatch(
            attributes: RecordBatchAttributes(compression: codec), baseTimestamp: 1_700_000_000_000, records: list)
    }

    /// What a broker does for a fetch: wrap the stored batch bytes in a response; records are not re-encoded.
    func fetchResponseFrame(batch: [UInt8]) -> [UInt8] {
        let partition = FetchResponse.PartitionData(
            partitionIndex: 0, highWatermark: Int64(records), lastStableOffset: Int64(records), logStartOffset: 0,
            records: batch)
        let response = FetchResponse(responses: [.init(topic: "bench", partitions: [partition])])
        return KafkaCodec.encodeResponse(response, version: fetchVersion, correlationId: 7)
    }

    func decodeProduce(_ body: [UInt8], verifyOnly: Bool) throws(WireError) -> Int {
        guard case .produce(let request) = try KafkaCodec.decodeRequest(body).body else { return 0 }
        var count = 0
        for topic in request.topicData {
            for partition in topic.partitionData {
                guard let records = partition.records else { continue }
                if verifyOnly {
                    for view in try RecordSet(splitting: records).batches {
                        try view.verifyChecksum()
                        count += Int(view.header.recordCount)
                    }
                } else {
                    for batch in try RecordSet.decodeBatches(records) { count += batch.records.count }
                }
            }
        }
        return count
    }

    func decodeFetch(_ body: [UInt8]) throws(WireError) -> Int {
        let response = try KafkaCodec.decodeResponse(body, to: FetchRequest.self, version: fetchVersion).body
        var count = 0
        for topic in response.responses {
            for partition in topic.partitions {
                guard let records = partition.records else { continue }
                for batch in try RecordSet.decodeBatches(records) { count += batch.records.count }
            }
        }
        return count
    }

    struct Measurement {
        var recordsPerSecond: Double
        var megabytesPerSecond: Double
        var microsecondsPerFrame: Double
        var wallRecordsPerSecond: Double
    }

    /// Repeats `body` (which returns the records it handled) until `seconds` of CPU time have passed, after a short
    /// warm-up.
    func measure(frameBytes: Int, _ body: () throws -> Int) throws -> Measurement {
        let clock = ContinuousClock()
        for _ in 0..<20 { _ = try body() }
        var frames = 0
        var handled = 0
        let start = clock.now
        let cpuStart = Self.threadCPUSeconds()
        var cpuElapsed = 0.0
        while cpuElapsed < seconds {
            for _ in 0..<20 { handled += try body() }
            frames += 20
            cpuElapsed = Self.threadCPUSeconds() - cpuStart
        }
        let wall = clock.now - start
        let wallSeconds = wall.inMilliseconds / 1_000
        return Measurement(
            recordsPerSecond: Double(handled) / cpuElapsed,
            megabytesPerSecond: Double(frames * frameBytes) / cpuElapsed / 1e6,
            microsecondsPerFrame: cpuElapsed / Double(frames) * 1e6,
            wallRecordsPerSecond: Double(handled) / wallSeconds)
    }

    static func threadCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    func report(_ name: String, _ codec: CompressionCodec, _ measurement: Measurement) {
        let label = "\(name) [\(codec)]".padding(toLength: 42, withPad: " ", startingAt: 0)
        print(
            "\(label) \(Int(measurement.recordsPerSecond)) records/s  \(rounded(measurement.megabytesPerSecond)) MB/s  "
                + "\(rounded(measurement.microsecondsPerFrame)) us/frame  (wall clock: \(Int(measurement.wallRecordsPerSecond)) records/s)"
        )
    }

    func rounded(_ value: Double) -> String { String(Double(Int(value * 10)) / 10) }
}
