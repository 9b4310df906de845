import BatonWorkflow
import Foundation

/// A workflow definition as stored: the document text as the user wrote it (YAML or JSON) and
/// its JSON. Immutable once stored.
public struct WorkflowDefinition: Sendable, Hashable {
    public var key: WorkflowDefinitionKey
    /// The document as the user wrote it, comments and all.
    public var source: String
    /// The document as JSON.
    public var document: JSONValue
    /// When it was first stored (set by the store).
    public var storedAt: Date

    public init(key: WorkflowDefinitionKey, source: String, document: JSONValue, storedAt: Date = Date(timeIntervalSince1970: 0)) {
        self.key = key
        self.source = source
        self.document = document
        self.storedAt = storedAt
    }

    /// Whether two definitions have the same content (key, source and document), whenever stored.
    public func hasSameContent(as other: WorkflowDefinition) -> Bool {
        key == other.key && source == other.source && document == other.document
    }
}
