#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The environment a process starts with.
///
/// A process does not inherit Baton's whole environment, which may hold credentials of the
/// engine itself (database URLs, API tokens) that a workflow must not see. It gets:
/// 1. the inherited variables: those named in `inheritedNames` that are set in Baton's
///    environment (by default the ones programs need to behave: `PATH`, `HOME`, `USER`,
///    `LOGNAME`, `SHELL`, `LANG`, `LC_ALL`, `LC_CTYPE`, `TZ`, `TMPDIR`), with `PATH` set to
///    `defaultPath` when Baton has none;
/// 2. the task's `environment`, which overrides them;
/// 3. `BATON_IDEMPOTENCY_KEY`, `BATON_RUN_ID`, `BATON_TASK` (the task's name) and
///    `BATON_TASK_REFERENCE` (its JSON Pointer), which override everything.
enum ProcessEnvironment {
    /// The variables inherited by default.
    static let inheritedNames = ["PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR"]
    /// What container clients need on top, to find their engine: `DOCKER_HOST`,
    /// `DOCKER_CONFIG`, `DOCKER_CONTEXT`, `DOCKER_CERT_PATH`, `DOCKER_TLS_VERIFY`,
    /// `CONTAINER_HOST`, `XDG_RUNTIME_DIR`. Given to the `docker`/`podman` client only, not passed
    /// into the container.
    static let containerClientNames = [
        "DOCKER_HOST", "DOCKER_CONFIG", "DOCKER_CONTEXT", "DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY", "CONTAINER_HOST", "XDG_RUNTIME_DIR",
    ]
    /// `PATH` when Baton's environment has none.
    static let defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    /// The named variables of this process's environment that are set.
    static func inherited(_ names: [String]) -> [String: String] {
        var result: [String: String] = [:]
        for name in names {
            if let value = getenv(name) { result[name] = String(cString: value) }
        }
        if result["PATH"] == nil, names.contains("PATH") { result["PATH"] = defaultPath }
        return result
    }

    /// The variables Baton always sets for a task's process.
    static func batonVariables(of context: TaskContext) -> [String: String] {
        [
            "BATON_IDEMPOTENCY_KEY": context.idempotencyKey,
            "BATON_RUN_ID": context.runID,
            "BATON_TASK": context.name,
            "BATON_TASK_REFERENCE": context.reference,
        ]
    }
}
