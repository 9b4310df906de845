/// Polls `condition` until it holds, at most `attempts` times, `interval` apart — for tests that
/// wait on something another task or process does, without a fixed sleep.
/// - Throws: ``EventuallyError`` naming `what` when it never held; what `condition` throws.
public func eventually(
    _ what: String, attempts: Int = 3000, interval: Duration = .milliseconds(10), _ condition: () async throws -> Bool
) async throws {
    for _ in 0..<attempts {
        if try await condition() { return }
        try await Task.sleep(for: interval)
    }
    throw EventuallyError(description: "timed out waiting until \(what)")
}

public struct EventuallyError: Error, CustomStringConvertible {
    public let description: String
}
