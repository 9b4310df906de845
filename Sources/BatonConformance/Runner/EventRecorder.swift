import BatonEngine

/// Keeps the events of one run, in order, and passes each on to another observer (the runner's
/// verbose output) as it arrives.
public actor EventRecorder: RunObserver {
    public private(set) var events: [RunEvent] = []
    private let forward: (any RunObserver)?

    public init(forwardingTo forward: (any RunObserver)? = nil) {
        self.forward = forward
    }

    public func record(_ event: RunEvent) async throws {
        events.append(event)
        try await forward?.record(event)
    }
}
