/// A key press as the dashboard understands it, independent of ncurses' key codes.
public enum Key: Hashable, Sendable {
    case char(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case tab, backTab, enter, escape, backspace
    /// F1 … F12.
    case function(Int)
    /// The terminal changed size.
    case resize
}
