/// Where the lines a process writes go: an ``InstanceLogWriter`` for a service instance's log
/// file, or anything else that wants them (a health check's probe, a test).
///
/// `write` is called on the driver's one I/O thread, in the order the lines were read, with the
/// complete lines of one read of the pipe: it must be quick and must not block on other tasks.
public protocol ProcessOutputSink: Sendable {
    func write(_ lines: [LogLine])
}
