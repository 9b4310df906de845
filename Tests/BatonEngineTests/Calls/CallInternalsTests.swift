import BatonWorkflow
import Foundation
import Testing
@testable import BatonEngine

@Suite struct CallInternalsTests {
    @Test func percentEncodingKeepsOnlyUnreservedCharacters() {
        #expect(PercentEncoding.encode("AZaz09-._~") == "AZaz09-._~")
        #expect(PercentEncoding.encode("a b/c?d&e=f") == "a%20b%2Fc%3Fd%26e%3Df")
        #expect(PercentEncoding.encode("zoë") == "zo%C3%AB")
        #expect(PercentEncoding.encodeForm([("q", "x y"), ("n", "1")]) == "q=x%20y&n=1")
    }

    @Test func uriTemplatesTakeScalarsAndLeaveMissingNamesEmpty() throws {
        let template = URITemplate("https://host/pet/{petId}/{flag}/{ratio}/{missing}/{none}?q={q}")
        let input: JSONValue = ["petId": 1, "flag": true, "ratio": 0.5, "none": nil, "q": "a b"]
        let expanded = try template.expanded(withTopLevelValuesOf: input, instance: nil)
        #expect(expanded == "https://host/pet/1/true/0.5//?q=a%20b")
        // `{pet.id}` names the top-level member "pet.id", verbatim.
        #expect(try URITemplate("/x/{pet.id}").expanded(withTopLevelValuesOf: ["pet.id": "7", "pet": ["id": 8]], instance: nil) == "/x/7")
    }

    @Test func theDocumentCacheForgetsTheLeastRecentlyUsed() throws {
        let document = try OpenAPIDocument(
            value: ["openapi": "3.0.0", "paths": [:]], location: try #require(URL(string: "http://127.0.0.1/doc.json")), displayName: "doc")
        let cache = OpenAPIDocumentCache(capacity: 2)
        cache.store(document, for: "a")
        cache.store(document, for: "b")
        #expect(cache.document(for: "a") != nil)
        cache.store(document, for: "c")
        #expect(cache.count == 2)
        #expect(cache.document(for: "b") == nil)
        #expect(cache.document(for: "a") != nil)
        #expect(cache.document(for: "c") != nil)
    }

    @Test func documentsThatAreNotOpenAPIAreRefused() throws {
        let location = try #require(URL(string: "http://127.0.0.1/doc.json"))
        #expect(throws: WorkflowFault.self) { try OpenAPIDocument(value: ["asyncapi": "2.6.0", "paths": [:]], location: location, displayName: "doc") }
        #expect(throws: WorkflowFault.self) { try OpenAPIDocument(value: ["swagger": "2.0"], location: location, displayName: "doc") }
    }

    @Test func swaggerServerURLPrefersTheDocumentsOwnScheme() throws {
        let value: JSONValue = [
            "swagger": "2.0", "host": "petstore.example", "basePath": "/v2", "schemes": ["https", "http"],
            "paths": ["/pet": ["get": ["operationId": "listPets"]]],
        ]
        let overHTTP = try OpenAPIDocument(value: value, location: try #require(URL(string: "http://petstore.example/swagger.json")), displayName: "doc")
        #expect(try overHTTP.operation("listPets").baseURL == "http://petstore.example/v2")
        let fromFile = try OpenAPIDocument(value: value, location: URL(fileURLWithPath: "/tmp/swagger.json"), displayName: "doc")
        #expect(try fromFile.operation("listPets").baseURL == "https://petstore.example/v2")
    }

    @Test func openAPI3ServerVariablesAndOperationServers() throws {
        let value: JSONValue = [
            "openapi": "3.1.0",
            "servers": [["url": "https://{region}.api.example/{base}", "variables": ["region": ["default": "eu"], "base": ["default": "v1"]]]],
            "paths": [
                "/a": ["get": ["operationId": "a"]],
                "/b": ["get": ["operationId": "b", "servers": [["url": "https://other.example/"]]]],
            ],
        ]
        let document = try OpenAPIDocument(value: value, location: URL(fileURLWithPath: "/tmp/openapi.json"), displayName: "doc")
        #expect(try document.operation("a").baseURL == "https://eu.api.example/v1")
        #expect(try document.operation("b").baseURL == "https://other.example")
    }
}
