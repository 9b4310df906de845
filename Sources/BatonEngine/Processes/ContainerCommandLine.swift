import BatonWorkflow

/// The `run` command line of a container, for `docker` or `podman` (both take the same options):
/// a container process with its expressions already evaluated.
///
/// - `command` runs as a shell script: the image's entry point is replaced by `/bin/sh` and the
///   command is given to `sh -c`, with `arguments` as its positional parameters (`$1`, `$2`...),
///   as in the specification's example. The image must therefore have `/bin/sh`.
/// - Without `command`, `arguments` replace the image's default `CMD` (Docker's semantics).
/// - `environment` values are not written on the command line, where `ps` would show them:
///   the line says `-e NAME` and the value comes from the client's own environment.
/// - `ports` map host ports (keys) to container ports (values): `-p host:container`;
///   `volumes` map host paths (keys) to container paths (values): `-v host:container`.
/// - `pullPolicy` becomes `--pull missing|always|never` (default `missing`, the spec's
///   `ifNotPresent`).
/// - `lifetime.cleanup: always` adds `--rm`; `never` (the default) keeps the container;
///   `eventually` keeps it with a label `baton.cleanup-after=<seconds>` for a reaper to act on.
/// - Standard input, when the task gives one, needs `-i`.
struct ContainerCommandLine: Sendable {
    var image: String
    var name: String
    var command: String?
    var arguments: [String]
    /// The names of the variables passed into the container; their values are in the client's
    /// environment.
    var environmentNames: [String]
    var ports: [(host: String, container: String)]
    var volumes: [(host: String, container: String)]
    var interactive: Bool
    var pullPolicy: ContainerProcess.PullPolicy
    var lifetime: ContainerProcess.Lifetime?
    var labels: [(name: String, value: String)]

    init(
        image: String, name: String, command: String? = nil, arguments: [String] = [], environmentNames: [String] = [],
        ports: [(host: String, container: String)] = [], volumes: [(host: String, container: String)] = [], interactive: Bool = false,
        pullPolicy: ContainerProcess.PullPolicy = .ifNotPresent, lifetime: ContainerProcess.Lifetime? = nil, labels: [(name: String, value: String)] = []
    ) {
        self.image = image
        self.name = name
        self.command = command
        self.arguments = arguments
        self.environmentNames = environmentNames
        self.ports = ports
        self.volumes = volumes
        self.interactive = interactive
        self.pullPolicy = pullPolicy
        self.lifetime = lifetime
        self.labels = labels
    }

    /// The arguments after the runtime's name: `run ... image ...`.
    var runArguments: [String] {
        var line = ["run", "--name", name, "--pull", Self.pullValue(pullPolicy)]
        switch lifetime?.cleanup ?? .never {
        case .always:
            line.append("--rm")
        case .never:
            break
        case .eventually:
            if let seconds = lifetime?.after?.totalSeconds {
                line += ["--label", "baton.cleanup-after=\(Int(seconds.rounded(.up)))"]
            }
        }
        for label in labels { line += ["--label", "\(label.name)=\(label.value)"] }
        if interactive { line.append("-i") }
        for variable in environmentNames.sorted() { line += ["-e", variable] }
        for port in ports { line += ["-p", "\(port.host):\(port.container)"] }
        for volume in volumes { line += ["-v", "\(volume.host):\(volume.container)"] }
        if let command {
            line += ["--entrypoint", "/bin/sh", image, "-c", command, "sh"]
        } else {
            line.append(image)
        }
        line += arguments
        return line
    }

    /// A container name from the run and the task, in the characters Docker accepts
    /// (`[a-zA-Z0-9][a-zA-Z0-9_.-]*`): `baton-<run>-<task>-<attempt>`.
    static func defaultName(runID: String, task: String, attempt: Int) -> String {
        let raw = "baton-\(runID)-\(task)-\(attempt)"
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
        return String(raw.map { allowed.contains($0) ? $0 : "-" })
    }

    static func pullValue(_ policy: ContainerProcess.PullPolicy) -> String {
        switch policy {
        case .ifNotPresent: "missing"
        case .always: "always"
        case .never: "never"
        }
    }
}
