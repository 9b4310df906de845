import BatonEngine
import BatonRuntime
import BatonServer
import BatonStore
import BatonWorkflow
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ServiceLifecycle
import Testing

@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    static let methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]

    static func makeAPI() -> APIServer {
        let orchestrator = Orchestrator(store: InMemoryRunStore(), environment: .standard())
        return APIServer(
            orchestrator: orchestrator, configuration: ServerConfiguration(), metrics: ServerMetrics(), readiness: Readiness(orchestrator: orchestrator))
    }

    static func served() async throws -> JSONValue {
        try await makeAPI().makeApplication(logger: ServerHarness.quiet).test(.router) { client in
            let response = try await client.request("/openapi.json")
            #expect(response.status == .ok)
            return try response.json()
        }
    }

    @Test("every route the router registers is in the document with its method, and every operation of the document is a route")
    func coversEveryRoute() async throws {
        let routes = Set(Self.makeAPI().makeRouter().routes.map { "\($0.method.rawValue) \($0.path.description)" })
        #expect(routes.count >= 20)
        let paths = try #require(try await Self.served()["paths"]?.objectValue)
        var documented: Set<String> = []
        for (path, item) in paths {
            for method in Self.methods where item[method] != nil { documented.insert("\(method.uppercased()) \(path)") }
        }
        #expect(routes.subtracting(documented).isEmpty, "routes missing from the document: \(routes.subtracting(documented).sorted())")
        #expect(documented.subtracting(routes).isEmpty, "documented operations that are no route: \(documented.subtracting(routes).sorted())")
    }

    @Test("the document is OpenAPI 3.1, every $ref points into it, and it defines the API's schemas")
    func wellFormed() async throws {
        let document = try await Self.served()
        #expect(document["openapi"] == "3.1.0")
        #expect(document["x-invalid"] == nil, "\(document["x-invalid"] ?? .null)")
        let schemas = try #require(document["components"]?["schemas"]?.objectValue)
        for name in ["Run", "RunEvent", "Definition", "Approval", "Error", "CloudEvent", "Problem"] {
            #expect(schemas[name] != nil, "no schema \(name)")
        }
        var references: [String] = []
        func collect(_ value: JSONValue) {
            switch value {
            case .object(let members):
                if let reference = members["$ref"]?.stringValue { references.append(reference) }
                members.values.forEach(collect)
            case .array(let items): items.forEach(collect)
            default: break
            }
        }
        collect(document)
        #expect(!references.isEmpty)
        for reference in Set(references) {
            #expect(reference.hasPrefix("#/"), "\(reference)")
            let pointer = DocumentPath(jsonPointer: String(reference.dropFirst()))
            #expect(pointer.flatMap { document[$0] } != nil, "\(reference) points at nothing")
        }
        // Every operation says what it answers, and has an id.
        for (path, item) in try #require(document["paths"]?.objectValue) {
            for method in Self.methods {
                guard let operation = item[method] else { continue }
                #expect(operation["responses"]?.objectValue?.isEmpty == false, "\(method) \(path) has no responses")
                #expect(operation["operationId"]?.stringValue != nil, "\(method) \(path) has no operationId")
            }
        }
    }
}
