import BatonEngine
import BatonWorkflow
import Foundation
import Synchronization

/// A clock that moves only when a test says so: `sleep` waits until `advance` passes its
/// deadline, so tests of waits, retries and timeouts never sleep for real.
public final class ManualClock: WorkflowClock {
    private struct Sleeper {
        let id: UInt64
        let deadline: Date
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now: Date
        var sleepers: [Sleeper] = []
        var nextID: UInt64 = 0
    }

    private let state: Mutex<State>

    public init(now: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        state = Mutex(State(now: now))
    }

    public func now() -> Date {
        state.withLock { $0.now }
    }

    /// How many sleeps are waiting for time to pass.
    public var sleeperCount: Int {
        state.withLock { $0.sleepers.count }
    }

    public func sleep(for duration: Duration) async throws {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow = state.withLock { state -> Bool in
                    let deadline = state.now.addingTimeInterval(duration.timeInterval)
                    if deadline <= state.now { return true }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return false
                }
                if resumeNow { continuation.resume() }
                if Task.isCancelled { cancel(id) }
            }
        } onCancel: {
            cancel(id)
        }
    }

    private func cancel(_ id: UInt64) {
        let sleeper = state.withLock { state -> Sleeper? in
            guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
            return state.sleepers.remove(at: index)
        }
        sleeper?.continuation.resume(throwing: CancellationError())
    }

    /// Moves time forward and wakes the sleeps whose deadline has come, in deadline order.
    public func advance(by duration: Duration) {
        let due = state.withLock { state -> [Sleeper] in
            state.now = state.now.addingTimeInterval(duration.timeInterval)
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }.sorted { $0.deadline < $1.deadline }
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in due { sleeper.continuation.resume() }
    }

    /// Waits until at least `count` sleeps are waiting: yielding first, then polling every
    /// millisecond of real time (the sleeper may be on another thread, behind a process or a
    /// loaded machine); fails the wait after `timeout`, so a test that expected a sleep cannot hang.
    public func waitForSleepers(_ count: Int = 1, timeout: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + timeout
        var yields = 0
        while ContinuousClock.now < deadline {
            if sleeperCount >= count { return }
            yields += 1
            if yields < 1000 {
                await Task.yield()
            } else {
                try await Task.sleep(for: .milliseconds(1))
            }
        }
        throw ManualClockError(message: "expected \(count) sleeper(s), found \(sleeperCount)")
    }
}

public struct ManualClockError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
