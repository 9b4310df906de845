import Logging
import ServiceLifecycle
import Synchronization

/// The `memory_mb_per_s` fault: every tenth of a second while it is on, allocates a tenth of the
/// rate, writes every byte of it (so the pages are resident, not just reserved) and keeps it.
/// When the switch goes back to 0 what was kept is freed.
final class MemoryHog: Service, Sendable {
    private let faults: FaultSwitches
    private let logger: Logger
    private let held = Mutex<[[UInt8]]>([])
    private static let tick = Duration.milliseconds(100)

    init(faults: FaultSwitches, logger: Logger) {
        self.faults = faults
        self.logger = logger
    }

    /// The bytes kept now.
    var heldBytes: Int {
        held.withLock { $0.reduce(0) { $0 + $1.count } }
    }

    func run() async {
        for await _ in Ticker(every: Self.tick).cancelOnGracefulShutdown() {
            let rate = faults.current.memoryMBPerSecond
            if rate > 0 {
                let bytes = Int(rate * 1_048_576 * Self.tick.seconds)
                // A non-zero fill value makes the allocation write every page.
                let block = [UInt8](repeating: 0xA5, count: bytes)
                held.withLock { $0.append(block) }
            } else {
                let freed = held.withLock { blocks in
                    defer { blocks.removeAll() }
                    return blocks.reduce(0) { $0 + $1.count }
                }
                if freed > 0 { logger.notice("memory fault off: freed \(freed >> 20) MiB") }
            }
        }
    }
}
