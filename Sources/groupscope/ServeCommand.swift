import ArgumentParser
import Dispatch
import Foundation
import GroupBroker
import GroupCore
import GroupSim

/// `groupscope serve`: the simulated cluster served over the Kafka protocol, without a terminal. Events go to stdout
/// as `simulate` prints them until SIGINT or SIGTERM; then the run summary.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the simulated cluster to real Kafka clients (no terminal): events on stdout until Ctrl-C.")

    @OptionGroup var options: ScenarioOptions
    @OptionGroup var broker: BrokerOptions

    @Option(name: .long, help: "text or json (one JSON object per line).")
    var format: OutputFormat = .text

    func run() throws {
        guard let config = broker.config() else { fail("serve needs --listen [HOST:]PORT") }
        let scenario = try options.load()
        let simulation = Simulation(scenario: scenario)
        let out = LineWriter()
        let format = self.format
        simulation.onEvent = { event in
            switch format {
            case .json: out.write(event.json.serialized)
            case .text: out.write(event.type == "broker.listening" ? event.message : event.textLine)
            }
        }
        // Signals are caught before the address is printed: a script may stop the broker as soon as it reads it.
        let stop = DispatchSemaphore(value: 0)
        var sources: [any DispatchSourceSignal] = []
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { stop.signal() }
            source.resume()
            sources.append(source)
        }
        let running: Broker
        do { running = try Broker.start(simulation: simulation, config: config) } catch { fail("\(error)") }
        BrokerOptions.warnIfExposed(running)

        stop.wait()
        running.stop()
        // The loops have stopped: the simulation is this thread's alone again.
        let summary = simulation.summary()
        switch format {
        case .json: out.write(summary.json.serialized)
        case .text: out.write("\n" + summary.text)
        }
        for source in sources { source.cancel() }
    }
}

/// The options that put the cluster on the network.
struct BrokerOptions: ParsableArguments {
    @Option(name: .long, help: "Serve the cluster to Kafka clients on [HOST:]PORT (a bare port means 127.0.0.1; 0 picks one).")
    var listen: String?

    @Option(name: .long, help: "HOST:PORT that Metadata and FindCoordinator return (default: the listen address).")
    var advertisedListener: String?

    @Option(name: .long, help: "Partitions of a topic created on first use (Kafka's num.partitions). Default 1.")
    var defaultPartitions: Int = 1

    @Option(name: .long, help: "Bytes of real producers' records kept per partition. Default 268435456 (256 MiB).")
    var retentionBytes: Int64 = 256 * 1024 * 1024

    /// The broker's configuration, nil without `--listen`; bad values print one line and exit 2.
    func config() -> BrokerConfig? {
        guard let listen else {
            if advertisedListener != nil { fail("--advertised-listener needs --listen") }
            return nil
        }
        guard let (host, port) = BrokerConfig.parseAddress(listen) else {
            fail("invalid --listen '\(listen)': expected [HOST:]PORT, e.g. 9092 or 127.0.0.1:9092")
        }
        var config = BrokerConfig(host: host, port: port)
        if let advertisedListener {
            guard let (aHost, aPort) = BrokerConfig.parseAddress(advertisedListener), advertisedListener.contains(":"), aPort > 0
            else {
                fail("invalid --advertised-listener '\(advertisedListener)': expected HOST:PORT with a port above 0")
            }
            config.advertisedHost = aHost
            config.advertisedPort = aPort
        }
        guard (1...10_000).contains(defaultPartitions) else {
            fail("invalid --default-partitions \(defaultPartitions): expected 1 to 10000")
        }
        config.defaultPartitions = defaultPartitions
        guard retentionBytes >= 1_024 else { fail("invalid --retention-bytes \(retentionBytes): expected at least 1024") }
        config.retentionBytes = retentionBytes
        return config
    }

    /// A non-loopback address gets one line on stderr: nothing here authenticates anyone. Printed once bound, so that it
    /// names the port really listened on (`--listen 0`) and a bind failure stays a single line.
    static func warnIfExposed(_ broker: Broker) {
        guard let warning = BrokerConfig.exposureWarning(host: broker.address.host, port: broker.address.port) else { return }
        FileHandle.standardError.write(Data("groupscope: warning: \(warning)\n".utf8))
    }
}

/// One line at a time to stdout, from whichever thread: scripts and tests read events as they happen.
final class LineWriter: @unchecked Sendable {
    private let lock = NSLock()

    func write(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}
