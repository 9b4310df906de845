import Foundation

/// The project's shared material (`../shared` beside the repository: the OWS spec, its examples and
/// conformance kit, the JSON Schema test suite). Tests that need it skip, saying why, when it is absent.
public enum SharedFiles {
    /// `BATON_SHARED` when set, otherwise `../shared` next to the repository root.
    public static let root: URL = {
        if let configured = ProcessInfo.processInfo.environment["BATON_SHARED"], !configured.isEmpty {
            return URL(fileURLWithPath: configured, isDirectory: true)
        }
        // This file is Sources/BatonTesting/SharedFiles.swift: three levels below the repository.
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repository.deletingLastPathComponent().appendingPathComponent("shared", isDirectory: true)
    }()

    public static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent("spec/ows/schema/workflow.yaml").path)
    }

    /// Why a test that needs the shared files did not run.
    public static let absenceReason = "the shared folder (../shared or BATON_SHARED) with the OWS spec and test suites is absent"

    public static func url(_ relativePath: String) -> URL {
        root.appendingPathComponent(relativePath)
    }

    /// The files under a folder with the given extensions, sorted by path.
    public static func files(under relativePath: String, extensions: Set<String>) -> [URL] {
        let folder = url(relativePath)
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else { return [] }
        return enumerator.compactMap { $0 as? URL }
            .filter { extensions.contains($0.pathExtension) }
            .sorted { $0.path < $1.path }
    }
}
