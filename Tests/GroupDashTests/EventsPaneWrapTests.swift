import GroupCore
import GroupSim
import Testing

@testable import GroupDash

/// The events pane wraps by display columns: a wide (East Asian Wide, Unicode UAX #11; emoji) character takes two
/// terminal columns, as `wcwidth` says, so a message with wide names must break where the terminal runs out of
/// room, not after a count of characters.
@Suite struct EventsPaneWrapTests {
    /// Draws one event into a pane of `width` columns and returns the rows under the title, trailing blanks trimmed.
    func rows(message: String, width: Int, height: Int = 8) -> [String] {
        var grid = CellGrid(width: width, height: height)
        let event = SimEvent(sequence: 0, time: 1_000, type: "member.crashed", group: "注文", message: message)
        _ = EventsPaneRenderer.draw(
            events: [event], kept: 1, happened: 1, state: DashboardState(), rect: Rect(x: 0, y: 0, width: width, height: height),
            glyphs: .unicode, grid: &grid)
        return (1..<height).map { y in
            var line = grid.text(row: y)
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    @Test func wideNamesWrapAtTheirDisplayWidth() throws {
        // 59 columns: the message column starts at x 1 + 7 (time) + 1 + 20 (type) + 1 = 30, leaving 29 columns.
        // "注文処理-1 crashed" is 4 wide characters (8 columns) + 10 = 18 columns; twice with a space: 37 > 29.
        let message = "注文処理-1 crashed 注文処理-2 crashed"
        let lines = rows(message: message, width: 59)
        let messageColumn = 30
        let first = try #require(lines.first)
        #expect(first.hasSuffix("注文処理-1 crashed"))
        #expect(lines[1].hasPrefix(String(repeating: " ", count: messageColumn) + "注文処理-2 crashed"))
        for line in lines { #expect(!line.contains("…") && !line.contains("~")) }  // nothing cut off
        for line in lines { #expect(DisplayWidth.of(line) <= 59) }
    }

    @Test func aRunOfWideCharactersBreaksOnAColumnBoundary() throws {
        // No spaces: 20 wide characters (40 columns) in a 29-column message area break after 14 of them (28 columns,
        // since a 15th would need columns 29 and 30), then the other 6.
        let message = String(repeating: "漢", count: 20)
        let lines = rows(message: message, width: 59)
        #expect(lines[0].hasSuffix(String(repeating: "漢", count: 14)))
        #expect(String(lines[1].drop(while: { $0 == " " })) == String(repeating: "漢", count: 6))
    }

    @Test func emojiCountTwoColumns() {
        let scalars = Substring("🚀🚀🚀 ok").unicodeScalars
        // 🚀 is two columns (Emoji_Presentation): three of them are 6 columns; at width 5 the line ends after two.
        let end = EventsPaneRenderer.lineEnd(scalars, width: 5)
        #expect(end.map { scalars.distance(from: scalars.startIndex, to: $0) } == 2)
        #expect(EventsPaneRenderer.lineEnd(scalars, width: 9) == nil)
    }
}
