import Foundation
import Testing
@testable import BatonWorkflow
import BatonTesting

/// The typed model is what `baton validate` ships; the official schema is the authority. They
/// must agree: every spec example is mutated one change at a time (an unknown key added to an
/// object, a string replaced by a number, a key removed) and the model must accept exactly the
/// mutants the schema accepts — except where the model is deliberately stricter: it refuses
/// unknown keys in a few objects that the schema forgot to close, where a misspelt key would
/// otherwise be ignored silently (docs/workflow-model.md).
@Suite(.enabled(if: SharedFiles.isAvailable, Comment(rawValue: SharedFiles.absenceReason)))
struct ModelSchemaAgreementTests {
    enum Mutation: CustomStringConvertible {
        case addKey(DocumentPath)
        case replaceWithNumber(DocumentPath)
        case removeKey(DocumentPath)

        var description: String {
            switch self {
            case .addKey(let path): "add `zzUnknown` to \(path)"
            case .replaceWithNumber(let path): "replace \(path) with 7"
            case .removeKey(let path): "remove \(path)"
            }
        }
    }

    static let schema: Result<JSONSchema, any Error> = Result {
        try JSONSchema(DocumentLoader().load(contentsOf: SharedFiles.url("spec/ows/schema/workflow.yaml")).value)
    }

    static var exampleNames: [String] {
        SharedFiles.files(under: "spec/ows/examples", extensions: ["yaml", "yml", "json"]).map(\.lastPathComponent)
    }

    @Test(arguments: exampleNames)
    func modelAcceptsWhatTheSchemaAccepts(_ name: String) throws {
        let schema = try Self.schema.get()
        let document = try DocumentLoader().load(contentsOf: SharedFiles.url("spec/ows/examples/\(name)"))
        var disagreements: [String] = []
        for mutation in Self.mutations(of: document.value, at: .root) {
            let mutant = Self.apply(mutation, to: document.value)
            let schemaAccepts = schema.isValid(mutant)
            let modelAccepts = (try? Workflow(from: LoadedDocument(value: mutant, sourceMap: document.sourceMap))) != nil
            if schemaAccepts != modelAccepts, !(schemaAccepts && Self.isDeliberatelyStricter(mutation, in: document.value)) {
                disagreements.append("\(mutation): schema \(schemaAccepts ? "accepts" : "rejects"), model \(modelAccepts ? "accepts" : "rejects")")
            }
        }
        #expect(disagreements.isEmpty, Comment(rawValue: "\(name):\n" + disagreements.joined(separator: "\n")))
    }

    /// Objects the schema leaves open but the model closes: the workflow's root (a misspelt
    /// `inptu:` would be ignored), a catch's `errors` and its `with` filter (a misspelt `stauts`
    /// would catch every error), the entries of `correlate` (`{ from, expect }`), the named
    /// policies of `use.authentications`, OAuth2/OIDC `endpoints`, and an MCP call's `with` and
    /// `transport`.
    static func isDeliberatelyStricter(_ mutation: Mutation, in document: JSONValue) -> Bool {
        guard case .addKey(let path) = mutation else { return false }
        let keys = path.components.compactMap { component -> String? in
            if case .key(let key) = component { return key }
            return nil
        }
        let isMCPCall = path.last == .key("with") && path.parent.flatMap { document[$0]?["call"] } == "mcp"
        return path.isRoot || keys.suffix(2) == ["catch", "errors"] || keys.suffix(3) == ["catch", "errors", "with"]
            || keys.dropLast().last == "correlate" || keys.dropLast().suffix(2) == ["use", "authentications"]
            || keys.last == "endpoints" && ["oauth2", "oidc"].contains(keys.dropLast().last ?? "")
            || isMCPCall || keys.last == "transport" || keys.dropLast().last == "transport"
    }

    static func mutations(of value: JSONValue, at path: DocumentPath) -> [Mutation] {
        switch value {
        case .object(let members):
            var result: [Mutation] = [.addKey(path)]
            for key in members.keys.sorted() {
                result.append(.removeKey(path.appending(key)))
                result += mutations(of: members[key]!, at: path.appending(key))
            }
            return result
        case .array(let items):
            return items.enumerated().flatMap { mutations(of: $0.element, at: path.appending($0.offset)) }
        case .string:
            return [.replaceWithNumber(path)]
        default:
            return []
        }
    }

    static func apply(_ mutation: Mutation, to value: JSONValue) -> JSONValue {
        switch mutation {
        case .addKey(let path):
            return update(value, at: path.components[...]) { target in
                guard case .object(var members) = target else { return target }
                members["zzUnknown"] = 1
                return .object(members)
            }
        case .replaceWithNumber(let path):
            return update(value, at: path.components[...]) { _ in 7 }
        case .removeKey(let path):
            guard case .key(let key) = path.last, let parent = path.parent else { return value }
            return update(value, at: parent.components[...]) { target in
                guard case .object(var members) = target else { return target }
                members.removeValue(forKey: key)
                return .object(members)
            }
        }
    }

    static func update(_ value: JSONValue, at path: ArraySlice<DocumentPath.Component>, _ change: (JSONValue) -> JSONValue) -> JSONValue {
        guard let first = path.first else { return change(value) }
        switch (first, value) {
        case let (.key(key), .object(members)):
            var copy = members
            copy[key] = members[key].map { update($0, at: path.dropFirst(), change) }
            return .object(copy)
        case let (.index(index), .array(items)):
            var copy = items
            copy[index] = update(items[index], at: path.dropFirst(), change)
            return .array(copy)
        default:
            return value
        }
    }
}
