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

    public static let unicode = Glyphs(
        sparkLevels: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"],
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        ellipsis: "…", up: "↑", down: "↓", steady: "→", times: "×", leader: "★", hotMark: "▲", cursor: "▏")

    public static let ascii = Glyphs(
        sparkLevels: ["_", ".", ",", "-", "=", "+", "*", "#"],
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        ellipsis: "~", up: "^", down: "v", steady: "-", times: "x", leader: "*", hotMark: "!", cursor: "_")

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
