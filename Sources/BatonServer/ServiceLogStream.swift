import BatonServices
import BatonWorkflow
import Foundation
import Hummingbird

/// `GET /services/{name}/logs?follow=true`: the lines of a service's instances as server-sent
/// events (`event: line`, `data: {time, instance, stream, text}`), new ones as they are written —
/// instances that start later (a restart, an update, a scale) included — until the client goes.
struct ServiceLogStream: Sendable {
    let supervisor: LocalSupervisor
    let service: ServiceName
    let query: LogQuery

    /// Follows every instance log of the service; looks for new instances every second.
    func write(after last: Date?, to writer: inout any ResponseBodyWriter) async throws {
        let (lines, continuation) = AsyncStream<(instance: String, line: LogLine)>.makeStream()
        let filter = LogQuery(since: last.map { $0.addingTimeInterval(0.001) } ?? Date(), grep: query.grep)
        let directory = supervisor.logDirectory(of: service)
        let supervisor = self.supervisor
        let service = self.service
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
                                    for try await line in log.follow(filter) { continuation.yield((instance, line)) }
                                } catch {}
                            }
                        }
                        try? await Task.sleep(for: .seconds(1))
                    }
                    followers.cancelAll()
                }
            }
            for await entry in lines {
                try await writer.write(ByteBuffer(string: Self.frame(entry)))
            }
            group.cancelAll()
        }
    }

    static func frame(_ entry: (instance: String, line: LogLine)) -> String {
        "event: line\ndata: \(ServiceFunctions.logLineJSON(entry).jsonText())\n\n"
    }
}
