import BatonWorkflow
import Foundation

extension DocumentLoader {
    /// Loads a services or compose file, its empty-file problem worded for it (the loader's own
    /// word is about workflows).
    /// - Parameter kind: what the file should be, for the message: `a services file`.
    /// - Returns: the document and the file's directory, which relative paths in it are relative to.
    func loadServiceFile(_ path: String, kind: String) throws(DocumentErrors) -> (document: LoadedDocument, directory: String) {
        let document: LoadedDocument
        do {
            document = try load(contentsOf: URL(fileURLWithPath: path), displayName: path)
        } catch {
            throw DocumentErrors(error.diagnostics.map { diagnostic in
                guard diagnostic.code == "document.empty" else { return diagnostic }
                var emptyFile = diagnostic
                emptyFile.message = "the file is empty: \(kind) has a `services:` mapping, one entry per service"
                return emptyFile
            })
        }
        return (document, URL(fileURLWithPath: path).deletingLastPathComponent().standardizedFileURL.path)
    }
}
