import Foundation
import Testing

/// One tmux server (unique socket) with one session running a shell script, for driving the real
/// binary like a user would: send keys, resize, read the screen.
final class Tmux {
    static let available: Bool = ProcessRunner.run(["tmux", "-V"]).status == 0
    /// Set in CI (`.ci/run` installs tmux there): a missing tmux is then a failure, not a skip.
    static let inCI: Bool = ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty } ?? false
    /// Run the tmux suites when tmux is here, or in CI so that its absence fails them.
    static let shouldRun = available || inCI
    static let skipReason = "tmux is not installed (skipped outside CI; set CI=1 to make this a failure)"

    /// The directory `swift build` puts binaries in (`swift build --show-bin-path`), whatever the
    /// configuration and triple; nil when it cannot be asked.
    static let binPath: String? = {
        let result = ProcessRunner.run(["swift", "build", "--show-bin-path"], in: packageRoot)
        let path = result.stdout.split(separator: "\n").last.map(String.init)?.trimmingCharacters(in: .whitespaces)
        guard result.status == 0, let path, !path.isEmpty else { return nil }
        return path
    }()

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The `groupscope` binary `swift test` built (this test target depends on it).
    static func binary() throws -> String {
        let path = try #require(binPath, "swift build --show-bin-path failed").appending("/groupscope")
        try #require(FileManager.default.isExecutableFile(atPath: path), "no groupscope binary at \(path)")
        return path
    }

    /// Fails the test in CI when tmux is missing (the suite only runs without tmux in CI).
    static func requireAvailable() throws {
        try #require(available, "tmux is missing, and CI is set: .ci/run installs it")
    }

    let socket = "gs-e2e-\(getpid())-\(UUID().uuidString.prefix(8))"
    let directory: URL

    /// Starts `command` (a shell command line) in a detached session of the given size, with a UTF-8
    /// locale. After the command ends, the script prints `EXIT=<status>` and whether `stty -g` is
    /// the same as before (`TTY-RESTORED` / `TTY-CHANGED`), then stays open so the screen can be read.
    /// The script traps SIGINT (its child still gets the default) so Ctrl-C ends only the binary.
    init(command: String, width: Int = 120, height: Int = 40) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(socket)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = """
            cd '\(directory.path)'
            trap ':' INT
            stty -g > stty.before
            \(command)
            echo "EXIT=$?"
            stty -g > stty.after
            if cmp -s stty.before stty.after; then echo TTY-RESTORED; else echo TTY-CHANGED; fi
            exec sleep 600
            """
        let scriptPath = directory.appendingPathComponent("run.sh").path
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let result = tmux([
            "-f", "/dev/null", "new-session", "-d", "-s", "gs", "-x", "\(width)", "-y", "\(height)",
            "-e", "LC_ALL=C.UTF-8", "-e", "NO_COLOR=", "sh \(scriptPath)",
        ])
        guard result.status == 0 else { throw TmuxError(message: "new-session failed: \(result.stderr)") }
    }

    deinit {
        _ = tmux(["kill-server"])
        let tmpdir = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        try? FileManager.default.removeItem(atPath: "\(tmpdir)/tmux-\(getuid())/\(socket)")
        try? FileManager.default.removeItem(at: directory)
    }

    struct TmuxError: Error { var message: String }

    @discardableResult
    func tmux(_ arguments: [String]) -> ProcessRunner.Result {
        ProcessRunner.run(["tmux", "-L", socket] + arguments)
    }

    /// The visible screen as text.
    func capture() -> String {
        tmux(["capture-pane", "-p", "-t", "gs"]).stdout
    }

    /// Keys by tmux name (`k`, `q`, `C-c`, `Space`, `F1`).
    func send(_ keys: String...) {
        tmux(["send-keys", "-t", "gs"] + keys)
    }

    func resize(width: Int, height: Int) {
        tmux(["resize-window", "-t", "gs", "-x", "\(width)", "-y", "\(height)"])
    }

    /// tmux's cursor flag for the pane: "1" when the cursor is visible.
    func cursorVisible() -> Bool {
        tmux(["display-message", "-p", "-t", "gs", "#{cursor_flag}"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            == "1"
    }

    /// Polls the screen until `condition` holds or `timeout` seconds pass; returns the last capture
    /// and whether it matched.
    func waitFor(timeout: Double, interval: Double = 0.05, _ condition: (String) -> Bool) -> (screen: String, matched: Bool) {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = capture()
        while !condition(screen) {
            if Date() >= deadline { return (screen, false) }
            Thread.sleep(forTimeInterval: interval)
            screen = capture()
        }
        return (screen, true)
    }
}
