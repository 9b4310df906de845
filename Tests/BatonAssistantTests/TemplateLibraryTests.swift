import BatonAssistant
import BatonWorkflow
import Foundation
import Testing

/// The repository's template library.
enum RepositoryTemplates {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("templates")

    static func load() throws -> TemplateLibrary {
        try TemplateLibrary.load(directory: directory)
    }
}

@Suite("Template library")
struct TemplateLibraryTests {
    @Test("deploy-web-app loads with its parameters, one_of group, examples in both languages and its changes")
    func deployWebApp() throws {
        let library = try RepositoryTemplates.load()
        let template = try #require(library["deploy-web-app"])
        #expect(template.parameters.map(\.name) == ["name", "command", "image", "port", "replicas", "health_path", "env", "database", "cache"])
        #expect(template.requiredParameters.map(\.name) == ["name"])
        #expect(template.oneOf == [["command", "image"]])
        #expect(template.parameter("database")?.enumValues == ["none", "postgres", "mysql", "mongodb"])
        #expect(template.parameter("port")?.defaultValue == 8080)
        #expect(template.parameter("name")?.kind == .name)
        #expect(template.examples[.zh]?.contains("我想部署一个新的Web应用程序") == true)

        let plan = try PlanInstantiator(library: library).instantiate(Plan(
            templateID: "deploy-web-app", parameters: ["name": "shop", "command": "baton-demo serve", "database": "postgres"],
            defaults: template.defaults
        ))
        #expect(plan.preview?.changes == [
            "create service shop-db (postgres)",
            "create service shop: baton-demo serve, 1 replica(s) on port 8080, health check /health",
        ])
    }

    @Test("a plan with an unknown parameter, a wrong type or a value outside the enum is refused with each problem's path")
    func invalidPlan() throws {
        let library = try RepositoryTemplates.load()
        let instantiator = PlanInstantiator(library: library)
        #expect(throws: PlanProblems.self) {
            try instantiator.instantiate(Plan(templateID: "deploy-web-app", parameters: ["name": "shop", "command": "x", "port": "http", "db": "pg"]))
        }
        do {
            _ = try instantiator.instantiate(Plan(templateID: "deploy-web-app", parameters: ["name": "shop", "command": "x", "database": "oracle", "db": "pg"]))
            Issue.record("expected problems")
        } catch {
            #expect(error.problems.contains { $0.hasPrefix("input.db:") }, "\(error)")
            #expect(error.problems.contains { $0.hasPrefix("input.database:") }, "\(error)")
        }
    }

    @Test("a template that does not load names the file, line and key")
    func badTemplate() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try """
        document: {dsl: '1.0.3', namespace: t, name: broken, version: '1.0.0', metadata: {baton: {description: d, examples: {en: [x], zh: [y]}, risk: dangerous}}}
        input: {schema: {document: {type: object, properties: {a: {type: text}}}}}
        do: [{nothing: {set: {a: 1}}}]
        """.write(to: directory.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        do {
            _ = try TemplateLibrary.load(directory: directory)
            Issue.record("expected an error")
        } catch {
            let text = error.description
            #expect(text.contains("broken.yaml:1:") && text.contains("document.metadata.baton.risk"), "\(text)")
            #expect(text.contains("broken.yaml:2:") && text.contains("input.schema.document.properties.a"), "\(text)")
        }
    }
}
