import Foundation
import GroupCore
import GroupSim
import NIOCore
import NIOPosix

/// The one simulation behind the broker, confined to an event loop of its own: every request of every connection is
/// applied there, one at a time, in the order it arrived, so the engine stays single-threaded. While the broker runs,
/// the simulation's clock follows the wall clock at ×1 (real clients' timers are wall-clock).
public final class SimulationHost: @unchecked Sendable {
    // @unchecked: `simulation` and the broker state are touched only on `loop` (checked by `assertOnLoop`).
    public let loop: any EventLoop
    private let simulation: Simulation
    let state: BrokerState
    /// The wall-clock instant the simulation's time 0 stands for.
    private let origin: NIODeadline
    /// Unix time (ms) at simulation time 0: record timestamps and ListOffsets by timestamp are in Unix time.
    let unixOriginMs: Int64
    private var ticker: RepeatedTask?
    /// Repeated work of viewers (the dashboard's published snapshots), stopped with the host.
    private var viewerTasks: [RepeatedTask] = []
    private var nextTrim: Millis = 0

    /// How often the clock catches up with the wall clock when no request arrives: coordinator timers (session
    /// expiry, join deadlines) and long-polling fetch deadlines fire at this granularity.
    static let tickInterval = TimeAmount.milliseconds(5)

    init(simulation: Simulation, config: BrokerConfig, loop: any EventLoop) {
        self.simulation = simulation
        self.loop = loop
        self.state = BrokerState(config: config)
        self.origin = .now() - .milliseconds(simulation.now)
        self.unixOriginMs = Int64((Date().timeIntervalSince1970 * 1_000).rounded()) - simulation.now
        simulation.retentionBytes = config.retentionBytes
    }

    /// Starts following the wall clock.
    func start() {
        ticker = loop.scheduleRepeatedTask(initialDelay: Self.tickInterval, delay: Self.tickInterval) { [self] _ in
            catchUp()
        }
    }

    func stop() {
        ticker?.cancel()
        ticker = nil
        _ = loop.submit { [self] in
            for task in viewerTasks { task.cancel() }
            viewerTasks = []
        }
    }

    /// Runs `body` with the simulation on its loop every `interval`, after bringing the clock to now, until the host
    /// stops: how a viewer gets fresh views without waiting for the simulation's thread.
    func every(_ interval: TimeAmount, _ body: @escaping @Sendable (Simulation) -> Void) {
        loop.execute { [self] in
            let task = loop.scheduleRepeatedTask(initialDelay: .zero, delay: interval) { [self] _ in
                catchUp()
                body(simulation)
            }
            viewerTasks.append(task)
        }
    }

    /// Runs `body` on the simulation's loop, after bringing the clock to now.
    func run<T: Sendable>(_ body: @escaping @Sendable (Simulation, BrokerState) throws -> T) -> EventLoopFuture<T> {
        loop.submit { [self] in
            catchUp()
            defer { state.afterClockMoved(simulation, host: self) }
            return try body(simulation, state)
        }
    }

    /// Runs `body` on the simulation's loop without moving the clock (for viewers that only read).
    func read<T: Sendable>(_ body: @escaping @Sendable (Simulation) -> T) -> EventLoopFuture<T> {
        loop.submit { [self] in body(simulation) }
    }

    /// Brings the simulation to the wall clock, then lets everything that depends on time move: coordinator answers
    /// the timers released, fetches whose data arrived or whose deadline passed.
    func catchUp() {
        loop.preconditionInEventLoop()
        let target = Millis((NIODeadline.now() - origin).nanoseconds / 1_000_000)
        if target > simulation.now { simulation.run(until: target) }
        if simulation.now >= nextTrim {
            simulation.trimStoredRecords()
            nextTrim = simulation.now + 1_000
        }
        state.afterClockMoved(simulation, host: self)
    }

    /// The simulation's time now, in Unix milliseconds.
    func unixTime(_ simulationTime: Millis) -> Int64 { unixOriginMs + simulationTime }
}
