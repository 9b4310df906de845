import BatonAssistant
import BatonWorkflow
import Foundation
import Testing

/// The planner development set (`eval/planner-dev.jsonl`) and the catalog it is written against.
enum DevSet {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let file = repository.appendingPathComponent("eval/planner-dev.jsonl")
    /// The catalog (`templates.yaml`) is the contract shared by the planner, the templates and
    /// the evaluation sets; it lives outside the repository, beside it.
    static let catalogFile = repository.deletingLastPathComponent().appendingPathComponent("shared/catalog/templates.yaml")

    static var catalogPresent: Bool { FileManager.default.fileExists(atPath: catalogFile.path) }

    static func cases() throws -> [EvaluationCase] {
        try EvaluationCaseReader().read(contentsOf: file, displayName: "eval/planner-dev.jsonl")
    }

    static func hasHan(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) || (0x3400...0x4DBF).contains($0.value) }
    }

    /// One catalog parameter: what a value stated for it must be.
    struct CatalogParameter {
        var type: String
        var required: Bool
        var enumValues: [String]?
        var minimum: Double?
    }

    /// The catalog's templates and their parameters, by id.
    static func catalog() throws -> [String: [String: CatalogParameter]] {
        let document = try DocumentLoader().load(contentsOf: catalogFile)
        var templates: [String: [String: CatalogParameter]] = [:]
        for entry in document.value["templates"]?.arrayValue ?? [] {
            guard let id = entry["id"]?.stringValue, let params = entry["params"]?.objectValue else { continue }
            templates[id] = params.compactMapValues { spec in
                guard let type = spec["type"]?.stringValue else { return nil }
                return CatalogParameter(
                    type: type, required: spec["required"]?.boolValue ?? false,
                    enumValues: spec["enum"]?.arrayValue?.compactMap(\.stringValue), minimum: spec["minimum"]?.doubleValue
                )
            }
        }
        return templates
    }

    /// Why `value` does not fit `parameter`, or nil.
    static func mismatch(_ value: JSONValue, _ parameter: CatalogParameter) -> String? {
        let fits: Bool = switch parameter.type {
        case "string": value.stringValue != nil
        case "integer": value.typeName == "integer"
        case "number": value.doubleValue != nil
        case "boolean": value.boolValue != nil
        case "object": value.objectValue != nil
        default: false
        }
        if !fits { return "expected \(parameter.type), found \(value.typeName)" }
        if let allowed = parameter.enumValues, let text = value.stringValue, !allowed.contains(text) { return "`\(text)` is not one of \(allowed)" }
        if let minimum = parameter.minimum, let number = value.doubleValue, number < minimum { return "below the minimum \(minimum)" }
        return nil
    }
}

@Suite("Planner dev set: shape")
struct DevSetShapeTests {
    @Test("the dev set reads as a case file: every line well formed, every id unique")
    func reads() throws {
        let cases = try DevSet.cases()
        #expect(cases.count >= 300, "\(cases.count) cases; the set needs at least 300")
    }

    @Test("at least 40 % of the requests are Chinese, and each case's lang says which language it is in")
    func languages() throws {
        let cases = try DevSet.cases()
        let chinese = cases.filter { DevSet.hasHan($0.request) }
        #expect(Double(chinese.count) >= 0.4 * Double(cases.count), "\(chinese.count) of \(cases.count) are Chinese")
        for item in cases {
            #expect(item.language == (DevSet.hasHan(item.request) ? "zh" : "en"), "\(item.id): lang \(item.language ?? "absent")")
        }
    }

    @Test("at least 30 clarify and 30 abstain cases")
    func kinds() throws {
        let cases = try DevSet.cases()
        let clarify = cases.count { if case .clarify = $0.expectation { true } else { false } }
        let abstain = cases.count { $0.expectation == .abstain }
        #expect(clarify >= 30, "\(clarify) clarify cases")
        #expect(abstain >= 30, "\(abstain) abstain cases")
    }

    @Test("every catalog template is expected at least 8 times, in English and in Chinese", .enabled(if: DevSet.catalogPresent, "needs ../shared/catalog/templates.yaml"))
    func templateCoverage() throws {
        let catalog = try DevSet.catalog()
        #expect(catalog.count == 26)
        let cases = try DevSet.cases()
        for id in catalog.keys.sorted() {
            let expecting = cases.filter { $0.expectation.templateID == id }
            let chinese = expecting.count { DevSet.hasHan($0.request) }
            #expect(expecting.count >= 8, "\(id): \(expecting.count) cases")
            #expect(chinese >= 3 && expecting.count - chinese >= 3, "\(id): \(chinese) Chinese, \(expecting.count - chinese) English")
        }
    }

    @Test(
        "every expected template and parameter is in the catalog, each value of its parameter's type and enum, each missing name required",
        .enabled(if: DevSet.catalogPresent, "needs ../shared/catalog/templates.yaml")
    )
    func agreesWithCatalog() throws {
        let catalog = try DevSet.catalog()
        for item in try DevSet.cases() {
            switch item.expectation {
            case .abstain:
                continue
            case .plan(let id, let parameters):
                let template = try #require(catalog[id], "\(item.id): no template \(id) in the catalog")
                for (name, value) in parameters {
                    let parameter = try #require(template[name], "\(item.id): \(id) has no parameter \(name)")
                    #expect(DevSet.mismatch(value, parameter) == nil, "\(item.id): \(name): \(DevSet.mismatch(value, parameter) ?? "")")
                }
            case .clarify(let id, let missing):
                let template = try #require(catalog[id], "\(item.id): no template \(id) in the catalog")
                for name in missing {
                    #expect(template[name]?.required == true, "\(item.id): \(name) is not a required parameter of \(id)")
                }
            }
        }
    }

    @Test("the cases agree with the templates the library has (the others are checked against the catalog)")
    func agreesWithLibrary() throws {
        let library = try RepositoryTemplates.load()
        for item in try DevSet.cases() {
            guard let id = item.expectation.templateID, let template = library[id] else { continue }
            switch item.expectation {
            case .plan(_, let parameters):
                for (name, value) in parameters {
                    let parameter = try #require(template.parameter(name), "\(item.id): \(id) has no parameter \(name)")
                    let catalogLike = DevSet.CatalogParameter(
                        type: parameter.type.rawValue, required: parameter.required, enumValues: parameter.enumValues, minimum: parameter.minimum
                    )
                    #expect(DevSet.mismatch(value, catalogLike) == nil, "\(item.id): \(name): \(DevSet.mismatch(value, catalogLike) ?? "")")
                }
            case .clarify(_, let missing):
                for name in missing {
                    #expect(template.parameter(name)?.required == true, "\(item.id): \(name) is not required in \(id)")
                }
            case .abstain:
                continue
            }
        }
    }
}
