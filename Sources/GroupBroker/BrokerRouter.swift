import GroupCore
import GroupSim
import NIOCore

/// Decodes each request frame, applies it to the simulation on its loop, and encodes the answer. Decoding and
/// encoding run on the connection's I/O loop; only the part that reads or changes the simulation runs on its loop.
final class BrokerRouter: RequestRouter, Sendable {
    let host: SimulationHost

    init(host: SimulationHost) { self.host = host }

    func connectionOpened(_ info: ConnectionInfo, channel: any Channel) {
        _ = host.run { _, state in state.opened(info, channel: channel) }
    }

    func connectionClosed(_ info: ConnectionInfo, reason: String?) {
        _ = host.run { simulation, state in
            state.closed(info)
            guard let reason else { return }
            simulation.recordBrokerEvent(
                "broker.connection-closed", "closed the connection from \(info.remote): \(reason)",
                [("remote", .string(info.remote)), ("reason", .string(reason))])
        }
    }

    func route(_ frame: ByteBuffer, from connection: ConnectionInfo) -> EventLoopFuture<RouteOutcome> {
        host.loop.makeSucceededFuture(.close(reason: "not implemented yet", lastResponse: nil))
    }
}
