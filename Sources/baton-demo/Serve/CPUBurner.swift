import NIOPosix
import ServiceLifecycle

/// The `cpu_percent` fault: every tenth of a second while it is on, spins that share of the tenth
/// on a thread of its own (not one of the concurrency pool's, which answer requests).
struct CPUBurner: Service {
    let faults: FaultSwitches
    private static let tick = Duration.milliseconds(100)

    func run() async throws {
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        for await _ in Ticker(every: Self.tick).cancelOnGracefulShutdown() {
            let percent = faults.current.cpuPercent
            guard percent > 0 else { continue }
            let busy = Self.tick * (percent / 100)
            try await pool.runIfActive { Self.spin(for: busy) }
        }
        try await pool.shutdownGracefully()
    }

    /// Keeps the calling thread busy for `duration`.
    private static func spin(for duration: Duration) {
        let clock = ContinuousClock()
        let end = clock.now + duration
        var count: UInt64 = 0
        while clock.now < end { count &+= 1 }
        // Using the count keeps the loop from being optimized away.
        if count == .max { print("") }
    }
}
