import BatonWorkflow
import Dispatch
import Foundation
import Synchronization

/// The template library: every workflow template of a directory (`templates/` in the repository),
/// read and checked as it loads. A template that does not load is an error that names the file,
/// the line and column, and the key; nothing half-read is kept.
public struct TemplateLibrary: Sendable {
    public private(set) var templates: [WorkflowTemplate]
    private var index: [String: Int]

    public init(_ templates: [WorkflowTemplate]) {
        self.templates = templates.sorted { $0.id < $1.id }
        self.index = Dictionary(uniqueKeysWithValues: self.templates.enumerated().map { ($1.id, $0) })
    }

    public subscript(id: String) -> WorkflowTemplate? {
        index[id].map { templates[$0] }
    }

    public var ids: [String] { templates.map(\.id) }

    /// Reads every `*.yaml` and `*.yml` file of `directory` as a template.
    public static func load(directory: URL, validator: WorkflowValidator = WorkflowValidator()) throws(DocumentErrors) -> TemplateLibrary {
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
                .filter { ["yaml", "yml"].contains($0.pathExtension) }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        } catch {
            throw DocumentErrors([Diagnostic(
                code: "templates.directory", message: "cannot read the template directory: \(error.localizedDescription)",
                path: .root, location: SourceLocation(file: directory.path, line: 1, column: 1)
            )])
        }
        // Each file is read and checked on its own, on every core: checking compiles each of a
        // template's jq expressions, milliseconds apiece with libjq 1.6.
        let results = Mutex<[Int: Result<WorkflowTemplate, DocumentErrors>]>([:])
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let file = files[index]
            let result: Result<WorkflowTemplate, DocumentErrors>
            do throws(DocumentErrors) {
                result = .success(try TemplateReader.read(contentsOf: file, displayName: directory.lastPathComponent + "/" + file.lastPathComponent, validator: validator))
            } catch {
                result = .failure(error)
            }
            results.withLock { $0[index] = result }
        }
        var templates: [WorkflowTemplate] = []
        var problems: [Diagnostic] = []
        var seen: [String: String] = [:]
        for (index, file) in files.enumerated() {
            let displayName = directory.lastPathComponent + "/" + file.lastPathComponent
            do {
                guard let result = results.withLock({ $0[index] }) else { continue }
                let template = try result.get()
                if let other = seen[template.id] {
                    problems.append(Diagnostic(
                        code: "templates.duplicate", message: "template `\(template.id)` is also defined in \(other); rename one",
                        path: DocumentPath.root.appending("document").appending("name"), location: SourceLocation(file: displayName, line: 1, column: 1)
                    ))
                    continue
                }
                seen[template.id] = displayName
                templates.append(template)
            } catch {
                problems += error.diagnostics
            }
        }
        if !problems.isEmpty { throw DocumentErrors(problems) }
        if templates.isEmpty {
            throw DocumentErrors([Diagnostic(
                code: "templates.empty", message: "no template (*.yaml) in the template directory",
                path: .root, location: SourceLocation(file: directory.path, line: 1, column: 1)
            )])
        }
        return TemplateLibrary(templates)
    }

    /// Where the templates are when none is named: `BATON_TEMPLATES`; else a `templates`
    /// directory beside the executable or above it (the repository, when Baton runs from
    /// `.build/…`), then in the working directory; else `/usr/local/share/baton/templates`
    /// and `/usr/share/baton/templates`.
    public static func defaultDirectory(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        executable: URL = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath(),
        workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) -> URL? {
        if let named = environment["BATON_TEMPLATES"], !named.isEmpty { return URL(fileURLWithPath: named) }
        var candidates: [URL] = []
        var directory = executable.deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(directory.appendingPathComponent("templates"))
            candidates.append(directory.appendingPathComponent("share/baton/templates"))
            directory = directory.deletingLastPathComponent()
        }
        candidates.append(workingDirectory.appendingPathComponent("templates"))
        candidates.append(URL(fileURLWithPath: "/usr/local/share/baton/templates"))
        candidates.append(URL(fileURLWithPath: "/usr/share/baton/templates"))
        return candidates.first { candidate in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory) && isDirectory.boolValue
                && FileManager.default.fileExists(atPath: candidate.appendingPathComponent("deploy-web-app.yaml").path)
        }
    }
}
