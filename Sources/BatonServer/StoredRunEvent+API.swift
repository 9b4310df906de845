import BatonEngine
import BatonStore
import BatonWorkflow

extension StoredRunEvent {
    /// The event in the API: its `sequence` with the members of `RunEvent.documentValue`
    /// (`kind`, `at`, `task`, `reference`, `position`, `output`, `next`, `error`, `attempt`).
    var apiValue: JSONValue {
        guard case .object(var members) = event.documentValue else { return ["sequence": .integer(Int(sequence))] }
        members["sequence"] = .integer(Int(sequence))
        return .object(members)
    }

    /// Whether the run ends with this event: nothing comes after it.
    var endsRun: Bool {
        [.runCompleted, .runFaulted, .runCancelled].contains(event.kind)
    }
}
