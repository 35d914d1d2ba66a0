/// What a cell means, not how it looks: the terminal maps roles to color pairs (or to plain
/// attributes under `NO_COLOR`).
public enum ColorRole: UInt8, Sendable, CaseIterable {
    case normal, dim, title, titleFocused, label, good, warning, danger, hot, info, selected, keyName, keyLabel, error
}

public struct CellStyle: Equatable, Hashable, Sendable {
    public var role: ColorRole
    public var bold: Bool
    public var reverse: Bool

    public init(_ role: ColorRole = .normal, bold: Bool = false, reverse: Bool = false) {
        self.role = role
        self.bold = bold
        self.reverse = reverse
    }

    public static let normal = CellStyle()
    public static let dim = CellStyle(.dim)
    public static let label = CellStyle(.label)
}

/// One terminal cell: a Unicode scalar (4 bytes, cheap to compare). A character two columns wide (CJK, emoji)
/// fills its first cell and marks the second as `continuation`, which the painter skips.
public struct Cell: Equatable, Sendable {
    public var scalar: Unicode.Scalar
    public var style: CellStyle

    public init(_ scalar: Unicode.Scalar = " ", style: CellStyle = .normal) {
        self.scalar = scalar
        self.style = style
    }

    public var character: Character { Character(scalar) }
    public static let blank = Cell()
    /// The right half of a wide character.
    public static let continuationScalar: Unicode.Scalar = "\u{0}"
    public var isContinuation: Bool { scalar == Cell.continuationScalar }
}

/// A width × height array of cells: what the layout produces and the terminal paints.
public struct CellGrid: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x x: Int, y y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    public mutating func clear() {
        for i in cells.indices { cells[i] = .blank }
    }

    /// Sets one cell if it is on the grid.
    @inline(__always)
    public mutating func set(_ x: Int, _ y: Int, _ scalar: Unicode.Scalar, _ style: CellStyle) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        cells[y * width + x] = Cell(scalar, style: style)
    }

    public mutating func fill(_ rect: Rect, _ scalar: Unicode.Scalar = " ", style: CellStyle = .normal) {
        let r = rect.clipped(to: Rect(x: 0, y: 0, width: width, height: height))
        guard !r.isEmpty else { return }
        let cell = Cell(scalar, style: style)
        for y in r.y..<r.maxY {
            let base = y * width
            for x in r.x..<r.maxX { cells[base + x] = cell }
        }
    }

    /// Changes the style of existing cells (e.g. to highlight a selected row) and keeps their glyphs.
    public mutating func restyle(_ rect: Rect, _ transform: (inout CellStyle) -> Void) {
        let r = rect.clipped(to: Rect(x: 0, y: 0, width: width, height: height))
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            let base = y * width
            for x in r.x..<r.maxX { transform(&cells[base + x].style) }
        }
    }

    /// Writes `text` from (x, y), at most `maxWidth` columns (to the grid's edge by default), each character as
    /// wide as a terminal shows it (`DisplayWidth`). Text that does not fit ends with `ellipsis`.
    /// Returns the number of columns written.
    @discardableResult
    public mutating func put(
        _ text: String, x: Int, y: Int, maxWidth: Int? = nil, style: CellStyle = .normal,
        ellipsis: Unicode.Scalar = "~"
    ) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(maxWidth ?? (width - x), width - x)
        guard limit > 0 else { return 0 }
        var column = 0
        let base = y * width + x
        var iterator = text.unicodeScalars.makeIterator()
        while let scalar = iterator.next() {
            let columns = DisplayWidth.of(scalar)
            if columns == 0 { continue }
            if column + columns > limit {
                // The last cell becomes the ellipsis; never leave half of a wide character behind it.
                if x + limit - 1 >= 0 {
                    if limit >= 2 && x + limit - 2 >= 0 && cells[base + limit - 1].isContinuation {
                        cells[base + limit - 2] = Cell(" ", style: style)
                    }
                    cells[base + limit - 1] = Cell(ellipsis, style: style)
                }
                return limit
            }
            if x + column >= 0 {
                cells[base + column] = Cell(scalar.value < 0x20 ? " " : scalar, style: style)
                if columns == 2 { cells[base + column + 1] = Cell(Cell.continuationScalar, style: style) }
            }
            column += columns
        }
        return column
    }

    /// Writes `text` right-aligned so that it ends just before `right`, within `width` columns.
    @discardableResult
    public mutating func putRight(
        _ text: String, right: Int, y: Int, width columns: Int, style: CellStyle = .normal,
        ellipsis: Unicode.Scalar = "~"
    ) -> Int {
        let count = DisplayWidth.of(text)
        if count <= columns {
            return put(text, x: right - count, y: y, maxWidth: count, style: style)
        }
        return put(text, x: right - columns, y: y, maxWidth: columns, style: style, ellipsis: ellipsis)
    }

    /// The characters of one row, trailing blanks kept.
    public func text(row y: Int) -> String {
        var out = String.UnicodeScalarView()
        let base = y * width
        for x in 0..<width where !cells[base + x].isContinuation { out.append(cells[base + x].scalar) }
        return String(out)
    }

    /// All rows, trailing blanks trimmed, joined by newlines (for tests and text captures).
    public var text: String {
        (0..<height).map { row in
            var line = text(row: row)
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}
