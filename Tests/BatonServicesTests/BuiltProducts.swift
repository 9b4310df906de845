import Foundation
import Testing

/// The executables built beside the test bundle (`baton-demo`, `baton`).
enum BuiltProducts {
    /// The build products folder: the one of the test bundle, or its parent.
    static let directory: String = {
        let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [products, products.deletingLastPathComponent()]
        return (candidates.first { FileManager.default.isExecutableFile(atPath: $0.appendingPathComponent("baton-demo").path) } ?? products).path
    }()

    /// The path of a built executable; the test fails naming it when it is not built.
    static func path(_ name: String) throws -> String {
        let path = URL(fileURLWithPath: directory).appendingPathComponent(name).path
        try #require(FileManager.default.isExecutableFile(atPath: path), "\(path) is not built: run `swift build --build-tests` first")
        return path
    }
}
