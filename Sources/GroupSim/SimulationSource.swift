import GroupCore

/// What a viewer (the dashboard) needs from a running simulation: read snapshots and events, send commands.
/// The viewer owns pacing; the simulation only moves when told to.
public protocol SimulationSource: AnyObject {
    /// The current state, built on demand.
    func snapshot() -> SimulationSnapshot
    /// Events with `sequence >= from`, oldest first.
    func events(from sequence: Int) -> [SimEvent]
    /// Runs the simulation forward by this much virtual time.
    func advance(by duration: Millis)
    /// Applies a command now; throws a `CommandError` with a one-line reason when it cannot apply
    /// (unknown member, restart of a running member, …).
    func apply(_ command: SimulationCommand) throws
}

/// Why a command could not be applied, in one line.
public struct CommandError: Error, Sendable, CustomStringConvertible, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
