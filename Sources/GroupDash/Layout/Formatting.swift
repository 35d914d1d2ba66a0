import GroupCore

/// Short, fixed-shape texts for numbers and times. Results are small strings (inline, no heap).
enum Formatting {
    /// `12,345`; falls back to `12.3M` when `width` is too narrow for the full number.
    static func count(_ value: Int64, width: Int = .max) -> String {
        let plain = grouped(value)
        if plain.utf8.count <= width { return plain }
        return compact(value)
    }

    static func grouped(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        guard digits.utf8.count > 3 else { return value < 0 ? "-" + digits : digits }
        var out = value < 0 ? "-" : ""
        let bytes = Array(digits.utf8)
        for (i, b) in bytes.enumerated() {
            if i > 0 && (bytes.count - i) % 3 == 0 { out.append(",") }
            out.unicodeScalars.append(Unicode.Scalar(b))
        }
        return out
    }

    static func compact(_ value: Int64) -> String {
        let magnitude = Double(value.magnitude)
        let sign = value < 0 ? "-" : ""
        let units: [(Double, String)] = [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")]
        for (scale, suffix) in units where magnitude >= scale {
            let scaled = magnitude / scale
            if scaled < 10 { return sign + oneDecimal(scaled) + suffix }
            return sign + String(Int64(scaled)) + suffix
        }
        return String(value)
    }

    static func oneDecimal(_ value: Double) -> String {
        let tenths = Int64((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// A rate in messages per second: `950`, `1.2k`.
    static func rate(_ value: Double) -> String {
        if value < 10 && value > 0 && value != value.rounded() { return oneDecimal(value) }
        let rounded = Int64(value.rounded())
        return rounded >= 10_000 ? compact(rounded) : grouped(rounded)
    }

    /// Seconds behind: `0.4s`, `12s`, `3m05s`, `2h10m`.
    static func lagTime(_ ms: Millis) -> String {
        if ms <= 0 { return "0s" }
        if ms < 10_000 { return "\(ms / 1000).\((ms % 1000) / 100)s" }
        let s = ms / 1000
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" + twoDigits(s % 60) + "s" }
        return "\(s / 3600)h" + twoDigits((s % 3600) / 60) + "m"
    }

    /// Virtual clock: `00:01:23.4`.
    static func clock(_ ms: Millis) -> String {
        let total = max(0, ms)
        let h = total / 3_600_000, m = (total / 60_000) % 60, s = (total / 1000) % 60, tenth = (total % 1000) / 100
        return twoDigits(h) + ":" + twoDigits(m) + ":" + twoDigits(s) + ".\(tenth)"
    }

    /// Event times: `01:23.4` (or `1:01:23.4` past an hour).
    static func eventTime(_ ms: Millis) -> String {
        let total = max(0, ms)
        let h = total / 3_600_000, m = (total / 60_000) % 60, s = (total / 1000) % 60, tenth = (total % 1000) / 100
        let base = twoDigits(m) + ":" + twoDigits(s) + ".\(tenth)"
        return h > 0 ? "\(h):" + base : base
    }

    /// A measured speed: `×4.8` below 10, `×37` above.
    static func runningSpeed(_ speed: Double, times: String) -> String {
        speed < 10 ? times + oneDecimal(max(0, speed)) : times + String(Int64(speed.rounded()))
    }

    static func speed(_ speed: Double, times: String) -> String {
        if speed == speed.rounded() { return times + String(Int64(speed)) }
        return times + String(speed)
    }

    /// `1 event`, `2 events`, `1,234 partitions`: the count grouped, the noun singular only for one.
    static func plural(_ count: Int, _ noun: String, _ plural: String? = nil) -> String {
        grouped(Int64(count)) + " " + CountedNoun.noun(noun, count: count, plural: plural)
    }

    /// `5s`, `2.5s`.
    static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? "\(Int64(value))s" : "\(value)s"
    }

    static func twoDigits(_ v: Int64) -> String { v < 10 ? "0\(v)" : String(v) }
}
