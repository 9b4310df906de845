import BatonServices
import BatonStore
import BatonStoreSQLite
import BatonStoreTesting
import Foundation
import Testing

/// The service store conformance suite against every service store we ship.
@Suite struct ServiceStoreConformanceTests {
    @Test(arguments: ServiceStoreConformance.Check.allCases)
    func inMemoryStore(_ check: ServiceStoreConformance.Check) async throws {
        try await ServiceStoreConformance { InMemoryServiceStore() }.run(check)
    }

    @Test(arguments: ServiceStoreConformance.Check.allCases)
    func sqliteInMemoryDatabase(_ check: ServiceStoreConformance.Check) async throws {
        try await ServiceStoreConformance { try SQLiteServiceStore(writer: try SQLiteRunStore.inMemory().writer) }.run(check)
    }

    /// As `baton serve` opens it: in the run store's file (WAL), through the run store's connection.
    @Test(arguments: ServiceStoreConformance.Check.allCases)
    func sqliteFileBesideTheRunStore(_ check: ServiceStoreConformance.Check) async throws {
        try await withTemporaryDirectory { folder in
            let path = folder.appendingPathComponent("baton.sqlite").path
            try await ServiceStoreConformance { try SQLiteServiceStore(writer: try SQLiteRunStore(path: path).writer) }.run(check)
        }
    }
}
