import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A third-party client run by a test: spawned with posix_spawn (an empty signal mask and default dispositions —
/// Swift Testing's threads block signals and children would inherit that — and no inherited descriptors beyond 0–2;
/// Foundation's Process hangs here), stdin from a file or /dev/null, stdout and stderr to files. Always stopped by its
/// PID: `wait(timeout:)` kills it when the time is up, and `deinit` kills it if a test forgot.
final class ChildProcess: @unchecked Sendable {
    let pid: pid_t
    let command: [String]
    private let scratch: URL
    private var exitStatus: Int32?

    var stdoutPath: String { scratch.appendingPathComponent("out").path }
    var stderrPath: String { scratch.appendingPathComponent("err").path }

    init(_ command: [String], stdin: String? = nil, environment: [String: String] = [:]) throws {
        self.command = command
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gs-broker-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin ?? "/dev/null", O_RDONLY, 0)
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
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawnp(&pid, command[0], &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw TestFailure("cannot start \(command[0]): error \(spawned)") }
        self.pid = pid
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        try? FileManager.default.removeItem(at: scratch)
    }

    /// Waits for the exit; after `timeout` seconds kills it (SIGKILL) and returns nil.
    @discardableResult
    func wait(timeout: Double) -> Int32? {
        if let exitStatus { return exitStatus }
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while Date() < deadline {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid {
                exitStatus = Self.decode(status)
                return exitStatus
            }
            usleep(20_000)
        }
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
        exitStatus = Self.decode(status)
        return nil
    }

    /// Sends a signal (SIGKILL to crash it, SIGTERM to stop it).
    func signal(_ sig: Int32) { if exitStatus == nil { kill(pid, sig) } }

    var isRunning: Bool {
        guard exitStatus == nil else { return false }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid {
            exitStatus = Self.decode(status)
            return false
        }
        return true
    }

    var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }

    private static func decode(_ status: Int32) -> Int32 {
        (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Runs to completion (bounded by `timeout`).
    static func run(_ command: [String], stdin: String? = nil, timeout: Double, environment: [String: String] = [:]) throws
        -> (status: Int32?, stdout: String, stderr: String)
    {
        let child = try ChildProcess(command, stdin: stdin, environment: environment)
        let status = child.wait(timeout: timeout)
        return (status, child.stdout, child.stderr)
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
