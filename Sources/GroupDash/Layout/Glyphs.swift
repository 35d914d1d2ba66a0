/// The characters the layout draws with: Unicode block and box characters under a UTF-8 locale,
/// plain ASCII otherwise.
public struct Glyphs: Sendable, Equatable {
    /// Eight sparkline levels, lowest first.
    public var sparkLevels: [Unicode.Scalar]
    public var horizontal: Unicode.Scalar
    public var vertical: Unicode.Scalar
    public var topLeft: Unicode.Scalar
    public var topRight: Unicode.Scalar
    public var bottomLeft: Unicode.Scalar
    public var bottomRight: Unicode.Scalar
    public var ellipsis: Unicode.Scalar
    public var up: String
    public var down: String
    public var steady: String
    public var times: String
    public var leader: Unicode.Scalar
    public var hotMark: Unicode.Scalar
    public var cursor: Unicode.Scalar
    /// A committed offset below the log start (retention deleted what the group never read).
    public var belowLogStart: Unicode.Scalar
    public var atLeast: String
    public var leftArrow: String
    public var rightArrow: String
    public var dash: String
    /// A timeline cell whose owner is not consuming (crashed, hung, paused, revoking).
    public var stalled: Unicode.Scalar
    public var rebalanceMark: Unicode.Scalar
    /// A member that is a real client (broker or monitor mode) rather than a simulated one.
    public var external: Unicode.Scalar

    public static let unicode = Glyphs(
        sparkLevels: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"],
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        ellipsis: "…", up: "↑", down: "↓", steady: "→", times: "×", leader: "★", hotMark: "▲", cursor: "▏",
        belowLogStart: "↯", atLeast: "≥", leftArrow: "←", rightArrow: "→", dash: "–", stalled: "·",
        rebalanceMark: "┼", external: "⇄")

    public static let ascii = Glyphs(
        sparkLevels: ["_", ".", ",", "-", "=", "+", "*", "#"],
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        ellipsis: "~", up: "^", down: "v", steady: "-", times: "x", leader: "*", hotMark: "!", cursor: "_",
        belowLogStart: "#", atLeast: ">=", leftArrow: "Left", rightArrow: "Right", dash: "-", stalled: ".",
        rebalanceMark: "+", external: "@")

    public static func forLocale(utf8: Bool) -> Glyphs { utf8 ? .unicode : .ascii }

    public var isASCII: Bool { horizontal == "-" }

    /// Text from the simulation (event messages) as this glyph set can show it: unchanged with
    /// Unicode; arrows and symbols spelled in ASCII otherwise.
    public func displayable(_ text: String) -> String {
        guard isASCII, text.unicodeScalars.contains(where: { $0.value > 127 }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.value <= 127 { out.append(scalar); continue }
            let replacement: String =
                switch scalar {
                case "→", "⇒", "➜": "->"
                case "←": "<-"
                case "↑": "^"
                case "↓": "v"
                case "≥": ">="
                case "↯": "#"
                case "×": "x"
                case "…": "..."
                case "—", "–", "─": "-"
                case "·", "•": "*"
                default: "?"
                }
            out.append(contentsOf: replacement.unicodeScalars)
        }
        return String(out)
    }
}
