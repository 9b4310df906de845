import BatonEngine
import BatonWorkflow
import Foundation

extension RunEvent {
    /// The key under which an event is recorded at most once per run, or nil when it may repeat.
    ///
    /// The events that finish something — a task completed, faulted, skipped or cancelled at a
    /// position; the run started, completed, faulted or cancelled — are idempotent: appending one
    /// whose kind and position are already recorded for the run (a completion replayed after a
    /// crash) records nothing, and the first record stands. `taskStarted` and `taskRetrying` may
    /// repeat: a task in flight when the process died starts again.
    public var deduplicationKey: String? {
        switch kind {
        case .taskStarted, .taskRetrying: nil
        default: kind.rawValue + "@" + (position ?? "")
        }
    }

    /// The event's members other than kind, time and position, as compact JSON text: what the
    /// stores keep in their `payload` column.
    package var storePayload: String {
        var members: [String: JSONValue] = [:]
        if let name { members["name"] = .string(name) }
        if let reference { members["reference"] = .string(reference) }
        if let output { members["output"] = output }
        if let context { members["context"] = context }
        if let next { members["next"] = .string(next) }
        if let error { members["error"] = error.documentValue }
        if let attempt { members["attempt"] = .integer(attempt) }
        if let eventsAfter { members["eventsAfter"] = .integer(Int(clamping: eventsAfter)) }
        return members.isEmpty ? "{}" : JSONValue.object(members).jsonText()
    }

    /// Rebuilds an event from its stored columns.
    /// - Throws: `storage` when the stored text is not what ``storePayload`` wrote.
    package init(storedKind: String, at: Date, position: String?, payload: String) throws(RunStoreError) {
        guard let kind = Kind(rawValue: storedKind) else {
            throw RunStoreError(.storage, "a stored run event has the unknown kind `\(storedKind)`")
        }
        let members: [String: JSONValue]
        if payload == "{}" {
            members = [:]
        } else {
            do {
                members = try JSONValue(jsonText: payload).objectValue ?? [:]
            } catch {
                throw RunStoreError(.storage, "a stored run event is not valid JSON: \(error)")
            }
        }
        self.init(
            kind: kind, at: at, name: members["name"]?.stringValue, reference: members["reference"]?.stringValue, position: position,
            output: members["output"], context: members["context"], next: members["next"]?.stringValue,
            error: members["error"].flatMap(WorkflowFault.init(document:)), attempt: members["attempt"]?.intValue,
            eventsAfter: members["eventsAfter"]?.intValue.map { UInt64(clamping: $0) }
        )
    }
}
