import BatonAssistant
import BatonWorkflow
import Foundation
import Testing

/// The template catalog (`../shared/catalog/templates.yaml`, the contract between the planner,
/// the template library and the evaluation sets), read with the workflow document loader.
/// Absent when the repository is checked out without `../shared`; the tests that need it skip.
enum TemplateCatalog {
    struct Entry: Sendable, CustomTestStringConvertible {
        var id: String
        var summary: String
        /// Each parameter's catalog entry (`type`, `required`, `default`, `enum`, `minimum`), in
        /// the catalog's order.
        var parameters: [(name: String, entry: [String: JSONValue])]
        var oneOf: [[String]]

        var testDescription: String { id }
    }

    static let file = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/catalog/templates.yaml")

    static var isPresent: Bool { FileManager.default.fileExists(atPath: file.path) }

    /// Every entry; none when the catalog is absent (the tests are then disabled).
    static let entries: [Entry] = {
        guard isPresent, let document = try? DocumentLoader().load(contentsOf: file) else { return [] }
        return (document.value["templates"]?.arrayValue ?? []).map { template in
            let names = template["params"]?.objectValue?.keys.sorted() ?? []
            // Keep the catalog's order: the loader's source map knows each key's line.
            let index = document.value["templates"]?.arrayValue?.firstIndex(of: template) ?? 0
            let ordered = names.sorted { a, b in
                let path: DocumentPath = ["templates", .index(index), "params"]
                let lineA = document.sourceMap.position(of: path.appending(a))?.line ?? 0
                let lineB = document.sourceMap.position(of: path.appending(b))?.line ?? 0
                return (lineA, a) < (lineB, b)
            }
            return Entry(
                id: template["id"]?.stringValue ?? "?", summary: template["summary"]?.stringValue ?? "",
                parameters: ordered.map { ($0, template["params"]?[$0]?.objectValue ?? [:]) },
                oneOf: template["one_of"]?.arrayValue?.map { $0.arrayValue?.compactMap(\.stringValue) ?? [] } ?? [])
        }
    }()

    /// The value convention (`x-baton-kind`) that the catalog's conventions give a parameter of
    /// this name, wherever it appears.
    static let conventions: [String: TemplateParameter.Kind] = [
        "since": .duration, "duration": .duration, "health_timeout": .duration, "horizon": .duration,
        "canary_percent": .percent, "target_cpu_percent": .percent, "max_error_rate": .rate,
        "storage_gb": .size, "cron": .cron, "schedule": .cron,
        "service": .name, "deploy_service": .name, "database": .name,
    ]

    /// The repository's library, read once for every case (reading validates each template).
    static let library = Result { try RepositoryTemplates.load() }
}

@Suite("Template catalog conformance", .enabled(if: TemplateCatalog.isPresent, "../shared/catalog/templates.yaml is absent: nothing to conform to"))
struct TemplateCatalogConformanceTests {
    @Test("the catalog lists templates to check")
    func catalogReads() {
        #expect(TemplateCatalog.entries.count >= 26, "read \(TemplateCatalog.entries.count) entries from \(TemplateCatalog.file.path)")
    }

    @Test("the template exists with exactly the catalog's parameters, one_of groups and summary", arguments: TemplateCatalog.entries)
    func parametersMatch(entry: TemplateCatalog.Entry) throws {
        let library = try TemplateCatalog.library.get()
        let template = try #require(library[entry.id], "no templates/\(entry.id).yaml")
        #expect(template.summary == entry.summary)
        #expect(template.parameters.map(\.name) == entry.parameters.map(\.name), "parameters and their order")
        for (name, expected) in entry.parameters {
            guard let parameter = template.parameter(name) else { continue }
            #expect(parameter.type.rawValue == expected["type"]?.stringValue, "\(entry.id).\(name): type")
            #expect(parameter.required == (expected["required"]?.boolValue ?? false), "\(entry.id).\(name): required")
            #expect(Self.sameValue(parameter.defaultValue, expected["default"]), "\(entry.id).\(name): default \(String(describing: parameter.defaultValue))")
            #expect(parameter.enumValues == expected["enum"]?.arrayValue?.compactMap(\.stringValue), "\(entry.id).\(name): enum")
            #expect(parameter.minimum == expected["minimum"]?.doubleValue, "\(entry.id).\(name): minimum")
            if let kind = TemplateCatalog.conventions[name], expected["type"]?.stringValue != "object" {
                // `database` is a name where it names a database, an enum where it picks an engine.
                if expected["enum"] == nil { #expect(parameter.kind == kind, "\(entry.id).\(name): x-baton-kind") }
            }
        }
        #expect(template.oneOf == entry.oneOf)
    }

    @Test("the template is a library member as the brief describes: namespace, version, closed input, examples and keywords in both languages", arguments: TemplateCatalog.entries)
    func metadata(entry: TemplateCatalog.Entry) throws {
        let library = try TemplateCatalog.library.get()
        let template = try #require(library[entry.id], "no templates/\(entry.id).yaml")
        #expect(template.workflow.document.namespace == "baton-templates")
        #expect(template.workflow.document.version == "1.0.0")
        guard case .document(let schema)? = template.workflow.input?.schema?.source else {
            Issue.record("\(entry.id): no inline input schema")
            return
        }
        #expect(schema["additionalProperties"] == false, "\(entry.id): additionalProperties")
        for language in RequestLanguage.allCases {
            #expect((template.examples[language] ?? []).count >= 4, "\(entry.id): at least four \(language.rawValue) examples")
            #expect(!(template.keywords[language] ?? []).isEmpty, "\(entry.id): \(language.rawValue) keywords")
        }
    }

    @Test("the template instantiates with plausible values for its required parameters and previews what it changes", arguments: TemplateCatalog.entries)
    func instantiates(entry: TemplateCatalog.Entry) throws {
        let library = try TemplateCatalog.library.get()
        let template = try #require(library[entry.id], "no templates/\(entry.id).yaml")
        var parameters: [String: JSONValue] = [:]
        for parameter in template.requiredParameters { parameters[parameter.name] = Self.plausibleValue(for: parameter) }
        for group in template.oneOf where !group.contains(where: { parameters[$0] != nil }) {
            if let first = group.first.flatMap(template.parameter) { parameters[first.name] = Self.plausibleValue(for: first) }
        }
        let plan: Plan
        do {
            plan = try PlanInstantiator(library: library).instantiate(Plan(templateID: entry.id, parameters: parameters, defaults: template.defaults))
        } catch {
            Issue.record("\(entry.id) with \(parameters): \(error)")
            return
        }
        let preview = try #require(plan.preview)
        #expect(preview.risk == template.risk)
        #expect(preview.changes.allSatisfy { !$0.isEmpty })
        if template.risk != .readOnly {
            #expect(!preview.changes.isEmpty, "\(entry.id) is \(template.risk.rawValue) but previews no change")
        }
    }

    /// A value a request could plausibly give for a required parameter.
    static func plausibleValue(for parameter: TemplateParameter) -> JSONValue {
        if let first = parameter.enumValues?.first { return .string(first) }
        switch parameter.type {
        case .integer: return .integer(max(Int(parameter.minimum ?? 1), 1) + 2)
        case .number: return .number(max(parameter.minimum ?? 1, 1) + 2)
        case .boolean: return true
        case .object: return ["LOG_LEVEL": "debug"]
        case .string:
            switch parameter.kind {
            case .command?: return "baton-demo serve"
            case .image?: return "shop:1.4"
            case .version?: return "1.4.2"
            case .url?: return "https://git.example.com/shop.git"
            case .cron?: return "0 2 * * *"
            case .location?: return "/var/backups/shop"
            case .duration?, .percent?, .rate?, .size?: return "10"
            case .name?, .text?, nil: return "shop"
            }
        }
    }

    /// Defaults compare as JSON values, with `10` and `10.0` the same number.
    static func sameValue(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        if let x = a?.doubleValue, let y = b?.doubleValue { return x == y }
        return a == b
    }
}
