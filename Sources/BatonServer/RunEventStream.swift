import BatonEngine
import BatonRuntime
import BatonStore
import BatonWorkflow
import Hummingbird
import NIOCore
import ServiceLifecycle

/// A run's events as server-sent events: the stored ones after a sequence, then the new ones
/// as they are committed, until the run's `runCompleted`, `runFaulted` or `runCancelled`.
///
/// Each event is `id: <sequence>`, `event: <kind>`, `data: <the event as one line of JSON>`.
/// Every event goes out once, in order, without gaps, with its stored sequence: an event the
/// ``RunMonitor`` announces right after the last one written goes out as announced; after a gap
/// (the monitor's buffer overflowed, an event reached the store by another way) the stream reads
/// what it missed from the store. The stream subscribes before it reads the stored events, so
/// nothing committed in between is missed. A `: keep-alive` comment goes out every `keepAliveInterval`, and the
/// store is read then too.
///
/// It ends with the run, when the client goes away, or when the server shuts down gracefully.
struct RunEventStream {
    let store: any RunStore
    let monitor: RunMonitor
    let runID: RunID
    let metrics: ServerMetrics
    let keepAliveInterval: Duration
    let clock: any WorkflowClock
    /// How many events one store read takes.
    let pageSize = 500

    private enum Signal: Sendable {
        case committed(StoredRunEvent)
        case keepAlive
    }

    func write(after start: Int64, to writer: inout any ResponseBodyWriter) async throws {
        let (interval, clock) = (keepAliveInterval, clock)
        try await monitor.withEvents(of: runID) { committed in
            var last = start
            if try await catchUp(from: &last, writer: &writer) { return }
            try await metrics.withEventStream {
                let (signals, continuation) = AsyncStream<Signal>.makeStream(bufferingPolicy: .bufferingNewest(1_000))
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for await event in committed { continuation.yield(.committed(event)) }
                        continuation.finish()
                    }
                    group.addTask {
                        while !Task.isCancelled {
                            try await clock.sleep(for: interval)
                            continuation.yield(.keepAlive)
                        }
                    }
                    signals: for await signal in signals.cancelOnGracefulShutdown() {
                        switch signal {
                        case .committed(let event):
                            if event.sequence <= last { continue }
                            if event.sequence == last + 1 {
                                try await writer.write(ByteBuffer(string: Self.frame(event)))
                                last = event.sequence
                                if event.endsRun { break signals }
                                continue
                            }
                        case .keepAlive:
                            try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                        }
                        if try await catchUp(from: &last, writer: &writer) { break }
                    }
                    group.cancelAll()
                }
            }
        }
    }

    /// Writes the stored events after `last`, moving it on.
    /// - Returns: whether the run has ended: its final event was written, or lies at or before
    ///   where the stream started.
    private func catchUp(from last: inout Int64, writer: inout any ResponseBodyWriter) async throws -> Bool {
        while true {
            let page = try await store.events(of: runID, after: last, limit: pageSize)
            for event in page {
                try await writer.write(ByteBuffer(string: Self.frame(event)))
                last = event.sequence
                if event.endsRun { return true }
            }
            if page.count < pageSize { break }
        }
        guard let run = try await store.run(runID) else { return true }
        return run.status.isFinished && run.lastSequence <= last
    }

    /// One event in the `text/event-stream` format.
    static func frame(_ event: StoredRunEvent) -> String {
        "id: \(event.sequence)\nevent: \(event.event.kind.rawValue)\ndata: \(event.apiValue.jsonText())\n\n"
    }
}
