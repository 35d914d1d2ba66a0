/// How to open the dashboard. Command-line flags map onto these.
public struct DashboardOptions: Sendable, Equatable {
    /// Shown in the header; nil shows the snapshot's scenario name.
    public var scenarioName: String?
    /// Initial simulation speed (virtual seconds per wall second), clamped to ×0.25 … ×100.
    public var speed: Double
    /// Unicode blocks and line drawing; nil decides from the locale (UTF-8 or not).
    public var unicode: Bool?
    /// Colors; nil means on unless `NO_COLOR` is set to a non-empty value (or the terminal has none).
    public var colors: Bool?
    /// Frames per second (the input poll is one frame).
    public var framesPerSecond: Double

    public init(
        scenarioName: String? = nil, speed: Double = 1, unicode: Bool? = nil, colors: Bool? = nil,
        framesPerSecond: Double = 10
    ) {
        self.scenarioName = scenarioName
        self.speed = speed
        self.unicode = unicode
        self.colors = colors
        self.framesPerSecond = framesPerSecond
    }
}

/// Why the dashboard could not start. One line each; the command line prints it and exits 2.
public enum DashboardError: Error, Sendable, Equatable, CustomStringConvertible {
    /// stdin or stdout is not a terminal (a pipe, a file, a CI log).
    case notATerminal
    /// `TERM` is unset or names a terminal the terminfo database does not know.
    case unknownTerminal(String)
    /// The terminal cannot address the cursor (`TERM=dumb`).
    case noCursorAddressing(String)

    public var description: String {
        switch self {
        case .notATerminal:
            "the dashboard needs a terminal (stdin and stdout must be a TTY); for headless runs use `groupscope simulate`"
        case .noCursorAddressing(let term):
            "the dashboard needs a terminal that can move the cursor (TERM=\(term) cannot); "
                + "run it in a full terminal (e.g. TERM=xterm-256color) or, for headless runs, use `groupscope simulate`"
        case .unknownTerminal(let term):
            (term.isEmpty ? "TERM is not set" : "unknown terminal type TERM=\(term)")
                + "; set TERM (e.g. xterm-256color) or use `groupscope simulate` for headless runs"
        }
    }
}
