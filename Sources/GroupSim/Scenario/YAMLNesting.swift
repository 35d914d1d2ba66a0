/// A conservative scan of how deeply YAML text nests, done before Yams composes it: Yams' composer recurses once
/// per level and libyaml sets no depth limit, so a few hundred thousand `[` would exhaust the stack and crash
/// instead of failing with one line.
///
/// The scan may count too deep, never too shallow, for documents libyaml accepts:
/// - flow depth: every `[` and `{` outside quoted scalars and comments opens a level. A quote opens only where a
///   value starts (line start in block context, after `[`, `{`, `,` or `: `), and never lasts past its line, so
///   a stray apostrophe cannot hide brackets that follow it;
/// - block depth: each block level needs at least one more column, so a line's leading run of spaces and
///   `-`, `?`, `:` indicators bounds it.
enum YAMLNesting {
    /// The line and column (from 1) where nesting first goes deeper than `limit`, or nil.
    static func firstPlaceDeeperThan(_ limit: Int, in text: String) -> (line: Int, column: Int)? {
        var line = 1
        var column = 0
        var flowDepth = 0
        var atLineStart = true
        var leading = 0
        var quote: Unicode.Scalar? = nil
        var escaped = false
        var inComment = false
        var valueStarts = true
        var previous: Unicode.Scalar = "\n"
        for scalar in text.unicodeScalars {
            column += 1
            defer { previous = scalar }
            if scalar == "\n" || scalar == "\r" {
                if scalar == "\n" {
                    line += 1
                    column = 0
                }
                atLineStart = true
                leading = 0
                inComment = false
                quote = nil
                if flowDepth == 0 { valueStarts = true }
                continue
            }
            if atLineStart {
                if scalar == " " || scalar == "\t" || scalar == "-" || scalar == "?" || scalar == ":" {
                    leading += 1
                    if leading > limit * 4 { return (line, column) }
                    if scalar != " " && scalar != "\t" { valueStarts = true }
                    continue
                }
                atLineStart = false
            }
            if inComment { continue }
            if let q = quote {
                if escaped {
                    escaped = false
                } else if q == "\"" && scalar == "\\" {
                    escaped = true
                } else if scalar == q {
                    quote = nil
                    valueStarts = false
                }
                continue
            }
            switch scalar {
            case " ", "\t":
                if previous == ":" { valueStarts = true }
            case "#" where previous == " " || previous == "\t" || previous == "\n":
                inComment = true
            case "'", "\"":
                if valueStarts { quote = scalar } else { valueStarts = false }
            case "[", "{":
                flowDepth += 1
                if flowDepth > limit { return (line, column) }
                valueStarts = true
            case "]", "}":
                flowDepth = max(0, flowDepth - 1)
                valueStarts = false
            case ",":
                valueStarts = true
            case ":":
                break
            default:
                valueStarts = false
            }
        }
        return nil
    }
}
