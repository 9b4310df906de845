import BatonStore
import Foundation
import BatonStoreSQLite
import BatonStoreTesting
import Testing

/// The conformance suite against every store we ship.
@Suite struct RunStoreConformanceTests {
    @Test(arguments: RunStoreConformance.Check.allCases)
    func inMemoryStore(_ check: RunStoreConformance.Check) async throws {
        try await RunStoreConformance { clock in InMemoryRunStore(clock: clock) }.run(check)
    }

    @Test(arguments: RunStoreConformance.Check.allCases)
    func sqliteInMemoryDatabase(_ check: RunStoreConformance.Check) async throws {
        try await RunStoreConformance { clock in try SQLiteRunStore.inMemory(clock: clock) }.run(check)
    }

    @Test(arguments: RunStoreConformance.Check.allCases)
    func sqliteFileInWALMode(_ check: RunStoreConformance.Check) async throws {
        try await withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("baton.sqlite").path
            try await RunStoreConformance { clock in try SQLiteRunStore(path: path, clock: clock) }.run(check)
        }
    }
}
