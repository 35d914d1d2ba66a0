// Throughput of the message codec (not record batches: those are `groupscope-bench wire`). Compiled into one module
// with the KafkaWire message sources by tools/bench/run.sh.
import Foundation

@main
struct MessageCodecBench {
    static func main() throws {
        let fixtures = CommandLine.arguments[1]
        var frames: [[UInt8]] = []
        for client in try FileManager.default.contentsOfDirectory(atPath: fixtures).sorted() {
            let folder = fixtures + "/" + client
            for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where name.hasSuffix("-request.bin")
            {
                frames.append(Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)).dropFirst(4)))
            }
        }
        let recordedBytes = frames.reduce(0) { $0 + $1.count }

        // 1. Every recorded client request, decoded then re-encoded.
        var rounds = 0
        var checksum = 0
        let start = Date()
        while Date().timeIntervalSince(start) < 3 {
            for frame in frames {
                let request = try KafkaCodec.decodeRequest(frame)
                var writer = WireWriter(capacity: frame.count)
                request.body.encode(into: &writer, version: request.header.apiVersion)
                checksum &+= writer.count
            }
            rounds += 1
        }
        let seconds = Date().timeIntervalSince(start)
        let perSecond = Double(rounds * frames.count) / seconds
        print(
            String(
                format: "recorded requests: %d frames (%d B) x %d rounds: %.0f requests/s decode+encode, %.1f MB/s",
                frames.count, recordedBytes, rounds, perSecond, Double(rounds * recordedBytes) / seconds / 1e6))

        // 2. A Produce v9 request carrying one 110,000-byte batch (1,000 records x ~100 B), opaque here.
        let records = [UInt8](repeating: 0x61, count: 110_000)
        let produce = ProduceRequest(
            transactionalId: nil, acks: -1, timeoutMs: 30000,
            topicData: [.init(name: "bench", partitionData: [.init(index: 0, records: records)])])
        let frame = Array(KafkaCodec.encodeRequest(produce, version: 9, correlationId: 1, clientId: "bench").dropFirst(4))
        var produceCount = 0
        let produceStart = Date()
        while Date().timeIntervalSince(produceStart) < 3 {
            let request = try KafkaCodec.decodeRequest(frame)
            if case .produce(let body) = request.body { checksum &+= body.topicData.count }
            produceCount += 1
        }
        let produceSeconds = Date().timeIntervalSince(produceStart)
        print(
            String(
                format: "Produce v9, 110 kB batch kept opaque: %.0f requests/s decode, %.0f MB/s",
                Double(produceCount) / produceSeconds, Double(produceCount * frame.count) / produceSeconds / 1e6))

        // 3. The Fetch v12 response carrying the same batch, encoded.
        let fetch = FetchResponse(responses: [
            .init(topic: "bench", partitions: [.init(partitionIndex: 0, highWatermark: 1000, records: records)])
        ])
        var fetchCount = 0
        let fetchStart = Date()
        while Date().timeIntervalSince(fetchStart) < 3 {
            checksum &+= KafkaCodec.encodeResponse(fetch, version: 12, correlationId: 1).count
            fetchCount += 1
        }
        let fetchSeconds = Date().timeIntervalSince(fetchStart)
        print(
            String(
                format: "Fetch v12 response, 110 kB batch: %.0f responses/s encode, %.0f MB/s",
                Double(fetchCount) / fetchSeconds, Double(fetchCount * 110_000) / fetchSeconds / 1e6))
        print("checksum", checksum)
    }
}
