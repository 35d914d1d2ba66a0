import Foundation

/// One tmux server (unique socket) with one session running a shell script, for driving the real
/// binary like a user would: send keys, resize, read the screen.
final class Tmux {
    static let available: Bool = ProcessRunner.run(["tmux", "-V"]).status == 0

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
