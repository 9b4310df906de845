import BatonWorkflow
import Foundation

/// Converts a docker-compose file into a Baton services file (`baton import compose`).
///
/// What compose and Baton share is mapped — what to run (`image`, or `entrypoint` + `command`),
/// `environment` and `env_file`, `working_dir`, published `ports`, `depends_on` with its
/// conditions, `healthcheck`, `restart` and `deploy.restart_policy`, `deploy.replicas` (and
/// `scale`), `deploy.resources.limits` (and `mem_limit`, `cpus`), `labels`, `stop_signal`,
/// `stop_grace_period` and the project's `name` — after compose's `${VAR}` interpolation from the
/// process environment and the `.env` beside the file. Everything else (volumes, networks, build,
/// user, secrets, …) is reported, per service and key, as an ``ImportNote``; so is what maps with
/// a difference worth knowing. A service that only has a `build` has nothing Baton can run and is
/// left out, saying so.
public struct ComposeImporter: Sendable {
    /// The process environment, for `${VAR}` and for `environment` entries without a value; it
    /// wins over the `.env` file, as in compose.
    public var environment: [String: String]
    /// Reads a file (the `.env`, the `env_file`s, to check them); the path is absolute.
    public var readFile: @Sendable (String) throws -> String
    /// Whether a directory exists (an absolute `working_dir`, which in compose is inside the container).
    public var directoryExists: @Sendable (String) -> Bool

    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        readFile: @escaping @Sendable (String) throws -> String = { try String(contentsOfFile: $0, encoding: .utf8) },
        directoryExists: @escaping @Sendable (String) -> Bool = { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    ) {
        self.environment = environment
        self.readFile = readFile
        self.directoryExists = directoryExists
    }

    /// Reads and converts the compose file at `path`.
    /// - Parameter outputDirectory: where the services file will be written: relative paths
    ///   (`working_dir`, `env_file`) are written relative to it. The compose file's directory by default.
    /// - Throws: ``DocumentErrors`` for a file that is not a compose file or has values compose
    ///   would refuse too, each with file:line:column and the key path.
    public func importFile(path: String, outputDirectory: String? = nil, loader: DocumentLoader = DocumentLoader()) throws(DocumentErrors) -> ComposeImport {
        let (document, directory) = try loader.loadServiceFile(path, kind: "a compose file")
        return try convert(document, directory: directory, outputDirectory: outputDirectory)
    }

    /// Converts a loaded compose document.
    /// - Parameters:
    ///   - directory: the compose file's directory, where its `.env` and relative paths are.
    ///   - outputDirectory: where the services file will be written; `directory` by default.
    /// - Throws: ``DocumentErrors`` with every problem found.
    public func convert(_ document: LoadedDocument, directory: String, outputDirectory: String? = nil) throws(DocumentErrors) -> ComposeImport {
        let directory = URL(fileURLWithPath: directory).standardizedFileURL.path
        var conversion = ComposeConversion(
            importer: self, sourceMap: document.sourceMap, directory: directory,
            outputDirectory: URL(fileURLWithPath: outputDirectory ?? directory).standardizedFileURL.path)
        return try conversion.run(document.value)
    }
}
