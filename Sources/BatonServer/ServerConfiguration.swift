import Foundation

/// How `baton serve` runs: where it listens, which database it opens, and its limits.
/// Every member has the default `baton serve` uses; the command line sets them.
public struct ServerConfiguration: Sendable {
    /// The address to listen on (`--host`). The default takes connections from this machine only.
    public var host: String
    /// The port (`--port`); 0 lets the system pick a free one, which the listening line shows.
    public var port: Int
    /// The SQLite database (`--db`); a lock file beside it (`<path>.lock`) keeps a second
    /// `baton serve` off the same database.
    public var databasePath: String
    /// The largest request body accepted, in bytes (`--max-body-size`, in MiB); larger ones are
    /// answered 413.
    public var maxBodySize: Int
    /// How often a server-sent event stream sends a `: keep-alive` comment while nothing happens,
    /// so that proxies keep it open; the stream also checks the store for events then.
    public var keepAliveInterval: Duration
    /// How long a graceful shutdown lets running tasks finish before they are left to resume at
    /// the next start.
    public var drainTimeout: Duration
    /// The node's name in run leases.
    public var owner: String
    /// Where the services' logs go (`<directory>/logs/<service>/<instance>.log`); nil for the
    /// database's path without its extension and `.services` (`baton.sqlite` → `baton.services/`).
    public var servicesDirectory: String?
    /// The ports service instances get (`PORT`).
    public var instancePorts: Range<Int>
    /// The template library of the assistant (`--templates`); nil for the default place
    /// (`TemplateLibrary.defaultDirectory()`).
    public var templatesDirectory: String?

    public init(
        host: String = "127.0.0.1", port: Int = 8080, databasePath: String = "baton.sqlite", maxBodySize: Int = 4 << 20,
        keepAliveInterval: Duration = .seconds(15), drainTimeout: Duration = .seconds(10), owner: String = ProcessInfo.processInfo.hostName,
        servicesDirectory: String? = nil, instancePorts: Range<Int> = 20000..<30000, templatesDirectory: String? = nil
    ) {
        self.templatesDirectory = templatesDirectory
        self.servicesDirectory = servicesDirectory
        self.instancePorts = instancePorts
        self.host = host
        self.port = port
        self.databasePath = databasePath
        self.maxBodySize = maxBodySize
        self.keepAliveInterval = keepAliveInterval
        self.drainTimeout = drainTimeout
        self.owner = owner
    }

    /// ``servicesDirectory``, or the default beside the database.
    public var resolvedServicesDirectory: String {
        if let servicesDirectory { return servicesDirectory }
        let database = URL(fileURLWithPath: databasePath)
        return database.deletingPathExtension().path + ".services"
    }

    /// The body limit as people write it: `4 MiB`, `512 KiB`, `100 bytes`.
    var maxBodySizeDescription: String {
        if maxBodySize % (1 << 20) == 0 { return "\(maxBodySize >> 20) MiB" }
        if maxBodySize % (1 << 10) == 0 { return "\(maxBodySize >> 10) KiB" }
        return "\(maxBodySize) bytes"
    }
}
