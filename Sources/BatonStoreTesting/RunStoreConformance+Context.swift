import BatonEngine
import BatonStore
import BatonTesting
import BatonWorkflow
import Foundation
import Testing

extension RunStoreConformance {
    /// A store under test, its clock, and the helpers the checks share.
    struct Context {
        let store: any RunStore
        let clock: ManualClock

        var now: Date { clock.now() }

        /// Stores the test definition and creates a run of it.
        func newRun(_ id: RunID = .random(), input: JSONValue = ["n": 1], parent: RunID? = nil) async throws -> StoredRun {
            let definition = RunStoreConformance.definition()
            try await store.storeDefinition(definition)
            return try await store.createRun(NewRun(id: id, definition: definition.key, input: input, parentRunID: parent))
        }

        func event(_ kind: RunEvent.Kind, _ position: String? = nil, output: JSONValue? = nil, error: WorkflowFault? = nil) -> RunEvent {
            RunEvent(
                kind: kind, at: clock.now(), name: position.map { String($0.split(separator: "/").last ?? "") }, reference: position,
                position: position, output: output, next: kind == .taskCompleted ? "continue" : nil, error: error)
        }

        /// Expects `body` to fail with a store error of `kind` whose message mentions `text`.
        func expectFailure<T>(
            _ kind: RunStoreError.Kind, mentioning text: String? = nil, sourceLocation: Testing.SourceLocation = #_sourceLocation,
            _ body: () async throws(RunStoreError) -> T
        ) async {
            do {
                let value = try await body()
                Issue.record("expected a \(kind) error, got \(value)", sourceLocation: sourceLocation)
            } catch {
                #expect(error.kind == kind, "\(error.message)", sourceLocation: sourceLocation)
                if let text {
                    #expect(error.message.contains(text), "`\(error.message)` does not mention `\(text)`", sourceLocation: sourceLocation)
                }
            }
        }
    }
}
