import BatonWorkflow

extension LocalProcessHandler {
    /// The task's output from the process's outcome, per `return`.
    func result(of outcome: ProcessOutcome, returning: RunTask.ReturnType, program: String, context: TaskContext) throws(WorkflowFault) -> JSONValue {
        switch returning {
        case .code:
            return .integer(outcome.code)
        case .all:
            return ProcessResult(code: outcome.code, stdout: Self.text(outcome.standardOutput), stderr: Self.text(outcome.standardError)).documentValue
        case .stdout, .stderr, .none:
            guard outcome.code == 0 else { throw exitFault(outcome, program: program, context: context) }
            switch returning {
            case .stdout: return .string(Self.text(outcome.standardOutput))
            case .stderr: return .string(Self.text(outcome.standardError))
            default: return .null
            }
        }
    }

    /// A runtime error for a process that failed: its exit code or signal and the end of its
    /// standard error.
    func exitFault(_ outcome: ProcessOutcome, program: String, context: TaskContext) -> WorkflowFault {
        var detail = if let signal = outcome.signal {
            "\(program) was killed by signal \(signal) (exit code \(outcome.code))"
        } else {
            "\(program) exited with code \(outcome.code)"
        }
        let tail = Self.lastLines(of: Self.text(outcome.standardError))
        detail += tail.isEmpty ? " and wrote nothing to stderr" : "; the end of its stderr:\n\(tail)"
        return .runtime(detail, instance: context.reference)
    }

    /// A process failure as the task's error.
    func fault(_ failure: ProcessFailure, program: String, context: TaskContext) -> WorkflowFault {
        switch failure {
        case .outputLimitExceeded(let stream, let limit):
            return .runtime(
                "\(stream.rawValue) exceeded \(Self.size(limit)); raise the limit or write to a file (\(program) was stopped)",
                instance: context.reference)
        case .launchFailed(let name, let reason):
            return .configuration("\(program) could not be started: `\(name)`: \(reason)", instance: context.reference)
        case .cancelled:
            return .runtime("\(program) was stopped because the task was cancelled", instance: context.reference)
        case .inputOutput(let reason):
            return .runtime("reading or writing the pipes of \(program) failed: \(reason)", instance: context.reference)
        }
    }

    /// Output bytes as text: UTF-8 (invalid sequences replaced), without one trailing line break.
    static func text(_ bytes: [UInt8]) -> String {
        var end = bytes.endIndex
        if end > 0, bytes[end - 1] == UInt8(ascii: "\n") {
            end -= 1
            if end > 0, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        }
        return String(decoding: bytes[..<end], as: UTF8.self)
    }

    /// The last `count` lines of a text, at most `maximumCharacters` of them.
    static func lastLines(of text: String, count: Int = 20, maximumCharacters: Int = 4_000) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).suffix(count)
        var tail = lines.joined(separator: "\n")
        if tail.count > maximumCharacters { tail = "…" + tail.suffix(maximumCharacters) }
        return tail
    }

    /// A byte count for people: `10 MB`, `64 KB`, `1500 bytes`.
    static func size(_ bytes: Int) -> String {
        if bytes >= 1_000_000, bytes % 1_000_000 == 0 { return "\(bytes / 1_000_000) MB" }
        if bytes >= 1_000, bytes % 1_000 == 0 { return "\(bytes / 1_000) KB" }
        return bytes == 1 ? "1 byte" : "\(bytes) bytes"
    }
}
