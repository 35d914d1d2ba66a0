import typealias GroupCore.Millis

/// A broker's address as the user or Metadata gives it.
public struct BrokerAddress: Hashable, Sendable, CustomStringConvertible, Comparable {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    public static func < (lhs: BrokerAddress, rhs: BrokerAddress) -> Bool {
        lhs.host != rhs.host ? lhs.host < rhs.host : lhs.port < rhs.port
    }

    /// Parses `HOST:PORT[,HOST:PORT…]` (an IPv6 host in brackets); nil with the reason when malformed.
    public static func parseList(_ text: String) -> Result<[BrokerAddress], BootstrapError> {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        var result: [BrokerAddress] = []
        for item in items {
            guard !item.isEmpty else { return .failure(BootstrapError("empty address in '\(text)'")) }
            var host: Substring
            var portText: Substring
            if item.hasPrefix("[") {
                guard let close = item.firstIndex(of: "]"), item[item.index(after: close)...].hasPrefix(":") else {
                    return .failure(BootstrapError("'\(item)': expected [IPv6]:PORT"))
                }
                host = item[item.index(after: item.startIndex)..<close]
                portText = item[item.index(close, offsetBy: 2)...]
            } else {
                guard let colon = item.lastIndex(of: ":") else {
                    return .failure(BootstrapError("'\(item)': expected HOST:PORT"))
                }
                host = item[..<colon]
                portText = item[item.index(after: colon)...]
            }
            guard !host.isEmpty else { return .failure(BootstrapError("'\(item)': empty host")) }
            guard let port = Int(portText), (1...65_535).contains(port) else {
                return .failure(BootstrapError("'\(item)': port must be a number from 1 to 65535"))
            }
            result.append(BrokerAddress(host: String(host), port: port))
        }
        return .success(result)
    }
}

public struct BootstrapError: Error, Sendable, CustomStringConvertible, Equatable {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// Why a request got no answer. Each case is one line for the user.
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Could not connect (refused, no route, name not resolved, connect timeout).
    case unreachable(String)
    /// The broker closed the connection before answering.
    case closed
    /// No answer within the request timeout.
    case timedOut(Millis)
    /// The bytes that came back are not a Kafka response frame (a TLS alert, an HTTP page, a size beyond the limit).
    case garbage(String)

    public var description: String {
        switch self {
        case .unreachable(let why): why
        case .closed: "connection closed by the broker"
        case .timedOut(let ms): "no answer within \(ms) ms"
        case .garbage(let what): "not a Kafka response (\(what))"
        }
    }
}

/// One request, one response, to one broker. The monitor's only door to the network: the NIO implementation holds a
/// connection per broker, tests answer from recorded frames.
public protocol KafkaTransport: AnyObject, Sendable {
    /// Sends a complete request frame (size prefix included) and returns the response frame without its size prefix.
    func roundTrip(_ frame: [UInt8], to broker: BrokerAddress) async throws(TransportError) -> [UInt8]
    /// Forgets the connection to `broker` (the next request reconnects).
    func disconnect(_ broker: BrokerAddress) async
}
