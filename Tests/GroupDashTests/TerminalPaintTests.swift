import Foundation
import Testing

@testable import GroupDash

/// The painter against a headless ncurses screen (newterm on /dev/null, 80×24). ncurses state is
/// global, hence serialized.
@Suite(.serialized) struct TerminalPaintTests {
    @Test func onlyChangedCellsArePainted() throws {
        guard let output = fopen("/dev/null", "w"), let input = fopen("/dev/null", "r") else { return }
        defer { fclose(output); fclose(input) }
        let terminal = try Terminal.open(useColors: false, type: "xterm", output: output, input: input)
        defer { terminal.close() }
        let size = terminal.size
        #expect(size.width == 80 && size.height == 24)
        var grid = CellGrid(width: size.width, height: size.height)
        FrameRenderer.render(snapshot: Fixtures.snapshot(), events: [], state: DashboardState(), glyphs: .unicode, into: &grid)
        #expect(terminal.paint(grid) == 80 * 24)
        #expect(terminal.paint(grid) == 0)
        grid.set(3, 5, "X", .normal)
        #expect(terminal.paint(grid) == 1)
        terminal.invalidate()
        #expect(terminal.paint(grid) == 80 * 24)
    }
}
