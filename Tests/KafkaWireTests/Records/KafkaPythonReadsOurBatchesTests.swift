import Foundation
import Testing

@testable import KafkaWire

/// The other direction of the fixture tests: batches we encode, read by another implementation — kafka-python's
/// `DefaultRecordBatch` (CRC check, codec, every record) in the project's venv. Skipped with a message when the
/// venv is missing, unless CI is set (then it fails).
@Suite(.enabled(if: KafkaPythonReader.available || KafkaPythonReader.required, "no .venv with kafka-python: run .ci/run"))
struct KafkaPythonReadsOurBatchesTests {
    @Test func kafkaPythonReadsEveryCodecWeWrite() throws {
        let source = try RecordBatch(decoding: try RecordFixtures.bytes("kafka-python/batch-none.bin"))
        let variants: [(String, CompressionCodec, CompressionOptions)] = [
            ("none", .none, CompressionOptions()), ("gzip", .gzip, CompressionOptions()),
            ("snappy-raw", .snappy, CompressionOptions(snappyFraming: .raw)),
            ("snappy-xerial", .snappy, CompressionOptions(snappyFraming: .xerial)),
            ("lz4", .lz4, CompressionOptions()), ("zstd", .zstd, CompressionOptions()),
        ]
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kafkawire-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for (name, codec, options) in variants {
            var batch = source
            batch.attributes.compression = codec
            batch.baseOffset = 500
            let url = folder.appendingPathComponent("\(name).bin")
            try Data(try batch.encoded(options: options)).write(to: url)
            paths.append(url.path)
        }
        let output = try KafkaPythonReader.read(paths)
        let expected = try RecordFixtures.expectedRecords()
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.count == variants.count)
        for (line, variant) in zip(lines, variants) {
            let batch = try JSONDecoder().decode(KafkaPythonReader.Batch.self, from: Data(line.utf8))
            #expect(batch.crcValid, "\(variant.0)")
            #expect(batch.compression == Int(variant.1.rawValue), "\(variant.0)")
            #expect(batch.records.count == expected.count, "\(variant.0)")
            for (record, want) in zip(batch.records, expected) {
                #expect(record.offset == 500 + want.offset, "\(variant.0)")
                #expect(record.timestamp == want.timestamp, "\(variant.0)")
                #expect(record.key == want.key, "\(variant.0)")
                #expect(record.value == want.value, "\(variant.0)")
                #expect(record.headers == want.headers, "\(variant.0)")
            }
        }
    }
}

/// Runs kafka-python's record reader on batch files and returns one JSON line per file.
enum KafkaPythonReader {
    static let python = RecordFixtures.folder.deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".venv/bin/python").path

    static var available: Bool { FileManager.default.isExecutableFile(atPath: python) }
    static var required: Bool { ProcessInfo.processInfo.environment["CI"] != nil }

    struct Batch: Decodable {
        var crcValid: Bool
        var compression: Int
        var records: [RecordFixtures.ExpectedRecord]
    }

    static let script = """
        import json, sys
        from kafka.record.default_records import DefaultRecordBatch
        for path in sys.argv[1:]:
            batch = DefaultRecordBatch(open(path, "rb").read())
            crc_valid = batch.validate_crc()  # before iterating, as kafka-python requires
            records = [dict(offset=r.offset, timestamp=r.timestamp,
                            key=None if r.key is None else r.key.hex(),
                            value=None if r.value is None else r.value.hex(),
                            headers=[[k, None if v is None else v.hex()] for k, v in r.headers]) for r in batch]
            print(json.dumps(dict(crcValid=crc_valid, compression=batch.compression_type, records=records)))
        """

    /// Starts the venv's Python, waits at most 30 s (then stops it by its PID) and returns its standard output.
    static func read(_ paths: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script] + paths
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            process.waitUntilExit()
            finished.signal()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        if finished.wait(timeout: .now() + 30) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            throw ReaderFailed(message: "kafka-python did not finish within 30 s")
        }
        guard process.terminationStatus == 0 else {
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw ReaderFailed(message: "kafka-python exited with \(process.terminationStatus): \(message)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    struct ReaderFailed: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
