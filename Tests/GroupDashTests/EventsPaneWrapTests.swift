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
        // 61 columns (the type column shows from 60): the message column starts at x 1 + 7 (time) + 1 + 20 (type)
        // + 1 = 30, leaving 31 columns. "注文処理-1 crashed" is 4 wide characters (8 columns) + 10 = 18 columns;
        // twice with a space: 37 > 31, though only 29 characters.
        let message = "注文処理-1 crashed 注文処理-2 crashed"
        let lines = rows(message: message, width: 61)
        let messageColumn = 30
        let first = try #require(lines.first)
        // "注文処理-1 crashed 注文処理-2 c" would be 31 columns and cuts a word: the line breaks at the space before.
        #expect(first.hasSuffix(" 注文処理-1 crashed 注文処理-2"))
        #expect(lines[1] == String(repeating: " ", count: messageColumn) + "crashed")
        for line in lines { #expect(!line.contains("…") && !line.contains("~")) }  // nothing cut off
        for line in lines { #expect(DisplayWidth.of(line) <= 61) }
    }

    @Test func aRunOfWideCharactersBreaksOnAColumnBoundary() throws {
        // No spaces: 20 wide characters (40 columns) in a 31-column message area break after 15 of them (30 columns,
        // since a 16th would need columns 31 and 32), then the other 5.
        let message = String(repeating: "漢", count: 20)
        let lines = rows(message: message, width: 61)
        #expect(lines[0].hasSuffix(" " + String(repeating: "漢", count: 15)))
        #expect(String(lines[1].drop(while: { $0 == " " })) == String(repeating: "漢", count: 5))
    }

    @Test func emojiCountTwoColumns() {
        let scalars = Substring("🚀🚀🚀 ok").unicodeScalars
        // 🚀 is two columns (Emoji_Presentation): three of them are 6 columns; at width 5 the line ends after two.
        let end = EventsPaneRenderer.lineEnd(scalars, width: 5)
        #expect(end.map { scalars.distance(from: scalars.startIndex, to: $0) } == 2)
        #expect(EventsPaneRenderer.lineEnd(scalars, width: 9) == nil)
    }
}
