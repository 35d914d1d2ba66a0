import GroupCore

/// What a viewer (the dashboard) needs from whatever it shows: read snapshots and events, send commands.
/// Three kinds of source feed it: the simulation, broker mode (the simulation plus real Kafka clients over TCP) and
/// monitor mode (a real cluster, read-only). `capabilities` says which commands a source accepts, so the viewer can
/// refuse a key with the source's own reason before sending anything.
/// The viewer owns pacing; the source only moves when told to.
public protocol DashboardSource: AnyObject {
    /// The current state, built on demand.
    func snapshot() -> SimulationSnapshot
    /// Events with `sequence >= from`, oldest first.
    func events(from sequence: Int) -> [SimEvent]
    /// Runs forward by this much virtual time (a source that follows the wall clock treats it as "catch up now").
    func advance(by duration: Millis)
    /// Applies a command now; throws a `CommandError` with a one-line reason when it cannot apply
    /// (unknown member, restart of a running member, …).
    func apply(_ command: SimulationCommand) throws
    /// Which classes of command this source accepts. The default (`.simulation`) accepts everything.
    var capabilities: SourceCapabilities { get }
    /// `advance(by:)` that calls `pause` now and then while it works (between members, groups, deliveries), so that a
    /// viewer can answer keys during a long step instead of after it. `pause` must not call back into the source;
    /// it changes nothing the source reads, so the run is the same with or without it. The default never pauses.
    func advance(by duration: Millis, pausingAt pause: () -> Void)
    /// `snapshot()` that calls `pause` now and then while it builds (between topics and groups), on the same terms.
    func snapshot(pausingAt pause: () -> Void) -> SimulationSnapshot
}

/// The former name, kept so that code written against it still compiles.
public typealias SimulationSource = DashboardSource

extension DashboardSource {
    public var capabilities: SourceCapabilities { .simulation }
    public func advance(by duration: Millis, pausingAt pause: () -> Void) { advance(by: duration) }
    public func snapshot(pausingAt pause: () -> Void) -> SimulationSnapshot { snapshot() }
}

/// The classes of command a viewer can send. A source refuses a whole class at once.
public enum CommandClass: String, Sendable, CaseIterable {
    /// Simulation speed and pause: meaningless when the clock follows the wall clock.
    case clock
    /// A fault on one member: crash, leave, hang, restart, GC pause.
    case memberFault
    /// Group changes: add a member, change the strategy.
    case membership
    /// Producers: pause/resume, rate up/down.
    case producers
}

/// The faults a viewer can inject on one member.
public enum MemberFault: String, Sendable, CaseIterable {
    case crash, leave, hang, restart, pause
}

/// What a source lets a viewer do, and why not when it does not.
public struct SourceCapabilities: Sendable, Equatable {
    /// Refused classes and the one-line status shown when a key of that class is pressed.
    public var refusedClasses: [CommandClass: String]
    /// Faults allowed on an external member (a real client: `MemberView.isExternal`). Empty: none.
    public var externalMemberFaults: Set<MemberFault>
    /// Shown when a fault outside `externalMemberFaults` is asked of an external member.
    public var externalMemberRefusal: String

    public init(
        refusedClasses: [CommandClass: String] = [:], externalMemberFaults: Set<MemberFault> = [],
        externalMemberRefusal: String = "a real client: only its connection can be closed (k)"
    ) {
        self.refusedClasses = refusedClasses
        self.externalMemberFaults = externalMemberFaults
        self.externalMemberRefusal = externalMemberRefusal
    }

    /// Everything allowed: the simulation.
    public static let simulation = SourceCapabilities()

    /// A source that shows a real cluster and changes nothing (monitor mode): every command refused.
    public static func readOnly(
        _ reason: String = "a real cluster, read-only: the dashboard only watches"
    ) -> SourceCapabilities {
        SourceCapabilities(
            refusedClasses: Dictionary(uniqueKeysWithValues: CommandClass.allCases.map { ($0, reason) }),
            externalMemberFaults: [], externalMemberRefusal: reason)
    }

    /// Why `commandClass` is refused, or nil when allowed.
    public func refusal(for commandClass: CommandClass) -> String? { refusedClasses[commandClass] }

    /// Why `fault` on `member` is refused, or nil when allowed: the class first, then the member's kind.
    public func refusal(for fault: MemberFault, on member: MemberView) -> String? {
        if let reason = refusedClasses[.memberFault] { return reason }
        if member.isExternal && !externalMemberFaults.contains(fault) { return "\(member.name) is \(externalMemberRefusal)" }
        return nil
    }
}

/// Why a command could not be applied, in one line.
public struct CommandError: Error, Sendable, CustomStringConvertible, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
