import BatonRuntime
import BatonStore
import BatonWorkflow
import Hummingbird

extension APIServer {
    /// `PUT /definitions`, `GET /definitions`, `GET /definitions/{namespace}/{name}[/{version}]`.
    func addDefinitionRoutes(to router: Router<BasicRequestContext>) {
        // The body is the document as written, YAML or JSON, whatever the content type says:
        // the loader tells them apart. `?file=` names it in problem positions (the CLI sends the
        // file's name), else `request`.
        router.put("/definitions") { request, _ in
            let source = try await request.bodyText(limit: configuration.maxBodySize, describedAs: configuration.maxBodySizeDescription)
            let file = request.uri.queryParameters.get("file").flatMap { $0.isEmpty ? nil : $0 } ?? "request"
            let applied = try await orchestrator.apply(source: source, file: file)
            guard case .object(var members) = applied.definition.summaryValue else { return Response.json(applied.definition.summaryValue) }
            members["created"] = .bool(applied.created)
            members["warnings"] = .array(applied.warnings.map(\.problemValue))
            return Response.json(.object(members), status: applied.created ? .created : .ok)
        }
        router.get("/definitions") { request, _ in
            let query = request.uri.queryParameters
            let namespace = query.get("namespace").flatMap { $0.isEmpty ? nil : $0 }
            let all = try Self.flag(query.get("all"), named: "all") ?? false
            let definitions = try await fromStore { () async throws(RunStoreError) in
                try await orchestrator.store.definitions(namespace: namespace, allVersions: all)
            }
            return Response.json(["definitions": .array(definitions.map(\.summaryValue))])
        }
        router.get("/definitions/:namespace/:name") { _, context in
            let definition = try await orchestrator.definition(
                namespace: try context.parameters.require("namespace"), name: try context.parameters.require("name"), version: nil)
            return Response.json(definition.detailValue)
        }
        router.get("/definitions/:namespace/:name/:version") { _, context in
            let definition = try await orchestrator.definition(
                namespace: try context.parameters.require("namespace"), name: try context.parameters.require("name"),
                version: try context.parameters.require("version"))
            return Response.json(definition.detailValue)
        }
    }

    /// A `true`/`false` query parameter; nil when absent.
    static func flag(_ text: String?, named name: String) throws(APIError) -> Bool? {
        switch text {
        case nil: return nil
        case "true"?, ""?: return true
        case "false"?: return false
        case let other?: throw .invalidInput("the query parameter `\(name)` must be `true` or `false`, not `\(other)`", path: name)
        }
    }
}
