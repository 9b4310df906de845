import BatonEngine
import BatonStore
import BatonTesting
import BatonWorkflow
import Foundation
import Testing

extension RunStoreConformance.Context {
    /// Definitions are stored with their source text and JSON, found by key, and listed by the
    /// latest version per name or every version.
    func definitions() async throws {
        #expect(try await store.definition(WorkflowDefinitionKey(namespace: "tests", name: "greet", version: "1.0.0")) == nil)
        #expect(try await store.definitions().isEmpty)

        let first = RunStoreConformance.definition("greet", version: "1.0.0")
        let stored = try await store.storeDefinition(first)
        #expect(stored.hasSameContent(as: first))
        #expect(stored.storedAt == now)
        let fetched = try #require(try await store.definition(first.key))
        #expect(fetched == stored)
        #expect(fetched.source.contains("document: { dsl: '1.0.3'"), "the source is kept as written")

        clock.advance(by: .seconds(1))
        for version in ["1.10.0", "1.9.0", "2.0.0-rc.1"] {
            try await store.storeDefinition(RunStoreConformance.definition("greet", version: version))
        }
        try await store.storeDefinition(RunStoreConformance.definition("alpha", version: "0.1.0"))
        try await store.storeDefinition(RunStoreConformance.definition("greet", version: "3.0.0", namespace: "other"))

        let latest = try await store.definitions(namespace: nil, allVersions: false).map(\.key.description)
        #expect(latest == ["other/greet@3.0.0", "tests/alpha@0.1.0", "tests/greet@2.0.0-rc.1"])
        let all = try await store.definitions(namespace: "tests", allVersions: true).map(\.key.description)
        #expect(all == ["tests/alpha@0.1.0", "tests/greet@1.0.0", "tests/greet@1.9.0", "tests/greet@1.10.0", "tests/greet@2.0.0-rc.1"])
        let latestInTests = try await store.definitions(namespace: "tests", allVersions: false).map(\.key.description)
        #expect(latestInTests == ["tests/alpha@0.1.0", "tests/greet@2.0.0-rc.1"])
        #expect(try await store.definitions(namespace: "nowhere", allVersions: true).isEmpty)
    }

    /// A stored version is immutable: the same content again is idempotent, other content is a
    /// conflict naming the version, and the first content stays.
    func definitionConflicts() async throws {
        let original = RunStoreConformance.definition("greet", version: "1.2.3")
        let stored = try await store.storeDefinition(original)
        clock.advance(by: .seconds(5))

        let again = try await store.storeDefinition(original)
        #expect(again == stored, "storing the same content again returns the first record, with its time")

        var changedSource = original
        changedSource.source += "\n# a comment"
        await expectFailure(.conflict, mentioning: "tests/greet@1.2.3") { () async throws(RunStoreError) in
            try await store.storeDefinition(changedSource)
        }
        var changedDocument = original
        changedDocument.document = ["document": ["name": "greet"], "do": []]
        await expectFailure(.conflict, mentioning: "1.2.3") { () async throws(RunStoreError) in
            try await store.storeDefinition(changedDocument)
        }
        #expect(try await store.definition(original.key) == stored)

        await expectFailure(.invalidInput, mentioning: "version") { () async throws(RunStoreError) in
            try await store.storeDefinition(RunStoreConformance.definition("greet", version: ""))
        }
        #expect(try await store.definitions(namespace: nil, allVersions: true).count == 1)
    }
}
