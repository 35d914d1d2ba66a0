import CNcurses
import Foundation

/// The thin ncurses layer: open and restore the terminal, paint a cell grid (only the cells that
/// changed since the last frame), read keys.
final class Terminal {
    private var screen: OpaquePointer?
    private let palette: ColorPalette
    private var previous: CellGrid?
    private(set) var isOpen = true

    /// `newterm` on stdin/stdout. Caller has checked both are TTYs and called `setlocale`.
    static func open(useColors: Bool) throws -> Terminal {
        try open(useColors: useColors, type: nil, output: gs_stdout(), input: gs_stdin())
    }

    /// `type` nil reads `TERM`. Tests pass "xterm" and `/dev/null` streams for a headless screen.
    static func open(
        useColors: Bool, type: String?, output: UnsafeMutablePointer<FILE>, input: UnsafeMutablePointer<FILE>
    ) throws -> Terminal {
        let created = type.map { newterm($0, output, input) } ?? newterm(nil, output, input)
        guard let screen = created else {
            let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
            throw DashboardError.unknownTerminal(term)
        }
        set_term(screen)
        // A terminal that cannot move the cursor (TERM=dumb, emacs' shell) would get a scrolling mess.
        let cup = tigetstr("cup")
        if cup == nil || Int(bitPattern: cup) == -1 {
            endwin()
            delscreen(screen)
            let term = type ?? ProcessInfo.processInfo.environment["TERM"] ?? ""
            throw DashboardError.noCursorAddressing(term)
        }
        cbreak()
        noecho()
        nonl()
        keypad(gs_stdscr(), true)
        set_escdelay(25)
        curs_set(0)
        leaveok(gs_stdscr(), true)
        let palette = ColorPalette.start(useColors: useColors)
        return Terminal(screen: screen, palette: palette)
    }

    private init(screen: OpaquePointer, palette: ColorPalette) {
        self.screen = screen
        self.palette = palette
    }

    var size: (width: Int, height: Int) {
        (Int(getmaxx(gs_stdscr())), Int(getmaxy(gs_stdscr())))
    }

    /// Waits up to `timeoutMs` for a key (0: just looks).
    func readKey(timeoutMs: Int) -> Key? {
        wtimeout(gs_stdscr(), Int32(max(0, timeoutMs)))
        var code: UInt32 = 0
        let result = gs_get_wch(gs_stdscr(), &code)
        guard result != ERR else { return nil }
        return KeyDecoder.decode(result: result, code: code)
    }

    /// After KEY_RESIZE: forget the last frame so the next paint draws everything.
    func invalidate() {
        previous = nil
    }

    /// Paints the cells that differ from the previous frame, then one `doupdate`.
    /// Returns the number of cells written (0: the screen was not touched).
    @discardableResult
    func paint(_ grid: CellGrid) -> Int {
        let win = gs_stdscr()
        var written = 0
        let full = previous.map { $0.width != grid.width || $0.height != grid.height } ?? true
        if full { werase(win) }
        let cells = grid.cells
        let old = full ? nil : previous?.cells
        var lastStyle: CellStyle?
        var attrs = gs_a_normal()
        var pair: Int16 = 0
        for y in 0..<grid.height {
            let base = y * grid.width
            for x in 0..<grid.width {
                let cell = cells[base + x]
                if let old, old[base + x] == cell { continue }
                if cell.style != lastStyle {
                    (attrs, pair) = palette.attributes(for: cell.style)
                    lastStyle = cell.style
                }
                gs_put_cell(win, Int32(y), Int32(x), cell.scalar.value, attrs, pair)
                written += 1
            }
        }
        previous = grid
        if written > 0 || full {
            wnoutrefresh(win)
            doupdate()
        }
        return written
    }

    /// Gives the terminal back: cursor visible, cooked mode, screen freed. Safe to call twice.
    func close() {
        guard isOpen else { return }
        isOpen = false
        curs_set(1)
        endwin()
        if let screen { delscreen(screen) }
        screen = nil
    }
}
