import Diagnostics
import FlyingFox
import FlyingSocks
import Foundation

/// The HTTP server of `almanac serve`: the output folder as a static site, plus the live-reload endpoints.
///
/// - `GET /__almanac/status?since=N` answers with the status (`generation`, `attempt`, `ok`, counts) as soon as
///   the attempt differs from `N`, or after `longPollSeconds`.
/// - `GET /__almanac/diagnostics` answers with the status and the last build's diagnostics (JSON, as
///   `almanac build --format json` prints them).
/// - Only requests whose `Host` names the address listened on are answered (see `HostCheck`); others get 421.
/// - Anything else is a file of the output folder: `index.html` for a folder, a redirect from `/x` to `/x/` when
///   `x` is a folder, the site's `404.html` (status 404) for what does not exist, 403 for paths that try to leave
///   the folder. HTML is sent with the live-reload script added.
public final class DevServer: @unchecked Sendable {
    public let root: String
    public let host: String
    public let live: LiveSite?
    /// The port asked for (0: any).
    public let port: UInt16
    private let server: HTTPServer
    private let handler: SiteHandler
    private let lock = NSLock()
    private var task: Task<Void, any Error>?
    private var failure: (any Error)?
    private var finished = false

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// `port` 0 lets the system choose one (see `start()`'s result). `host` is an IPv4 or IPv6 address, or
    /// `localhost`.
    public init(root: String, live: LiveSite?, host: String = "127.0.0.1", port: UInt16 = 4000,
                longPollSeconds: Double = 10) throws {
        self.root = root
        self.host = host
        self.live = live
        self.port = port
        handler = SiteHandler(root: root, live: live, longPollSeconds: longPollSeconds, hosts: HostCheck(host: host))
        let address = host == "localhost" ? "127.0.0.1" : host
        do {
            if address.contains(":") {
                server = HTTPServer(address: try .inet6(ip6: address, port: port), logger: .disabled, handler: handler)
            } else {
                server = HTTPServer(address: try .inet(ip4: address, port: port), logger: .disabled, handler: handler)
            }
        } catch {
            throw Failure(description: "`\(host)` is not an IP address such as 127.0.0.1, 0.0.0.0 or ::1")
        }
    }

    /// Starts listening and returns the port listened on. Throws when the address cannot be bound.
    @discardableResult
    public func start() async throws -> UInt16 {
        let server = self.server
        let task = Task { [self] in
            do {
                try await server.run()
                lock.withLock { finished = true }
            } catch {
                lock.withLock { finished = true; failure = error }
                throw error
            }
        }
        lock.withLock { self.task = task }
        // Generous: under a loaded machine (a parallel test run on two cores) the task may wait for a thread.
        let deadline = clockSeconds() + 30
        while clockSeconds() < deadline {
            if await server.isListening, let address = await server.listeningAddress {
                switch address {
                case .ip4(_, let port), .ip6(_, let port):
                    handler.hosts.listening(on: port)
                    return port
                case .unix: return 0
                }
            }
            if let (done, error) = lock.withLock({ finished ? (finished, failure) : nil }), done {
                throw Failure(description: "cannot listen on \(host) port \(port): \(error.map { "\($0)" } ?? "the server stopped")"
                              + "; pass another --port, or --port 0 for any free one")
            }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        await stop()
        throw Failure(description: "the server did not start listening on \(host) within 30 seconds")
    }

    /// Stops listening, ends the open long polls and waits for the server's task to end.
    public func stop() async {
        handler.stopping.set()
        await server.stop(timeout: 1)
        let task = lock.withLock { () -> Task<Void, any Error>? in
            defer { self.task = nil }
            return self.task
        }
        task?.cancel()
        _ = await task?.result
    }
}

/// A flag set once, read from any thread.
final class Latch: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}

struct SiteHandler: HTTPHandler {
    let root: String
    let live: LiveSite?
    let longPollSeconds: Double
    let hosts: HostCheck
    let stopping = Latch()

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard hosts.accepts(request.headers[.host]) else {
            return text(.misdirectedRequest, "Misdirected request: this is almanac serve, which answers only requests addressed to "
                        + "\(hosts.names.joined(separator: ", ")). Open the site at one of these addresses.\n")
        }
        guard request.method == .GET || request.method == .HEAD else {
            return text(.methodNotAllowed, "Only GET and HEAD are served.\n")
        }
        // The target's path as sent: FlyingFox's `request.path` drops the trailing slash that tells `/x/` from `/x`.
        let path = request.target.path()
        switch path {
        case "/__almanac/status":
            let since = request.query["since"].flatMap(Int.init)
            let deadline = clockSeconds() + longPollSeconds
            while let since, status.attempt == since, clockSeconds() < deadline, !stopping.isSet, !Task.isCancelled {
                try await Task.sleep(nanoseconds: 10_000_000)
            }
            return json(status.json(page: request.query["page"]))
        case "/__almanac/diagnostics":
            return json(live?.diagnosticsBody ?? Data(status.diagnosticsJSON.serialized(pretty: false).utf8))
        default:
            return try await file(path, query: request.target.query())
        }
    }

    private var status: LiveSite.Status {
        live?.status ?? LiveSite.Status(generation: 0, attempt: 0, ok: true, diagnostics: [])
    }

    private func file(_ path: String, query: String) async throws -> HTTPResponse {
        var resolution = StaticFiles.resolve(path, root: root)
        if resolution == .notFound, !FileManager.default.fileExists(atPath: root) {
            // The build swaps the new output in with two renames; look again once the second one is done.
            try await Task.sleep(nanoseconds: 100_000_000)
            resolution = StaticFiles.resolve(path, root: root)
        }
        switch resolution {
        case .file(let file):
            guard let data = FileManager.default.contents(atPath: file) else { return notFound() }
            return send(.ok, data, type: StaticFiles.contentType(of: file), page: path)
        case .redirect(var location):
            if !query.isEmpty { location += "?" + query }
            return HTTPResponse(statusCode: .found, headers: HTTPHeaders([.location: location, .cacheControl: "no-store"]))
        case .forbidden:
            return text(.forbidden, "Forbidden: the path leaves the site's folder.\n")
        case .notFound:
            return notFound()
        }
    }

    private func notFound() -> HTTPResponse {
        if case .file(let page) = StaticFiles.resolve("/404.html", root: root),
           let data = FileManager.default.contents(atPath: page) {
            return send(.notFound, data, type: StaticFiles.contentType(of: page))
        }
        let page = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Not found</title></head>" +
            "<body><h1>Not found</h1><p>Nothing is built at this address.</p></body></html>\n"
        return send(.notFound, Data(page.utf8), type: "text/html; charset=utf-8")
    }

    /// Sends bytes; HTML gets the live-reload script, which follows `page` (a URL path), or the whole site for
    /// a page that was not found.
    private func send(_ code: HTTPStatusCode, _ data: Data, type: String, page: String? = nil) -> HTTPResponse {
        var body = data
        if type.hasPrefix("text/html") {
            let status = self.status
            body = Data(LiveReload.inject(into: String(decoding: data, as: UTF8.self),
                                          generation: page.map { status.generation(ofPage: $0) } ?? status.generation,
                                          attempt: status.attempt, followsSite: page == nil).utf8)
        }
        return HTTPResponse(statusCode: code, headers: [.contentType: type, .cacheControl: "no-store"], body: body)
    }

    private func json(_ value: JSON) -> HTTPResponse { json(Data(value.serialized(pretty: false).utf8)) }

    private func json(_ body: Data) -> HTTPResponse {
        HTTPResponse(statusCode: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"], body: body)
    }

    private func text(_ code: HTTPStatusCode, _ message: String) -> HTTPResponse {
        HTTPResponse(statusCode: code, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
                     body: Data(message.utf8))
    }
}

/// The `Host` values the server answers. A page of another site can make its own name resolve to this machine
/// (DNS rebinding) and then read the preview and its diagnostics from the reader's browser; its requests carry its
/// own name, and are refused.
///
/// Listening on one address, the server answers `127.0.0.1`, `localhost`, `[::1]` and that address, each with
/// the port. Listening on every address (`0.0.0.0` or `::`), it answers any IP address (`192.168.1.20:4000`),
/// `localhost` and the machine's host name, with the port: names, which could be rebound, are refused.
final class HostCheck: @unchecked Sendable {
    private let lock = NSLock()
    private let host: String
    private var port: UInt16 = 0
    private let everyAddress: Bool

    init(host: String) {
        self.host = host.lowercased()
        everyAddress = host == "0.0.0.0" || host == "::"
    }

    /// Called once the port is known (it may have been 0, any free one).
    func listening(on port: UInt16) { lock.withLock { self.port = port } }

    /// The names answered, as shown in the refusal.
    var names: [String] {
        let port = lock.withLock { self.port }
        if everyAddress { return ["an IP address of this machine:\(port)", "localhost:\(port)", "\(HostCheck.machineName):\(port)"] }
        let own = host.contains(":") ? "[\(host)]" : host
        var names = ["127.0.0.1", "localhost", "[::1]"]
        if !names.contains(own) { names.append(own) }
        return names.map { "\($0):\(port)" }
    }

    func accepts(_ value: String?) -> Bool {
        guard let value = value?.lowercased(), !value.isEmpty else { return false }
        let port = lock.withLock { self.port }
        // `name:port`; a browser leaves out port 80.
        let name: Substring
        if let colon = value.lastIndex(of: ":"), !value[colon...].contains("]") {
            guard value[value.index(after: colon)...] == Substring(String(port)) else { return false }
            name = value[..<colon]
        } else {
            guard port == 80 else { return false }
            name = Substring(value)
        }
        if everyAddress {
            return name == "localhost" || name == HostCheck.machineName.lowercased() || HostCheck.isAddress(name)
        }
        return names.contains { $0 == "\(name):\(port)" }
    }

    /// An IPv4 address, or an IPv6 address in brackets.
    static func isAddress(_ name: Substring) -> Bool {
        var buffer = in6_addr()
        if name.hasPrefix("["), name.hasSuffix("]") { return inet_pton(AF_INET6, String(name.dropFirst().dropLast()), &buffer) == 1 }
        return inet_pton(AF_INET, String(name), &buffer) == 1
    }

    static let machineName: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()
}
