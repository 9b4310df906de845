import BatonEngine
import BatonServices
import BatonWorkflow
import Foundation
import Hummingbird
import ServiceLifecycle

/// `GET /services/{name}/logs?follow=true`: the lines of a service's instances as server-sent
/// events (`event: line`, `data: {time, instance, stream, text}`), new ones as they are written —
/// instances that start later (a restart, an update, a scale) included.
///
/// A `: keep-alive` comment goes out every `keepAliveInterval`, so that proxies keep the stream
/// open and a client that went away is noticed even when the service writes nothing. The stream
/// ends when the client goes away or when the server shuts down gracefully.
struct ServiceLogStream: Sendable {
    let supervisor: LocalSupervisor
    let service: ServiceName
    let query: LogQuery
    let keepAliveInterval: Duration
    let clock: any WorkflowClock

    private enum Signal: Sendable {
        case line(instance: String, line: LogLine)
        case keepAlive
    }

    /// Follows every instance log of the service; looks for new instances every second.
    func write(after last: Date?, to writer: inout any ResponseBodyWriter) async throws {
        let (signals, continuation) = AsyncStream<Signal>.makeStream()
        let filter = LogQuery(since: last.map { $0.addingTimeInterval(0.001) } ?? Date(), grep: query.grep)
        let directory = supervisor.logDirectory(of: service)
        let (supervisor, service, interval, clock) = (self.supervisor, self.service, keepAliveInterval, self.clock)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var followed: Set<String> = []
                await withTaskGroup(of: Void.self) { followers in
                    while !Task.isCancelled {
                        for instance in supervisor.instanceLogNames(service) where !followed.contains(instance) {
                            followed.insert(instance)
                            followers.addTask {
                                guard let log = try? InstanceLog(directory: directory, instance: instance) else { return }
                                do {
                                    for try await line in log.follow(filter) { continuation.yield(.line(instance: instance, line: line)) }
                                } catch {}
                            }
                        }
                        try? await Task.sleep(for: .seconds(1))
                    }
                    followers.cancelAll()
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    try await clock.sleep(for: interval)
                    continuation.yield(.keepAlive)
                }
            }
            for await signal in signals.cancelOnGracefulShutdown() {
                switch signal {
                case .line(let instance, let line): try await writer.write(ByteBuffer(string: Self.frame((instance, line))))
                case .keepAlive: try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                }
            }
            group.cancelAll()
        }
    }

    static func frame(_ entry: (instance: String, line: LogLine)) -> String {
        "event: line\ndata: \(ServiceFunctions.logLineJSON(entry).jsonText())\n\n"
    }
}
