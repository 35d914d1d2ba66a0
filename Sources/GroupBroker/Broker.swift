import Foundation
import GroupCore
import GroupSim
import NIOCore
import NIOExtras
import NIOPosix

/// The simulated cluster served over the Kafka protocol: one broker (node 0), also the group coordinator.
///
/// Network I/O runs on swift-nio; each connection's frames pass `FrameSizeGuard` and swift-nio-extras'
/// `LengthFieldBasedFrameDecoder`, then `KafkaConnectionHandler` hands them one at a time to the router, which applies
/// them to the one simulation on its own loop (`SimulationHost`).
public final class Broker: Sendable {
    /// The address actually listened on (the real port when 0 was asked for).
    public let address: (host: String, port: Int)
    public let config: BrokerConfig
    let host: SimulationHost
    private let ioGroup: MultiThreadedEventLoopGroup
    private let simulationGroup: MultiThreadedEventLoopGroup
    private let serverChannel: any Channel

    /// Binds and starts serving `simulation`, which from now on belongs to the broker's simulation loop: touch it only
    /// through `withSimulation`.
    public static func start(simulation: Simulation, config: BrokerConfig) throws -> Broker {
        let simulationGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        // Connections spread over the cores; the simulation has its own thread.
        let ioGroup = MultiThreadedEventLoopGroup(numberOfThreads: min(4, max(1, System.coreCount)))
        let host = SimulationHost(simulation: simulation, config: config, loop: simulationGroup.next())
        let router = BrokerRouter(host: host)
        let connectionIds = ManagedAtomicCounter()
        let bootstrap = ServerBootstrap(group: ioGroup)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.writeBufferWaterMark, value: .init(low: 256 * 1024, high: 1024 * 1024))
            // Producers send frames of up to a megabyte: reads of up to 1 MiB (NIO's default stops at 64 KiB) take a
            // frame in a few reads instead of dozens.
            .childChannelOption(
                .recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 2048, maximum: 1 << 20)
            )
            .childChannelInitializer { channel in
                let remote = channel.remoteAddress
                let info = ConnectionInfo(
                    id: connectionIds.next(), remote: remote.map(Self.describe) ?? "unknown",
                    host: "/" + (remote?.ipAddress ?? "unknown"))
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandlers([
                        FrameSizeGuard(maximumFrameBytes: config.maximumFrameBytes),
                        ByteToMessageHandler(LengthFieldBasedFrameDecoder(lengthFieldBitLength: .thirtyTwoBits)),
                        KafkaConnectionHandler(
                            router: router, info: info, maximumQueuedRequests: config.maximumQueuedRequests),
                    ])
                    router.connectionOpened(info, channel: channel)
                }
            }
        let channel: any Channel
        do {
            channel = try bootstrap.bind(host: config.host, port: config.port).wait()
        } catch {
            try? ioGroup.syncShutdownGracefully()
            try? simulationGroup.syncShutdownGracefully()
            throw BrokerError("cannot listen on \(config.host):\(config.port): \(error)")
        }
        let port = channel.localAddress?.port ?? config.port
        let broker = Broker(
            address: (config.host, port), config: config, host: host, ioGroup: ioGroup, simulationGroup: simulationGroup,
            serverChannel: channel)
        let advertised = (config.advertisedHost ?? config.host, config.advertisedPort ?? port)
        // Recorded before the clock first moves, so that it is the run's first event.
        try host.read { simulation in
            simulation.recordBrokerEvent(
                "broker.listening", "listening on \(config.host):\(port)",
                [
                    ("address", .string("\(config.host):\(port)")),
                    ("advertised", .string("\(advertised.0):\(advertised.1)")),
                ])
        }.wait()
        try host.run { _, state in state.advertised = advertised }.wait()
        host.start()
        return broker
    }

    private init(
        address: (host: String, port: Int), config: BrokerConfig, host: SimulationHost, ioGroup: MultiThreadedEventLoopGroup,
        simulationGroup: MultiThreadedEventLoopGroup, serverChannel: any Channel
    ) {
        self.address = address
        self.config = config
        self.host = host
        self.ioGroup = ioGroup
        self.simulationGroup = simulationGroup
        self.serverChannel = serverChannel
    }

    /// Runs `body` with the simulation, on its loop, after bringing its clock to the wall clock; waits for the result.
    public func withSimulation<T: Sendable>(_ body: @escaping @Sendable (Simulation) throws -> T) throws -> T {
        try host.run { simulation, _ in try body(simulation) }.wait()
    }

    /// `crash NAME` for any member: a simulated one crashes in the simulation; a real one has its connections dropped and
    /// its requests ignored until its session expires, which is what a crashed process looks like to the coordinator.
    public func crash(member name: String) throws {
        try host.run { simulation, state in
            if let member = simulation.externalMember(named: name) {
                simulation.crashExternal(memberId: member.memberId)
                state.closeConnections(ofMember: member.memberId)
            } else {
                try simulation.apply(.crash(member: name))
            }
        }.wait()
    }

    /// Closes the listening socket and every connection, then stops the loops. The simulation stays readable by the
    /// caller afterwards (for the run summary), from the caller's thread.
    public func stop() {
        try? serverChannel.close().wait()
        try? host.run { _, state in state.closeAllConnections() }.wait()
        host.stop()
        try? ioGroup.syncShutdownGracefully()
        try? simulationGroup.syncShutdownGracefully()
    }

    static func describe(_ address: SocketAddress) -> String {
        guard let ip = address.ipAddress, let port = address.port else { return "\(address)" }
        return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
    }
}

/// A broker that could not start, in one line.
public struct BrokerError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// Connection ids, from any I/O thread.
final class ManagedAtomicCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
