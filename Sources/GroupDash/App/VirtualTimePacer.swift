import GroupCore

/// Converts wall time into virtual milliseconds at a speed, carrying fractions from frame to frame
/// so that ×0.25 at 10 fps still advances exactly 25 ms per 100 ms.
public struct VirtualTimePacer: Sendable {
    /// Longest wall gap counted at once (after a suspend, a slow frame): avoids a huge jump.
    public var maxWallStepMs: Double = 1_000
    private var carry: Double = 0

    public init() {}

    public mutating func step(wallMs: Double, speed: Double) -> Millis {
        guard wallMs > 0, speed > 0 else { return 0 }
        let exact = min(wallMs, maxWallStepMs) * speed + carry
        let whole = exact.rounded(.down)
        carry = exact - whole
        return Millis(whole)
    }
}
