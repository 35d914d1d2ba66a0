/// How the broker listens and what it tells clients.
public struct BrokerConfig: Sendable {
    /// Where to listen; port 0 picks a free port.
    public var host: String
    public var port: Int
    /// What Metadata and FindCoordinator return; nil: the address actually listened on.
    public var advertisedHost: String?
    public var advertisedPort: Int?
    /// Partitions of a topic created on first use (Kafka's `num.partitions`, default 1).
    public var defaultPartitions: Int
    /// Per-partition byte bound on stored record batches (`--retention-bytes`, default 256 MiB).
    public var retentionBytes: Int64
    /// The largest frame a client may send (Kafka's `socket.request.max.bytes`, default 100 MiB).
    public var maximumFrameBytes: Int
    /// Requests read from one connection and not yet answered before the broker stops reading from it.
    public var maximumQueuedRequests: Int

    public init(
        host: String = "127.0.0.1", port: Int = 0, advertisedHost: String? = nil, advertisedPort: Int? = nil,
        defaultPartitions: Int = 1, retentionBytes: Int64 = 256 * 1024 * 1024, maximumFrameBytes: Int = 100 * 1024 * 1024,
        maximumQueuedRequests: Int = 16
    ) {
        self.host = host
        self.port = port
        self.advertisedHost = advertisedHost
        self.advertisedPort = advertisedPort
        self.defaultPartitions = defaultPartitions
        self.retentionBytes = retentionBytes
        self.maximumFrameBytes = maximumFrameBytes
        self.maximumQueuedRequests = maximumQueuedRequests
    }

    /// Parses `[HOST:]PORT` (a bare port means 127.0.0.1; `[::1]:9092` for IPv6). Nil when malformed.
    public static func parseAddress(_ text: String) -> (host: String, port: Int)? {
        var host = "127.0.0.1"
        var portText = Substring(text)
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            portText = rest.dropFirst()
        } else if let colon = text.lastIndex(of: ":") {
            host = String(text[..<colon])
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, let port = Int(portText), (0...65_535).contains(port) else { return nil }
        return (host, port)
    }

    /// Whether a listen host is loopback-only (no warning needed).
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// The one-line warning for an address other hosts can reach (issue 11, "Security"); nil for loopback.
    public static func exposureWarning(host: String, port: Int) -> String? {
        guard !isLoopback(host) else { return nil }
        return "listening on \(host):\(port) without authentication (no SASL, no TLS): "
            + "anyone who can reach it can produce, consume and join groups"
    }

    /// The address as the dashboard's header shows it. Off loopback it says "no authentication" there too: the
    /// warning line printed before the dashboard opens is hidden as soon as the full screen takes over.
    public static func headerAddress(host: String, port: Int) -> String {
        isLoopback(host) ? "\(host):\(port)" : "\(host):\(port) (no authentication)"
    }
}
