import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A long-running program a test starts (a served cluster): spawned with posix_spawn like `ProcessRunner` (empty signal
/// mask, default dispositions, no inherited descriptors beyond 0–2), stdout and stderr to files so a full pipe never
/// blocks it. Stopped by its PID: `stop()` sends SIGTERM, then SIGKILL after two seconds; `deinit` stops it too, so a
/// failed `#require` never leaves it running.
final class BackgroundProcess {
    let pid: pid_t
    let scratch: URL
    private var reaped = false

    var stdoutPath: String { scratch.appendingPathComponent("out").path }

    init(_ command: [String]) throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gs-bg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        switch ProcessRunner.spawn(
            command, stdoutPath: scratch.appendingPathComponent("out").path,
            stderrPath: scratch.appendingPathComponent("err").path)
        {
        case .success(let pid): self.pid = pid
        case .failure(let error): throw Tmux.TmuxError(message: "cannot start \(command[0]): error \(error.code)")
        }
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: scratch)
    }

    /// SIGTERM, then SIGKILL when it is still running two seconds later; reaps it.
    func stop() {
        guard !reaped else { return }
        reaped = true
        kill(pid, SIGTERM)
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(2)
        while Date() < deadline {
            if waitpid(pid, &status, WNOHANG) == pid { return }
            usleep(20_000)
        }
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
    }

    /// The first line it printed on stdout, waiting at most `seconds`; nil when none came.
    func firstLine(within seconds: Double) -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let data = FileManager.default.contents(atPath: stdoutPath),
                let newline = data.firstIndex(of: UInt8(ascii: "\n"))
            {
                return String(decoding: data[..<newline], as: UTF8.self)
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }
}
