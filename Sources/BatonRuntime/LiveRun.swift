import BatonEngine
import BatonStore
import Foundation
import Synchronization

/// A run this node is driving right now, and what it has been asked to do: stop for good
/// (cancel), stop to go on later (suspend, shutdown), or take no new work (drain).
///
/// The observer consults ``refuses(_:)`` before each event; the driver races the run against
/// ``stopRequested()`` and cancels it on a hard stop.
final class LiveRun: Sendable {
    enum Stop: Sendable, Hashable {
        /// The run was cancelled (its `runCancelled` is stored): stop its tasks, record nothing more.
        case cancel
        /// Stop it where it is and mark it suspended; `resume` goes on from its events.
        case suspend
        /// The node is shutting down: stop it where it is; the next start resumes it.
        case shutdown
        /// The node is shutting down gracefully: start nothing new, let running tasks finish.
        case drain
        /// It waits long: take it out of memory; its timer brings it back.
        case park
    }

    let id: RunID
    private struct State {
        var stop: Stop?
        /// The tasks in flight, by position, with their start times.
        var taskStarts: [String: Date] = [:]
    }
    private let state = Mutex(State())
    private let signal: AsyncStream<Void>
    private let signalContinuation: AsyncStream<Void>.Continuation

    init(id: RunID) {
        self.id = id
        (signal, signalContinuation) = AsyncStream<Void>.makeStream()
    }

    var stop: Stop? { state.withLock { $0.stop } }

    /// Asks the run to stop. A hard stop (anything but drain) cancels its Swift task. A request
    /// replaces an earlier one only when it weighs more — cancel, then suspend, then shutdown,
    /// park, drain — so that a suspension is not lost to a shutdown that comes after it.
    func request(_ stop: Stop) {
        let hard = state.withLock { state -> Bool in
            if let current = state.stop, current.weight >= stop.weight { return false }
            state.stop = stop
            return stop != .drain
        }
        if hard { signalContinuation.finish() }
    }

    /// Returns when a hard stop is requested, or when the calling task is cancelled.
    func stopRequested() async {
        for await _ in signal {}
    }

    /// Why the run does not take `event` now, or nil when it does.
    func refusal(of event: RunEvent) -> Stop? {
        switch stop {
        case nil: nil
        case .drain: event.kind == .taskStarted || event.kind == .taskRetrying ? .drain : nil
        case let stop: stop
        }
    }

    /// Notes a task's start, and answers how long a task took when it ends.
    func taskDuration(of event: RunEvent) -> TimeInterval? {
        guard let position = event.position else { return nil }
        return state.withLock { state in
            switch event.kind {
            case .taskStarted:
                state.taskStarts[position] = event.at
                return nil
            case .taskCompleted, .taskFaulted, .taskCancelled, .taskSkipped:
                return state.taskStarts.removeValue(forKey: position).map { event.at.timeIntervalSince($0) }
            default:
                return nil
            }
        }
    }
}

extension LiveRun {
    /// Whether the task at `position` is all the run is doing: every task in flight is that
    /// task or one that contains it (a `do`, a loop, a `try`, a function call around it). A run
    /// waiting in one branch of a fork while another branch works is not idle.
    func isIdle(except position: String) -> Bool {
        let waiting = Self.task(of: position)
        // Inside a fork the other branches may not have recorded their start yet.
        if waiting.contains("/fork/branches/") { return false }
        let inFlight = state.withLock { Array($0.taskStarts.keys) }
        return inFlight.allSatisfy { other in
            let task = Self.task(of: other)
            return task == waiting || waiting.hasPrefix(task + "/") || waiting.hasPrefix(task + ">")
        }
    }

    /// A position without its iterations and attempts (`#...` up to the next `>`): the task's
    /// place in the workflow, nested calls included.
    static func task(of position: String) -> String {
        var result = ""
        var skipping = false
        for character in position {
            if character == "#" {
                skipping = true
            } else if character == ">" {
                skipping = false
                result.append(character)
            } else if !skipping {
                result.append(character)
            }
        }
        return result
    }
}

extension LiveRun.Stop {
    /// Which request wins when two come: what the operator asked for over what the node needs.
    var weight: Int {
        switch self {
        case .cancel: 4
        case .suspend: 3
        case .shutdown: 2
        case .park: 1
        case .drain: 0
        }
    }
}

/// What an observer throws to stop a run for a reason of the node's (see ``LiveRun/Stop``).
struct RunStopped: Error, CustomStringConvertible {
    let stop: LiveRun.Stop
    var description: String { "the run was stopped (\(stop))" }
}
