import BatonWorkflow
import Synchronization

/// An ``EventBus`` inside one process: `emit` tasks publish to it, `listen` tasks consume from it,
/// every listener sees every event (publish/subscribe, not a work queue).
///
/// **Which events a listener sees.** A `listen` sees the events published after it starts
/// listening, as a subscriber does (``consume(_:scope:)``). A workflow that must not miss an
/// event published by another branch just before its listener registers — a `fork` whose one
/// branch emits and another listens — takes a ``position`` before starting the branches and
/// listens with ``consume(_:scope:after:)``, which first replays the events published since that
/// position from a bounded history of recent events (`retention`), then waits for new ones. The
/// default is deliberately not to replay: a `listen` in a loop would otherwise consume the same
/// old event on every iteration.
///
/// **Cost.** Publishing validates the event, appends it to the history and hands it to each
/// registered listener's mailbox under one lock (O(listeners), copies are shared storage);
/// filters and expressions run afterwards in each listener's own task, never under the lock.
///
/// **Cancellation.** Cancelling the Swift task of a waiting `consume` ends it promptly with
/// ``cancellationFault`` (the protocol's typed throws allow only `WorkflowFault`), and the
/// listener is unregistered on every way out.
public final class InMemoryEventBus: EventBus {
    /// A point in the bus's stream of events: the number of events published before it.
    public struct Position: Sendable, Hashable, Comparable {
        /// How many events the bus had published at this point.
        public let published: UInt64

        public static func < (lhs: Position, rhs: Position) -> Bool { lhs.published < rhs.published }
    }

    /// The fault a `consume` ends with when its task is cancelled (a runtime error, attributed to
    /// the listening task). Callers tell it from a real fault by `Task.isCancelled`, and report
    /// the task as cancelled rather than faulted.
    public static let cancellationFault = WorkflowFault.runtime("the listener was cancelled before its events arrived")

    /// One registered listener: the events handed to it and not yet taken, and the continuation
    /// of its waiting `consume`, if it is waiting.
    struct Mailbox {
        var pending: [JSONValue] = []
        var waiter: CheckedContinuation<Delivery, Never>?
        var cancelled = false
    }

    enum Delivery {
        case events([JSONValue])
        case cancelled
    }

    struct State {
        var history: EventHistory
        var mailboxes: [UInt64: Mailbox] = [:]
        var nextListener: UInt64 = 0
    }

    private let state: Mutex<State>

    /// Creates an empty bus.
    ///
    /// - Parameter retention: how many recent events to keep for ``consume(_:scope:after:)`` and
    ///   ``recentEvents``; older ones are dropped.
    public init(retention: Int = 1024) {
        state = Mutex(State(history: EventHistory(capacity: retention)))
    }

    /// The current end of the stream: events published from now on come after it.
    public var position: Position {
        state.withLock { Position(published: $0.history.count) }
    }

    /// How many `consume` calls are registered, waiting for events or matching them. Tests wait
    /// on it to publish only once a listener is in place.
    public var waitingConsumers: Int {
        state.withLock { $0.mailboxes.count }
    }

    /// The retained recent events, oldest first.
    public var recentEvents: [JSONValue] {
        state.withLock { $0.history.events(after: 0) }
    }

    /// Publishes `event` to every registered listener and to the history.
    ///
    /// - Throws: a validation error when `event` is not a CloudEvents 1.0 event
    ///   (``CloudEvent/validate(_:instance:)``); nothing is published then.
    public func publish(_ event: JSONValue) async throws(WorkflowFault) {
        try CloudEvent.validate(event)
        let waiters = state.withLock { state in
            state.history.append(event)
            var waiters: [(CheckedContinuation<Delivery, Never>, [JSONValue])] = []
            // Walk the mailboxes in place: iterating `keys` would copy the dictionary.
            var index = state.mailboxes.startIndex
            while index != state.mailboxes.endIndex {
                state.mailboxes.values[index].pending.append(event)
                if let waiter = state.mailboxes.values[index].waiter {
                    waiters.append((waiter, state.mailboxes.values[index].pending))
                    state.mailboxes.values[index].waiter = nil
                    state.mailboxes.values[index].pending = []
                }
                state.mailboxes.formIndex(after: &index)
            }
            return waiters
        }
        for (waiter, events) in waiters { waiter.resume(returning: .events(events)) }
    }

    /// Waits for the events `strategy` asks for, among those published from now on, and returns
    /// the ones it consumed in the order they were published (see ``EventConsumption``).
    ///
    /// - Throws: an expression error when a filter, correlation or `until` expression fails;
    ///   ``cancellationFault`` when the task is cancelled.
    public func consume(_ strategy: EventConsumptionStrategy, scope: ExpressionScope) async throws(WorkflowFault) -> [JSONValue] {
        try await consume(strategy, scope: scope, replaying: nil)
    }

    /// Like ``consume(_:scope:)``, but also considers the retained events published after
    /// `position`, before waiting for new ones. Events already dropped from the history (more
    /// than `retention` ago) are not seen.
    public func consume(_ strategy: EventConsumptionStrategy, scope: ExpressionScope, after position: Position) async throws(WorkflowFault) -> [JSONValue] {
        try await consume(strategy, scope: scope, replaying: position)
    }

    public func publishedCount() async -> UInt64 {
        position.published
    }

    public func consume(_ strategy: EventConsumptionStrategy, scope: ExpressionScope, after published: UInt64) async throws(WorkflowFault) -> [JSONValue] {
        try await consume(strategy, scope: scope, replaying: Position(published: published))
    }

    private func consume(_ strategy: EventConsumptionStrategy, scope: ExpressionScope, replaying position: Position?) async throws(WorkflowFault) -> [JSONValue] {
        var consumption = try EventConsumption(strategy, scope: scope)
        if consumption.isComplete { return consumption.consumed }
        if Task.isCancelled { throw cancellation(scope) }
        let listener = register(replaying: position)
        defer { unregister(listener) }
        while true {
            switch await next(for: listener) {
            case .cancelled:
                throw cancellation(scope)
            case .events(let events):
                for event in events {
                    if try consumption.offer(event) == .completed { return consumption.consumed }
                }
            }
        }
    }

    /// ``cancellationFault``, attributed to the listening task.
    private func cancellation(_ scope: ExpressionScope) -> WorkflowFault {
        scope.instance.map(Self.cancellationFault.at) ?? Self.cancellationFault
    }

    private func register(replaying position: Position?) -> UInt64 {
        state.withLock { state in
            let listener = state.nextListener
            state.nextListener += 1
            var mailbox = Mailbox()
            if let position { mailbox.pending = state.history.events(after: position.published) }
            state.mailboxes[listener] = mailbox
            return listener
        }
    }

    private func unregister(_ listener: UInt64) {
        let waiter = state.withLock { $0.mailboxes.removeValue(forKey: listener)?.waiter }
        // Not expected (a listener waits only inside `next`), but never leave a continuation hanging.
        waiter?.resume(returning: .cancelled)
    }

    /// The events handed to `listener` since it last asked, waiting for at least one.
    private func next(for listener: UInt64) async -> Delivery {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Delivery, Never>) in
                let immediate: Delivery? = state.withLock { state in
                    guard var mailbox = state.mailboxes[listener] else { return .cancelled }
                    if mailbox.cancelled { return .cancelled }
                    if !mailbox.pending.isEmpty {
                        let events = mailbox.pending
                        mailbox.pending = []
                        state.mailboxes[listener] = mailbox
                        return .events(events)
                    }
                    mailbox.waiter = continuation
                    state.mailboxes[listener] = mailbox
                    return nil
                }
                if let immediate { continuation.resume(returning: immediate) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Delivery, Never>? in
                state.mailboxes[listener]?.cancelled = true
                defer { state.mailboxes[listener]?.waiter = nil }
                return state.mailboxes[listener]?.waiter
            }
            waiter?.resume(returning: .cancelled)
        }
    }
}
