import BatonEngine
import BatonWorkflow

/// Prints a run's events as they happen, for `--verbose`.
struct EventPrinter: RunObserver {
    let output: @Sendable (String) -> Void

    func record(_ event: RunEvent) async {
        var line = "    · \(event.kind.rawValue)"
        if let name = event.name { line += " \(name)" }
        if let reference = event.reference, reference != event.name { line += " \(reference)" }
        if let next = event.next, next != "continue" { line += " then \(next)" }
        if let output = event.output { line += " output: \(output.summary(limit: 300))" }
        if let error = event.error { line += " error: \(error.documentValue.summary(limit: 300))" }
        output(line)
    }
}
