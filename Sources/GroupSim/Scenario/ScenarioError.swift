/// Anything wrong with a scenario file, located: its description is the one line
/// `FILE:LINE:COLUMN: message` that `simulate` prints before exiting with status 2.
public struct ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    /// From 1.
    public var line: Int
    /// From 1, counted in Unicode scalars (as libyaml counts).
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = Self.oneLine(message)
    }

    /// Messages echo values from the file: they must not break the one-line promise or flood the terminal.
    static func oneLine(_ message: String) -> String {
        let flat = message.unicodeScalars.map { $0 == "\n" || $0 == "\r" ? "\\n" : String($0) }.joined()
        return flat.count > 400 ? String(flat.prefix(400)) + "…" : flat
    }

    public var description: String { "\(file):\(line):\(column): \(message)" }
}
