import Foundation
import Logging

/// What the runners of one supervisor share: how to start a process and check it, where logs
/// go, and where started processes are recorded.
struct SupervisorEnvironment: Sendable {
    let launcher: ProcessLauncher
    let prober: HealthProber
    let logDirectory: String
    let logRotation: LogRotation
    let searchDirectories: [String]
    let logger: Logger
    /// Records a started or stopped process (kept in order by the supervisor's recorder).
    let record: @Sendable (InstanceRecordChange) -> Void

    /// The directory of a service's instance logs: `<logs>/<service>/<instance>.log`.
    func logDirectory(of service: ServiceName) -> String {
        URL(fileURLWithPath: logDirectory).appendingPathComponent(service.rawValue).path
    }

    func launch(_ spec: InstanceSpec) throws(ServiceError) -> LocalProcess {
        guard let executable = spec.definition.command.first else {
            throw ServiceError(
                .invalid, "service `\(spec.service)` runs the image \(spec.definition.image ?? "?"); the local driver runs commands only: give it a `command`")
        }
        let output: InstanceLogWriter
        do {
            try FileManager.default.createDirectory(atPath: logDirectory(of: spec.service), withIntermediateDirectories: true)
            output = try InstanceLogWriter(directory: logDirectory(of: spec.service), instance: spec.name, rotation: logRotation)
        } catch {
            throw ServiceError(.resources, "cannot open the log of \(spec.name) in \(logDirectory(of: spec.service)): \(error)")
        }
        let request = ProcessLaunchRequest(
            executable: executable, arguments: Array(spec.definition.command.dropFirst()), environment: spec.environment,
            workingDirectory: spec.definition.workingDirectory, searchDirectories: searchDirectories)
        do {
            return try launcher.start(request, output: output)
        } catch {
            throw ServiceError(.invalid, error.description)
        }
    }

    func recordStarted(_ spec: InstanceSpec, _ process: LocalProcess) {
        record(.started(InstanceRecord(
            instance: spec.name, service: spec.service, pid: process.identity.pid, processGroup: process.identity.processGroup,
            startTime: process.identity.startTime)))
    }

    func recordStopped(_ spec: InstanceSpec, _ process: LocalProcess) {
        record(.stopped(spec.name))
    }
}

enum InstanceRecordChange: Sendable {
    case started(InstanceRecord)
    case stopped(String)
}
