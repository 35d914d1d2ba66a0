import CNcurses

/// Color roles → ncurses color pairs and attributes. With colors off (`NO_COLOR`, or a terminal
/// without colors) roles become plain attributes, so the important distinctions survive.
struct ColorPalette {
    let useColors: Bool

    /// Call once after `newterm`. Pair numbers are role raw values + 1.
    static func start(useColors wanted: Bool) -> ColorPalette {
        guard wanted, has_colors() else { return ColorPalette(useColors: false) }
        start_color()
        use_default_colors()
        for role in ColorRole.allCases {
            let (fg, bg) = colors(for: role)
            init_pair(Int16(role.rawValue) + 1, fg, bg)
        }
        return ColorPalette(useColors: true)
    }

    private static func colors(for role: ColorRole) -> (Int16, Int16) {
        let d: Int16 = -1
        switch role {
        case .normal: return (d, d)
        case .dim: return (Int16(COLOR_BLUE), d)
        case .title: return (Int16(COLOR_CYAN), d)
        case .titleFocused: return (Int16(COLOR_CYAN), Int16(COLOR_BLACK))
        case .label: return (d, d)
        case .good: return (Int16(COLOR_GREEN), d)
        case .warning: return (Int16(COLOR_YELLOW), d)
        case .danger: return (Int16(COLOR_RED), d)
        case .hot: return (Int16(COLOR_MAGENTA), d)
        case .info: return (Int16(COLOR_CYAN), d)
        case .selected: return (Int16(COLOR_CYAN), Int16(COLOR_BLACK))
        case .keyName: return (d, d)
        case .keyLabel: return (Int16(COLOR_CYAN), Int16(COLOR_BLACK))
        case .error: return (Int16(COLOR_RED), Int16(COLOR_WHITE))
        }
    }

    /// The attributes and pair for a cell style. Reverse video on a (fg, black) pair gives a colored band.
    func attributes(for style: CellStyle) -> (attrs: attr_t, pair: Int16) {
        var attrs = gs_a_normal()
        if style.bold { attrs |= gs_a_bold() }
        if style.reverse { attrs |= gs_a_reverse() }
        if useColors {
            if style.role == .label { attrs |= gs_a_dim() }
            return (attrs, Int16(style.role.rawValue) + 1)
        }
        switch style.role {
        case .dim, .label: attrs |= gs_a_dim()
        case .danger, .error, .warning, .hot: attrs |= gs_a_bold()
        case .titleFocused, .selected, .keyLabel: attrs |= gs_a_reverse()
        default: break
        }
        return (attrs, 0)
    }
}
