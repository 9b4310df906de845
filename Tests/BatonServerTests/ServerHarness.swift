import BatonEngine
import BatonRuntime
import BatonServer
import BatonStore
import BatonStoreSQLite
import BatonTesting
import BatonWorkflow
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import ServiceLifecycle
import Testing

/// An API server over an orchestrator on a SQLite file in a temporary folder. The orchestrator
/// and ``Readiness`` run in a service group beside the test, as `baton serve` runs them; requests
/// go straight to the router (`app.test(.router)`).
struct ServerHarness: Sendable {
    let folder: URL
    let api: APIServer
    let group: ServiceGroup

    var orchestrator: Orchestrator { api.orchestrator }
    var store: any RunStore { api.orchestrator.store }

    static let quiet = Logger(label: "baton.tests") { _ in SwiftLogNoOpLogHandler() }

    static func withServer<T: Sendable>(
        configuration: ServerConfiguration = ServerConfiguration(keepAliveInterval: .seconds(15)), clock: any WorkflowClock = SystemClock(),
        _ body: @escaping @Sendable (ServerHarness, any TestClientProtocol) async throws -> T
    ) async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("baton-server-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteRunStore(path: folder.appendingPathComponent("baton.sqlite").path)
        let metrics = ServerMetrics()
        let orchestrator = Orchestrator(
            store: store, environment: .standard(secrets: SecretStore()), monitor: RunMonitor(metrics: metrics.factory),
            configuration: .init(owner: "test-node", leaseDuration: .seconds(30), drainTimeout: .milliseconds(200), tickInterval: .milliseconds(20),
                parkAfter: nil),
            logger: quiet)
        let readiness = Readiness(orchestrator: orchestrator)
        let api = APIServer(orchestrator: orchestrator, configuration: configuration, metrics: metrics, readiness: readiness, clock: clock)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [orchestrator, readiness], logger: quiet))
        let harness = ServerHarness(folder: folder, api: api, group: group)
        return try await withThrowingTaskGroup(of: T?.self) { tasks in
            tasks.addTask {
                try await group.run()
                return nil
            }
            await orchestrator.waitUntilRecovered()
            let result = try await api.makeApplication(logger: quiet).test(.router) { client in
                try await body(harness, client)
            }
            tasks.cancelAll()
            while try await tasks.next() != nil {}
            return result
        }
    }

    /// Stores a definition through the API and returns its name.
    @discardableResult
    func apply(_ source: String, client: some TestClientProtocol) async throws -> JSONValue {
        let response = try await client.request("/definitions", method: .put, text: source)
        #expect(response.status == .created || response.status == .ok, "\(response.text)")
        return try response.json()
    }

    /// Starts a run through the API.
    func start(_ name: String, namespace: String = "test", input: JSONValue = [:], client: some TestClientProtocol) async throws -> RunID {
        let response = try await client.request("/runs", method: .post, json: ["namespace": .string(namespace), "name": .string(name), "input": input])
        #expect(response.status == .created, "\(response.text)")
        return RunID(try #require(try response.json()["id"]?.stringValue))
    }

    func status(of id: RunID) async throws -> RunStatus? {
        try await store.run(id)?.status
    }
}

extension TestClientProtocol {
    @discardableResult
    func request(_ uri: String, method: HTTPRequest.Method = .get, headers: HTTPFields = [:], text: String? = nil) async throws -> TestResponse {
        try await executeRequest(uri: uri, method: method, headers: headers, body: text.map { ByteBuffer(string: $0) })
    }

    @discardableResult
    func request(_ uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], json: JSONValue) async throws -> TestResponse {
        var headers = headers
        if headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await executeRequest(uri: uri, method: method, headers: headers, body: ByteBuffer(string: json.jsonText()))
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    func json(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> JSONValue {
        #expect(headers[.contentType] == "application/json", "Content-Type is \(headers[.contentType] ?? "absent")", sourceLocation: sourceLocation)
        return try JSONValue(jsonText: text)
    }

    /// The `error` member of an error body.
    func error(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> JSONValue {
        let body = try json(sourceLocation: sourceLocation)
        return try #require(body["error"], "no `error` in \(text)", sourceLocation: sourceLocation)
    }
}


/// The workflows the tests run.
enum Workflows {
    static let hello = """
        document: { dsl: '1.0.3', namespace: test, name: hello, version: '1.0.0' }
        do:
          - greet:
              set: { greeting: '${ "Hello, " + .name }' }
        """

    static let guarded = """
        document: { dsl: '1.0.3', namespace: test, name: guarded, version: '1.0.0' }
        do:
          - ask:
              call: approval:1.0.0@default
              with:
                message: '${ "Scale " + .service + "?" }'
                data: '${ . }'
          - act:
              set: { decision: '${ . }' }
        """

    static let listener = """
        document: { dsl: '1.0.3', namespace: test, name: listener, version: '1.0.0' }
        do:
          - waitForOrder:
              listen:
                to:
                  one:
                    with: { type: com.example.order.placed }
          - done:
              set: { orders: '${ . }' }
        """

    static let sleeper = """
        document: { dsl: '1.0.3', namespace: test, name: sleeper, version: '1.0.0' }
        do:
          - pause:
              wait: PT1H
          - done:
              set: { done: true }
        """
}
