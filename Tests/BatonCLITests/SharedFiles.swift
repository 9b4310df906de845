import Foundation

/// The project's shared material (`../shared` beside the repository, or `BATON_SHARED`).
enum SharedFiles {
    static let root: URL = {
        if let configured = ProcessInfo.processInfo.environment["BATON_SHARED"], !configured.isEmpty {
            return URL(fileURLWithPath: configured, isDirectory: true)
        }
        // This file is Tests/BatonCLITests/SharedFiles.swift: three levels below the repository.
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repository.deletingLastPathComponent().appendingPathComponent("shared", isDirectory: true)
    }()

    static var isAvailable: Bool {
        FileManager.default.fileExists(atPath: url("spec/ows/schema/workflow.yaml").path)
    }

    static let absenceReason = "the shared folder (../shared or BATON_SHARED) with the OWS spec is absent"

    static func url(_ relativePath: String) -> URL {
        root.appendingPathComponent(relativePath)
    }
}
