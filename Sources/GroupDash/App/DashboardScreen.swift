/// What the frame loop needs from a screen: its size, keys, and painting a grid. `Terminal` is the real one;
/// benchmarks and tests drive the loop with a scripted screen.
public protocol DashboardScreen: AnyObject {
    var size: (width: Int, height: Int) { get }
    /// Waits up to `timeoutMs` for a key (0: just looks).
    func readKey(timeoutMs: Int) -> Key?
    /// Forget what is on screen so the next paint draws everything (after a resize).
    func invalidate()
    /// Shows `grid`; returns the number of cells written.
    @discardableResult func paint(_ grid: CellGrid) -> Int
}

extension Terminal: DashboardScreen {}
