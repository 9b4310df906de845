import BatonWorkflow
import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How fast one benchmark case ran.
struct Measurement {
    var name: String
    var threads: Int
    var operations: Int
    var seconds: Double
    /// CPU time the threads spent, summed: on a machine shared with other work, operations per
    /// CPU-second show the cost of an operation when wall-clock rates do not.
    var cpuSeconds: Double

    var perSecond: Double { Double(operations) / seconds }
    var perCPUSecond: Double { Double(operations) / cpuSeconds }

    /// ``run(_:threads:duration:warmUp:_:)`` when `selected` accepts the name, otherwise nothing.
    static func runIf(
        _ selected: (String) -> Bool, _ name: String, threads: Int = 1, duration: Double, warmUp: Int = 100,
        _ body: @escaping @Sendable (Int, Int) -> Void
    ) -> [Measurement] {
        selected(name) ? [run(name, threads: threads, duration: duration, warmUp: warmUp, body)] : []
    }

    /// Runs `body` on `threads` threads at once for about `duration` seconds, after a warm-up, and
    /// counts the calls. `body` gets the thread's index and the call's sequence number.
    static func run(
        _ name: String, threads: Int = 1, duration: Double, warmUp: Int = 100, _ body: @escaping @Sendable (Int, Int) -> Void
    ) -> Measurement {
        for iteration in 0..<warmUp { body(0, -1 - iteration) }
        let clock = ContinuousClock()
        let limit = Duration.milliseconds(Int64(duration * 1000))
        let counts = Counts(threads)
        let start = clock.now
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            var count = 0
            let cpuStart = threadCPUTime()
            let threadStart = clock.now
            repeat {
                for _ in 0..<64 {
                    body(thread, count)
                    count += 1
                }
            } while clock.now - threadStart < limit
            counts.set(thread, count, cpuSeconds: threadCPUTime() - cpuStart)
        }
        let elapsed = clock.now - start
        let seconds = elapsed.timeInterval
        return Measurement(name: name, threads: threads, operations: counts.total, seconds: seconds, cpuSeconds: counts.cpuSeconds)
    }
}

/// Per-thread counts, each slot written by one thread, read after all have finished.
private final class Counts: @unchecked Sendable {
    // Why @unchecked Sendable is safe: each thread writes only its own slot, and the slots are read
    // after DispatchQueue.concurrentPerform has returned, which orders those writes before the reads.
    private var slots: [(count: Int, cpuSeconds: Double)]

    init(_ count: Int) {
        slots = Array(repeating: (0, 0), count: count)
    }

    func set(_ index: Int, _ value: Int, cpuSeconds: Double) {
        slots.withUnsafeMutableBufferPointer { $0[index] = (value, cpuSeconds) }
    }

    var total: Int { slots.reduce(0) { $0 + $1.count } }
    var cpuSeconds: Double { slots.reduce(0) { $0 + $1.cpuSeconds } }
}

/// The CPU time the calling thread has used, in seconds.
private func threadCPUTime() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}
