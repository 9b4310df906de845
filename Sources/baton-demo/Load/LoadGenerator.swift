import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle
import Synchronization

/// An open-loop load: `GET target` at a fixed rate whatever the answers take, at most
/// `concurrency` in flight (a tick that finds them all busy is counted as dropped, not queued),
/// over keep-alive connections (a pool of up to `concurrency`). Prints a line of the last
/// window's statistics every `reportEvery`. Ends after `duration`, or at graceful shutdown when
/// that is nil, once the requests in flight have their answer.
struct LoadGenerator: Service {
    var target: String
    /// Requests per second.
    var rate: Double
    var concurrency: Int
    var duration: Duration?
    var reportEvery: Duration
    var timeout: Duration
    let recorder: LoadRecorder
    var output = LineOutput.standardOutput
    var errors = LineOutput.standardError

    func run() async throws {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: concurrency)
        // A refused connection is an error to count now, not to retry until the timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        try await HTTPClient.withHTTPClient(configuration: configuration) { client in
            let clock = ContinuousClock()
            let start = clock.now
            let firstErrors = FirstErrors()
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await tick in Ticker(every: reportEvery, clock: clock, start: start + reportEvery) {
                        let elapsed = (tick - start).seconds
                        output.write("[\(String(elapsed.compact).leftPadded(to: 4))s] \(recorder.takeWindow().line)")
                    }
                }
                await withDiscardingTaskGroup { requests in
                    let ticks = Ticker(every: .seconds(1 / rate), clock: clock, start: start, end: duration.map { start + $0 })
                    for await _ in ticks.cancelOnGracefulShutdown() {
                        guard recorder.start(limit: concurrency) else { continue }
                        requests.addTask {
                            let sent = clock.now
                            let outcome = await send(client, firstErrors: firstErrors)
                            recorder.finish(outcome, after: clock.now - sent)
                        }
                    }
                }
                group.cancelAll()
            }
        }
    }

    private func send(_ client: HTTPClient, firstErrors: FirstErrors) async -> LoadStatistics.Outcome {
        do {
            let response = try await client.execute(HTTPClientRequest(url: target), timeout: .nanoseconds(Int64(timeout.seconds * 1e9)))
            _ = try await response.body.collect(upTo: 16 << 20)
            return .status(Int(response.status.code))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            return .timeout
        } catch {
            let text = errorText(error)
            if firstErrors.isFirst(text) { errors.write("load: a request got no answer: \(text)") }
            return .failed
        }
    }
}

/// Which kinds of error were reported already, so that each is printed once.
private final class FirstErrors: Sendable {
    private let seen = Mutex<Set<String>>([])

    func isFirst(_ kind: String) -> Bool {
        seen.withLock { $0.insert(kind).inserted }
    }
}
