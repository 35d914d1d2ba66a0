import GroupCore

/// The ownership timeline as an SVG document: per group, one row per partition with a bar per span in the owning
/// member's colour (a pale bar while the owner is not consuming: crashed, hung, paused or revoking; nothing while
/// unassigned), rebalances as vertical lines, a legend per member, and the group's lag as a line chart under it.
public enum TimelineSVG {
    static let palette = [
        "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    ]
    static let labelWidth = 120.0
    static let plotWidth = 900.0
    static let rowHeight = 14.0
    static let lagHeight = 60.0

    public static func render(_ history: OwnershipHistory, title: String) -> String {
        let t0 = history.start ?? 0
        let span = Double(max(1, history.end - t0))
        func x(_ t: Millis) -> Double { labelWidth + Double(t - t0) / span * plotWidth }
        var body: [String] = []
        var y = 30.0
        body.append(text(10, 18, "\(title): partition ownership over \(seconds(history.end - t0))", cls: "title"))
        for group in history.groups {
            y += 16
            body.append(text(10, y, "group \(group.id)", cls: "group"))
            // Legend: one swatch per member.
            var lx = labelWidth
            for (i, member) in group.members.enumerated() {
                body.append(
                    "<rect class=\"swatch\" x=\"\(f(lx))\" y=\"\(f(y - 9))\" width=\"10\" height=\"10\" fill=\"\(color(i))\"/>")
                body.append(text(lx + 13, y, member, cls: "legend"))
                lx += 14 + Double(member.count) * 7 + 10
            }
            y += 6
            let top = y
            for (p, tp) in group.partitions.enumerated() {
                body.append(text(10, y + rowHeight - 3, tp.description, cls: "partition"))
                for s in group.spans[p] {
                    guard let owner = s.owner else { continue }
                    let i = group.members.firstIndex(of: owner) ?? 0
                    let width = max(0.5, x(s.end) - x(s.start))
                    let cls = s.consuming ? "span" : "span stalled"
                    body.append(
                        "<rect class=\"\(cls)\" x=\"\(f(x(s.start)))\" y=\"\(f(y + 1))\" width=\"\(f(width))\" "
                            + "height=\"\(f(rowHeight - 2))\" fill=\"\(color(i))\"\(s.consuming ? "" : " fill-opacity=\"0.3\"")>"
                            + "<title>\(escape(tp.description)) \(escape(owner))\(s.consuming ? "" : " (not consuming)") "
                            + "\(seconds(s.start))–\(seconds(s.end))</title></rect>")
                }
                y += rowHeight
            }
            for t in group.rebalances {
                body.append(
                    "<line class=\"rebalance\" x1=\"\(f(x(t)))\" y1=\"\(f(top))\" x2=\"\(f(x(t)))\" y2=\"\(f(y))\">"
                        + "<title>rebalance completed at \(seconds(t))</title></line>")
            }
            // Lag under the rows.
            y += 8
            let peak = Double(max(1, group.lag.map(\.lag).max() ?? 1))
            let points = group.lag.map { "\(f(x($0.time))),\(f(y + lagHeight - Double(max(0, $0.lag)) / peak * lagHeight))" }
            body.append(
                "<rect class=\"lagframe\" x=\"\(f(labelWidth))\" y=\"\(f(y))\" width=\"\(f(plotWidth))\" height=\"\(f(lagHeight))\"/>"
            )
            body.append(text(10, y + 12, "lag (peak \(group.lag.map(\.lag).max() ?? 0))", cls: "partition"))
            if !points.isEmpty {
                body.append("<polyline class=\"lag\" points=\"\(points.joined(separator: " "))\"/>")
            }
            y += lagHeight + 10
        }
        // Time axis.
        let ticks = 10
        for i in 0...ticks {
            let t = t0 + Millis(Double(history.end - t0) * Double(i) / Double(ticks))
            body.append(text(x(t) - 10, y + 12, seconds(t), cls: "axis"))
        }
        y += 20
        let width = labelWidth + plotWidth + 20
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(f(width))" height="\(f(y))" viewBox="0 0 \(f(width)) \(f(y))">
            <style>
            text { font-family: monospace; font-size: 11px; fill: #222; }
            .title { font-size: 14px; font-weight: bold; }
            .group { font-size: 12px; font-weight: bold; }
            .rebalance { stroke: #c00; stroke-width: 1; stroke-dasharray: 3,2; }
            .lag { fill: none; stroke: #333; stroke-width: 1; }
            .lagframe { fill: none; stroke: #ccc; }
            </style>
            \(body.joined(separator: "\n"))
            </svg>

            """
    }

    static func color(_ i: Int) -> String { palette[i % palette.count] }

    static func f(_ v: Double) -> String {
        let rounded = (v * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    static func seconds(_ ms: Millis) -> String {
        ms % 1000 == 0 ? "\(ms / 1000)s" : "\(ms / 1000).\(ms % 1000 / 100)s"
    }

    static func text(_ x: Double, _ y: Double, _ content: String, cls: String) -> String {
        "<text class=\"\(cls)\" x=\"\(f(x))\" y=\"\(f(y))\">\(escape(content))</text>"
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
