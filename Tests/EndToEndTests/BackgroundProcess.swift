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
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(
            &actions, 1, scratch.appendingPathComponent("out").path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(
            &actions, 2, scratch.appendingPathComponent("err").path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let limit = min(Int32(sysconf(Int32(_SC_OPEN_MAX))), 4096)
        if limit > 3 {
            for fd in 3..<limit where fcntl(fd, F_GETFD) != -1 { posix_spawn_file_actions_addclose(&actions, fd) }
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var all = sigset_t()
        sigfillset(&all)
        sigdelset(&all, SIGKILL)
        sigdelset(&all, SIGSTOP)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawnp(&pid, command[0], &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw Tmux.TmuxError(message: "cannot start \(command[0]): error \(spawned)") }
        self.pid = pid
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
