/// The simulation speeds `>` and `<` step through, ×0.25 … ×100.
public enum SpeedSteps {
    public static let all: [Double] = [0.25, 0.5, 1, 2, 5, 10, 20, 50, 100]
    public static var minimum: Double { all.first! }
    public static var maximum: Double { all.last! }

    /// The next faster step (a speed between steps goes to the next one above it).
    public static func faster(than speed: Double) -> Double {
        all.first(where: { $0 > speed + 1e-9 }) ?? maximum
    }

    /// The next slower step.
    public static func slower(than speed: Double) -> Double {
        all.last(where: { $0 < speed - 1e-9 }) ?? minimum
    }

    public static func clamp(_ speed: Double) -> Double {
        guard speed.isFinite else { return 1 }
        return min(max(speed, minimum), maximum)
    }
}

/// The time spans the timeline view steps through with + and -, in minutes.
public enum TimelineZoom {
    public static let minutes = [1, 2, 5, 10, 30, 60]

    public static func step(_ current: Int, wider: Bool) -> Int {
        if wider { return minutes.first(where: { $0 > current }) ?? minutes.last! }
        return minutes.last(where: { $0 < current }) ?? minutes.first!
    }
}
