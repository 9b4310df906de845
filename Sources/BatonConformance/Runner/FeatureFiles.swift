import Foundation

/// Finds feature files from the paths a user gives: files as they are, folders searched
/// recursively for `*.feature`.
public enum FeatureFiles {
    /// A feature file and how messages name it.
    public struct Entry: Sendable, Hashable {
        public var url: URL
        /// The path relative to the folder it was found in (`call.feature`,
        /// `http/call.feature`), or the file's name when it was given directly.
        public var displayName: String
    }

    /// The feature files under `paths`, in the order the paths are given and sorted within a
    /// folder; a file found twice is listed once.
    /// - Throws: `FeatureFilesError` for a path that does not exist, or a folder with no features.
    public static func collect(_ paths: [String]) throws(FeatureFilesError) -> [Entry] {
        var entries: [Entry] = []
        var seen: Set<String> = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw FeatureFilesError(message: "\(path): no such file or folder")
            }
            let url = URL(fileURLWithPath: path, isDirectory: isDirectory.boolValue).standardizedFileURL
            var found: [Entry] = []
            if isDirectory.boolValue {
                let base = url.path.hasSuffix("/") ? url.path : url.path + "/"
                let enumerator = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey])
                while let file = enumerator?.nextObject() as? URL {
                    guard file.pathExtension == "feature" else { continue }
                    let standardized = file.standardizedFileURL
                    let relative = standardized.path.hasPrefix(base) ? String(standardized.path.dropFirst(base.count)) : standardized.lastPathComponent
                    found.append(Entry(url: standardized, displayName: relative))
                }
                found.sort { $0.displayName < $1.displayName }
                if found.isEmpty {
                    throw FeatureFilesError(message: "\(path): the folder holds no .feature files")
                }
            } else {
                found = [Entry(url: url, displayName: url.lastPathComponent)]
            }
            for entry in found where seen.insert(entry.url.path).inserted {
                entries.append(entry)
            }
        }
        return entries
    }
}

/// Paths that do not lead to feature files: a usage error.
public struct FeatureFilesError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public var description: String { message }
}
