import CNcurses
import Foundation
import GroupSim

/// The live terminal dashboard.
public enum Dashboard {
    /// Opens the dashboard on `source` and runs until the user quits (`q`/F10).
    ///
    /// Throws `DashboardError` before touching the terminal when stdin/stdout are not TTYs or
    /// `TERM` is unknown (print it, exit 2). Ctrl-C, SIGTERM and SIGHUP restore the terminal and then
    /// end the process by that signal. The terminal is restored on every way out.
    public static func run(source: SimulationSource, options: DashboardOptions = DashboardOptions()) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw DashboardError.notATerminal }
        setlocale(LC_ALL, "")
        let glyphs = Glyphs.forLocale(utf8: options.unicode ?? localeIsUTF8())
        let colors = options.colors ?? !noColorRequested()
        let terminal = try Terminal.open(useColors: colors)
        let signals = SignalTrap.install()
        let loop = DashboardLoop(source: source, options: options, glyphs: glyphs)
        let stopSignal = loop.run(screen: terminal, stopRequested: { signals.pending })
        terminal.close()
        signals.uninstall()
        if let stopSignal { SignalTrap.reraise(stopSignal) }
    }

    /// True when the current locale's character set is UTF-8 (call after `setlocale`).
    static func localeIsUTF8() -> Bool {
        guard let codeset = gs_codeset() else { return false }
        let name = String(cString: codeset).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }

    /// https://no-color.org: set and not empty.
    static func noColorRequested() -> Bool {
        guard let value = ProcessInfo.processInfo.environment["NO_COLOR"] else { return false }
        return !value.isEmpty
    }
}
