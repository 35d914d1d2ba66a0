import Foundation
import KafkaWire

/// One recorded frame from Fixtures/messages/<client>/<Api>-v<version>-<request|response>.bin (see Fixtures/NOTES.md).
struct RecordedFrame: CustomStringConvertible {
    let client: String
    let api: ApiKey
    let version: Int16
    let isRequest: Bool
    /// The whole frame as recorded, INT32 size prefix included.
    let bytes: [UInt8]

    /// The frame without its size prefix.
    var payload: [UInt8] { Array(bytes.dropFirst(4)) }

    var description: String { "\(client)/\(api.name)-v\(version)-\(isRequest ? "request" : "response")" }

    static let all: [RecordedFrame] = load()

    static func named(_ client: String, _ api: ApiKey, _ version: Int16, request: Bool) -> RecordedFrame? {
        all.first { $0.client == client && $0.api == api && $0.version == version && $0.isRequest == request }
    }

    private static func load() -> [RecordedFrame] {
        guard let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil)?.appendingPathComponent("messages")
        else { return [] }
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.allObjects ?? []
        var frames: [RecordedFrame] = []
        for case let url as URL in files where url.pathExtension == "bin" {
            // "JoinGroup-v7-request"
            let parts = url.deletingPathExtension().lastPathComponent.split(separator: "-")
            guard parts.count == 3, let api = ApiKey.allCases.first(where: { $0.name == parts[0] }),
                let version = Int16(parts[1].dropFirst()), let data = try? Data(contentsOf: url)
            else { continue }
            frames.append(
                RecordedFrame(
                    client: url.deletingLastPathComponent().lastPathComponent, api: api, version: version,
                    isRequest: parts[2] == "request", bytes: Array(data)))
        }
        return frames.sorted { $0.description < $1.description }
    }
}
