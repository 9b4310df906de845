import BatonWorkflow
import Foundation

extension Run {
    /// Runs the `try` tasks; an error the `catch` matches is retried under its retry policy, and
    /// when it is not retried (no policy, the policy declines, or its limits are reached):
    /// - with `catch.do`, those tasks run with the error bound (`as`, default `error`), and their
    ///   output is the task's;
    /// - without `catch.do` and without a retry policy, the error is swallowed and the task's
    ///   output is its input;
    /// - without `catch.do` but with a retry policy whose attempts are spent, the error stands:
    ///   "retry three times" means the task fails after the third failure.
    /// Each attempt of the `try` tasks is its own iteration in positions, so a replay tells
    /// attempts apart.
    func runTry(_ tryTask: TryTask, at path: DocumentPath, input: JSONValue, scope: ExpressionScope, frame: Frame, globals: Globals) async throws -> KindResult {
        let handler = tryTask.catch
        let errorName = handler.as ?? "error"
        let policy = try retryPolicy(handler.retry, instance: path.jsonPointer)
        let position = frame.position(of: path.jsonPointer)
        let firstAttemptAt = history.firstStarted[position] ?? environment.clock.now()
        // A resumed run goes on with the attempt it had begun, not from the first.
        var attempt = history.lastAttempts[position] ?? 1
        while true {
            do {
                let attemptFrame = policy == nil ? frame : frame.entering("a\(attempt)", attempt: attempt)
                let result = try await runList(tryTask.try, at: path.appending("try"), input: input, frame: attemptFrame, globals: globals)
                return KindResult(result.output, next: result.next == .end ? .end : nil)
            } catch let fault as WorkflowFault where !Task.isCancelled {
                let errorScope = scope.with(variable: errorName, fault.documentValue)
                guard try catches(fault, handler: handler, scope: errorScope, input: input) else { throw fault }
                if let policy, let delay = try retryDelay(policy, after: fault, attempt: attempt, since: firstAttemptAt, scope: errorScope, input: input) {
                    // A resumed run finishes the delay it had begun rather than starting it again.
                    let delayStarted = history.retryDelays["\(position)@\(attempt + 1)"] ?? environment.clock.now()
                    try await record(RunEvent(
                        kind: .taskRetrying, at: delayStarted, name: path.last.flatMap { if case .key(let k) = $0 { k } else { nil } },
                        reference: path.jsonPointer, position: position, error: globals.redactor.redact(fault), attempt: attempt + 1))
                    try await waitObserved(.retryDelay, at: position, until: delayStarted.addingTimeInterval(delay.timeInterval))
                    attempt += 1
                    continue
                }
                guard let recovery = handler.do else {
                    if policy != nil { throw fault }
                    return KindResult(input, next: handler.then)
                }
                let recoveryFrame = frame.entering("a\(attempt)", variables: [errorName: fault.documentValue])
                let result = try await runList(recovery, at: path.appending("catch").appending("do"), input: input, frame: recoveryFrame, globals: globals)
                return KindResult(result.output, next: result.next == .end ? .end : handler.then)
            }
        }
    }

    /// Whether the catch handles the error: every field of `errors.with` equals the error's (the
    /// two spellings of standard error types are the same type), `when` holds and `exceptWhen`
    /// does not.
    private func catches(_ fault: WorkflowFault, handler: TryTask.Catch, scope: ExpressionScope, input: JSONValue) throws -> Bool {
        if let filter = handler.errors {
            if let type = filter.type, !WorkflowFault.sameType(type, fault.type) { return false }
            if let status = filter.status, status != fault.status { return false }
            if let instance = filter.instance, instance != fault.instance { return false }
            if let title = filter.title, title != fault.title { return false }
            if let detail = filter.detail, detail != fault.detail { return false }
        }
        if let when = handler.when, !(try scope.condition(when, on: input)) { return false }
        if let exceptWhen = handler.exceptWhen, try scope.condition(exceptWhen, on: input) { return false }
        return true
    }

    private func retryPolicy(_ reference: Referenceable<RetryPolicy>?, instance: String) throws -> RetryPolicy? {
        switch reference {
        case nil: return nil
        case .definition(let policy): return policy
        case .reference(let name):
            guard let policy = workflow.use?.retries?[name] else {
                throw WorkflowFault.configuration("no retry policy named `\(name)` is declared under `use.retries`", instance: instance)
            }
            return policy
        }
    }

    /// How long to wait before the next attempt, or nil when the policy does not retry: its
    /// `when`/`exceptWhen` decline, `limit.attempt.count` attempts (the first included) were made,
    /// or `limit.duration` has passed since the first attempt. The delay is `delay` (default 1 s),
    /// times the attempt for `linear` back-off or 2^(attempt-1) for `exponential`, plus a random
    /// `jitter` in its range.
    private func retryDelay(_ policy: RetryPolicy, after fault: WorkflowFault, attempt: Int, since start: Date, scope: ExpressionScope, input: JSONValue) throws -> Duration? {
        if let when = policy.when, !(try scope.condition(when, on: input)) { return nil }
        if let exceptWhen = policy.exceptWhen, try scope.condition(exceptWhen, on: input) { return nil }
        if let count = policy.limit?.attempt?.count, attempt >= count { return nil }
        if let limit = policy.limit?.duration {
            let elapsed = environment.clock.now().timeIntervalSince(start)
            let allowed = try duration(limit, scope: scope, input: input, what: "the retry limit")
            if Duration.milliseconds(Int64(elapsed * 1000)) >= allowed { return nil }
        }
        let base = try policy.delay.map { try duration($0, scope: scope, input: input, what: "the retry delay") } ?? .seconds(1)
        var delay: Duration
        switch policy.backoff {
        case .linear?: delay = base * attempt
        case .exponential?: delay = base * (1 << min(attempt - 1, 30))
        case .constant?, nil: delay = base
        }
        if let jitter = policy.jitter {
            let from = try duration(jitter.from, scope: scope, input: input, what: "the jitter")
            let to = try duration(jitter.to, scope: scope, input: input, what: "the jitter")
            if to > from {
                let spanMilliseconds = Int64((to - from).timeInterval * 1000)
                delay += from + .milliseconds(Int64.random(in: 0...max(0, spanMilliseconds)))
            } else {
                delay += from
            }
        }
        return delay
    }
}
