import Foundation

/// Reads an input file without trusting its size: a FIFO, `/dev/zero` or a file that grows reports a size that
/// says nothing, so the read itself stops one byte past the limit.
public enum BoundedFile {
    public enum Outcome: Equatable {
        case contents(Data)
        case tooLarge
        case unreadable
    }

    public static func read(_ path: String, limit: Int) -> Outcome {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
            let handle = FileHandle(forReadingAtPath: path)
        else { return .unreadable }
        defer { try? handle.close() }
        var data = Data()
        while data.count <= limit {
            do {
                // nil or empty: the end of the file.
                guard let chunk = try handle.read(upToCount: min(1 << 20, limit + 1 - data.count)), !chunk.isEmpty else { break }
                data.append(chunk)
            } catch {
                return .unreadable
            }
        }
        return data.count > limit ? .tooLarge : .contents(data)
    }
}
