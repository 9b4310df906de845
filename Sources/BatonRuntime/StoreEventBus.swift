import BatonEngine
import BatonStore
import BatonWorkflow
import Foundation
import Synchronization

/// The durable ``EventBus``: `emit` and `POST /events` append CloudEvents to the store's event
/// log, `listen` reads the log from a point in it and then waits for new events. A listen that
/// was waiting when the process died resumes from where it first started listening (the point
/// its `taskStarted` event recorded), so events that arrived in between are not missed.
///
/// Publish/subscribe, as ``InMemoryEventBus``: every listener reads every event.
public final class StoreEventBus: EventBus {
    private let store: any RunStore
    /// The sequence of the last event this process appended or saw, and the listeners waiting
    /// for the log to grow past a sequence.
    private struct State {
        var lastSequence: Int64 = 0
        var nextWaiter: UInt64 = 0
        var waiters: [UInt64: (after: Int64, continuation: CheckedContinuation<Void, Never>)] = [:]
    }
    private let state = Mutex(State())
    /// How many events a listener reads from the store at a time.
    private let pageSize = 256

    public init(store: any RunStore) {
        self.store = store
    }

    /// Appends `event` to the log and wakes the listeners.
    /// - Returns: what the log did: the event's sequence, and whether it was new (a CloudEvent
    ///   with the `source` and `id` of one already logged is a duplicate and is not delivered again).
    /// - Throws: a validation error for what is not a CloudEvent; a runtime error when the store fails.
    @discardableResult
    public func append(_ event: JSONValue) async throws(WorkflowFault) -> CloudEventAppend {
        try CloudEvent.validate(event)
        let appended: CloudEventAppend
        do {
            appended = try await store.appendCloudEvent(event)
        } catch {
            throw .runtime("the event log could not take the event: \(error.message)")
        }
        advance(to: appended.sequence)
        return appended
    }

    public func publish(_ event: JSONValue) async throws(WorkflowFault) {
        try await append(event)
    }

    public func publishedCount() async -> UInt64 {
        let sequence = (try? await store.lastCloudEventSequence()) ?? state.withLock { $0.lastSequence }
        advance(to: sequence)
        return UInt64(max(0, sequence))
    }

    public func consume(_ strategy: EventConsumptionStrategy, scope: ExpressionScope) async throws(WorkflowFault) -> [JSONValue] {
        try await consume(strategy, scope: scope, after: await publishedCount())
    }

    public func consume(_ strategy: EventConsumptionStrategy, scope: ExpressionScope, after published: UInt64) async throws(WorkflowFault) -> [JSONValue] {
        var consumption = try EventConsumption(strategy, scope: scope)
        if consumption.isComplete { return consumption.consumed }
        var cursor = Int64(clamping: published)
        while true {
            if Task.isCancelled { throw cancellation(scope) }
            let page: [StoredCloudEvent]
            do {
                page = try await store.cloudEvents(after: cursor, types: nil, limit: pageSize)
            } catch {
                throw .runtime("the event log could not be read: \(error.message)", instance: scope.instance)
            }
            for stored in page {
                cursor = stored.sequence
                if try consumption.offer(stored.event) == .completed { return consumption.consumed }
            }
            if page.count < pageSize { await waitForEvents(after: cursor) }
        }
    }

    /// Notes that the log has reached `sequence` (another path appended to it) and wakes the
    /// listeners waiting for it.
    func advance(to sequence: Int64) {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard sequence > state.lastSequence else { return [] }
            state.lastSequence = sequence
            let due = state.waiters.filter { $0.value.after < sequence }
            for key in due.keys { state.waiters[key] = nil }
            return due.values.map(\.continuation)
        }
        for continuation in woken { continuation.resume() }
    }

    /// Returns once the log has grown past `sequence`, or the task is cancelled.
    func waitForEvents(after sequence: Int64) async {
        let key = state.withLock { state -> UInt64 in
            let key = state.nextWaiter
            state.nextWaiter += 1
            return key
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.lastSequence > sequence || Task.isCancelled { return true }
                    state.waiters[key] = (sequence, continuation)
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: key) }
            waiter?.continuation.resume()
        }
    }

    private func cancellation(_ scope: ExpressionScope) -> WorkflowFault {
        scope.instance.map(InMemoryEventBus.cancellationFault.at) ?? InMemoryEventBus.cancellationFault
    }
}
