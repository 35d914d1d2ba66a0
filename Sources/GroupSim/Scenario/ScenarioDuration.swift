import Foundation
import GroupCore

/// GroupScope's one text-and-seconds → milliseconds conversion, used by scenario files, command-line flags
/// (`--duration`, `--interval`) and commands (`pause`): a number with a unit, `ms`, `s`, `m` or `h` (`250ms`,
/// `30s`, `1.5s`, `5m`, `2h`), or several run together (`1m30s`). A bare `0` means zero; any other bare number is
/// refused, so that `duration: 300` cannot silently mean 300 ms.
public enum ScenarioDuration {
    /// Seconds as whole milliseconds (rounded), or nil when not finite, negative, or beyond `limit`.
    public static func milliseconds(seconds: Double, limit: Millis = ScenarioLimits.maxDurationMs) -> Millis? {
        guard seconds.isFinite, seconds >= 0, seconds * 1_000 <= Double(limit) else { return nil }
        return Millis((seconds * 1_000).rounded())
    }

    /// Milliseconds, or nil if the text is not a duration. A well-formed duration too long for any limit reads as
    /// `longerThanAnyLimit`, so that its caller names the real problem (too long) and nothing converts a huge Double.
    public static func parse(_ text: String) -> Millis? {
        let s = text.trimmingCharacters(in: .whitespaces)
        if s == "0" { return 0 }
        var total = 0.0
        var index = s.startIndex
        var sawPart = false
        while index < s.endIndex {
            let numberStart = index
            while index < s.endIndex, s[index].isASCII, s[index].isNumber || s[index] == "." { index = s.index(after: index) }
            guard let number = Double(s[numberStart..<index]), number >= 0 else { return nil }
            let unitStart = index
            while index < s.endIndex, s[index].isLetter { index = s.index(after: index) }
            let factor: Double
            switch s[unitStart..<index] {
            case "ms": factor = 1
            case "s": factor = 1_000
            case "m": factor = 60_000
            case "h": factor = 3_600_000
            default: return nil
            }
            total += number * factor
            sawPart = true
        }
        guard sawPart else { return nil }
        return total < Double(longerThanAnyLimit) ? Millis(total.rounded()) : longerThanAnyLimit
    }

    /// 10¹⁵ ms (about 31,700 years): above every duration limit, far below Int64.max.
    public static let longerThanAnyLimit: Millis = 1_000_000_000_000_000

    /// The shortest exact spelling: `90s`, `5m`, `250ms`, `2h`.
    public static func format(_ ms: Millis) -> String {
        if ms != 0 && ms % 3_600_000 == 0 { return "\(ms / 3_600_000)h" }
        if ms != 0 && ms % 60_000 == 0 { return "\(ms / 60_000)m" }
        if ms % 1_000 == 0 { return "\(ms / 1_000)s" }
        return "\(ms)ms"
    }
}
