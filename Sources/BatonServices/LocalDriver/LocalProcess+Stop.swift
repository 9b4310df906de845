import CBatonProcess
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

extension LocalProcess {
    /// Stops the process and its group: `signal` to the group, then up to `gracePeriod` for the
    /// process and the rest of its group to exit, then `SIGKILL` to the group.
    ///
    /// Cancelling the calling task skips what is left of the grace period: the group is killed at
    /// once, and the call still returns only once the process has exited. Stopping a process that
    /// has already exited ends what is left of its group the same way.
    /// - Parameters:
    ///   - signal: what asks the process to stop (`SIGTERM` by default; `SIGINT`, `SIGQUIT` for
    ///     programs that expect them).
    ///   - gracePeriod: how long the group has to exit after `signal`.
    ///   - clock: measures the grace period.
    /// - Returns: how the process ended.
    public func stop<C: Clock<Duration>>(
        signal: Int32 = SIGTERM, gracePeriod: Duration = .seconds(10), clock: C = ContinuousClock()
    ) async -> ProcessExit {
        self.signal(signal)
        let deadline = clock.now.advanced(by: gracePeriod)
        let exited = await exit(before: deadline, clock: clock) != nil
        if !exited {
            killEverything()
        } else if await !groupEnds(before: deadline, clock: clock) {
            killEverything()
        }
        return await exitIgnoringCancellation()
    }

    /// The exit status, or `nil` when `deadline` passes first or the task is cancelled.
    private func exit<C: Clock<Duration>>(before deadline: C.Instant, clock: C) async -> ProcessExit? {
        if let status = exitStatus { return status }
        return await withTaskGroup(of: ProcessExit?.self) { group in
            group.addTask { try? await self.waitForExit() }
            group.addTask {
                try? await clock.sleep(until: deadline, tolerance: nil)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    /// Whether the rest of the group (children that stayed in it) has exited by `deadline`.
    /// They are not Baton's children, so their ends are watched through pidfds of their own.
    private func groupEnds<C: Clock<Duration>>(before deadline: C.Instant, clock: C) async -> Bool {
        while true {
            let members = groupMembers()
            if members.isEmpty { return true }
            if Task.isCancelled || clock.now >= deadline { return false }
            guard let watch = try? ExitWatch(pids: members.map(\.pid)) else { return false }
            let ended = await withTaskGroup(of: Bool.self) { group in
                group.addTask { (try? await watch.wait()) != nil }
                group.addTask {
                    try? await clock.sleep(until: deadline, tolerance: nil)
                    return false
                }
                let first = await group.next() ?? false
                group.cancelAll()
                return first
            }
            watch.close()
            // All of them ended: look again, for children they may have started meanwhile.
            if !ended { return groupMembers().isEmpty }
        }
    }
}

/// Waits for processes that are not Baton's children to exit, through their pidfds.
final class ExitWatch: Sendable {
    private let reactor: IOReactor
    private let done = AsyncOnce<Void>()
    private let open = Mutex<[UInt64: IOReactor.Registration]>([:])
    private let remaining: Atomic<Int>

    init(pids: [pid_t]) throws(SystemCallError) {
        reactor = try IOReactor.shared.get()
        remaining = Atomic(pids.count + 1)
        for pid in pids {
            let descriptor = baton_pidfd_open(pid)
            guard descriptor >= 0 else {
                // ESRCH: it is gone already.
                if errno == ESRCH { countDown(); continue }
                let error = SystemCallError(call: "pidfd_open", errno: errno)
                close()
                throw error
            }
            try open.withLock { (open) throws(SystemCallError) in
                do throws(SystemCallError) {
                    let registration = try reactor.register(descriptor) { [self] registration in
                        guard self.open.withLock({ $0.removeValue(forKey: registration.token) }) != nil else { return }
                        reactor.close(registration)
                        countDown()
                    }
                    open[registration.token] = registration
                } catch {
                    Glibc.close(descriptor)
                    throw error
                }
            }
        }
        countDown()
    }

    /// Waits until every process has exited.
    func wait() async throws(CancellationError) {
        try await done.wait()
    }

    /// Stops watching.
    func close() {
        let registrations = open.withLock { open in
            defer { open = [:] }
            return Array(open.values)
        }
        for registration in registrations { reactor.close(registration) }
    }

    private func countDown() {
        if remaining.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 { done.set(()) }
    }
}
