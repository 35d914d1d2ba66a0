import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `groupscope serve`, the real binary: the first line is the address, SIGTERM stops it with the run summary, a
/// non-loopback address warns, bad flags exit 2 with one line.
@Suite(.serialized) struct ServeCommandTests {
    static let binary = Tools.packageRoot.appendingPathComponent(".build/debug/groupscope").path

    /// Waits for the first line of the child's stdout.
    static func firstLine(_ child: ChildProcess, timeout: Double) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let newline = child.stdout.firstIndex(of: "\n") { return String(child.stdout[..<newline]) }
            usleep(20_000)
        }
        return nil
    }

    @Test func jsonServeAnnouncesItsAddressAndStopsWithTheSummary() throws {
        guard Tools.available(Self.binary, for: "serve --format json") else { return }
        let serve = try ChildProcess([Self.binary, "serve", "--listen", "127.0.0.1:0", "--format", "json"])
        defer { serve.signal(SIGKILL) }
        let line = try #require(Self.firstLine(serve, timeout: 20), "no output: \(serve.stderr)")
        let event = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(event["type"] as? String == "broker.listening")
        let address = try #require(event["address"] as? String)
        #expect(address.hasPrefix("127.0.0.1:"))
        let port = try #require(Int(address.dropFirst("127.0.0.1:".count)))
        #expect(port > 0)
        if FileManager.default.isExecutableFile(atPath: Tools.kcat) {
            let listed = try ChildProcess.run([Tools.kcat, "-L", "-b", address], timeout: 20)
            #expect(listed.stdout.contains("topic \"orders\" with 6 partitions"))
        }
        serve.signal(SIGTERM)
        #expect(serve.wait(timeout: 20) == 0)
        let last = try #require(serve.stdout.split(separator: "\n").last)
        let summary = try #require(JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any])
        #expect(summary["type"] as? String == "summary", "\(last)")
        // The listening socket is closed: nothing accepts on the port any more.
        #expect(throws: (any Error).self) { _ = try RawSocket(port: port) }
    }

    @Test func textServeSaysListeningFirstAndWarnsOffLoopback() throws {
        guard Tools.available(Self.binary, for: "serve --listen 0.0.0.0") else { return }
        let serve = try ChildProcess([Self.binary, "serve", "--listen", "0.0.0.0:0"])
        defer { serve.signal(SIGKILL) }
        let line = try #require(Self.firstLine(serve, timeout: 20))
        #expect(line.hasPrefix("listening on 0.0.0.0:"))
        let port = try #require(Int(line.dropFirst("listening on 0.0.0.0:".count)))
        #expect(port > 0)
        // The warning comes once bound and names the port the system picked, not the `:0` asked for.
        let deadline = Date().addingTimeInterval(10)
        while !serve.stderr.contains("without authentication") && Date() < deadline { usleep(20_000) }
        #expect(serve.stderr.contains("warning: listening on 0.0.0.0:\(port) without authentication"), "\(serve.stderr)")
        #expect(!serve.stderr.contains("0.0.0.0:0 "))
        // A second broker on the same port cannot bind: one line (the bind error), no warning before it.
        let second = try ChildProcess.run([Self.binary, "serve", "--listen", "0.0.0.0:\(port)"], timeout: 20)
        #expect(second.status != 0)
        #expect(second.stderr.split(separator: "\n").count == 1, "\(second.stderr)")
        #expect(second.stderr.contains("cannot listen on 0.0.0.0:\(port)"))
        serve.signal(SIGINT)
        #expect(serve.wait(timeout: 20) == 0)
    }

    @Test func badListenAddressIsOneLineAndExitTwo() throws {
        guard Tools.available(Self.binary, for: "serve --listen bad") else { return }
        let result = try ChildProcess.run([Self.binary, "serve", "--listen", "localhost:99999"], timeout: 20)
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("--listen"))
    }
}
