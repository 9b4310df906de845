import BatonConformance
import BatonWorkflow
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite struct FakeServicesTests {
    func json(_ response: TestResponse) throws -> JSONValue {
        try JSONValue(jsonText: String(buffer: response.body))
    }

    @Test func petsAreFoundByStatus() async throws {
        try await Application(router: PetstoreFake.router()).test(.router) { client in
            let available = try await client.execute(uri: "/v2/pet/findByStatus?status=available", method: .get)
            #expect(available.status == .ok)
            #expect(available.headers[.contentType] == "application/json")
            let pets = try #require(try json(available).arrayValue)
            #expect(!pets.isEmpty)
            #expect(pets.allSatisfy { $0["status"] == "available" && $0["id"] != nil && $0["name"] != nil })

            let several = try await client.execute(uri: "/v2/pet/findByStatus?status=pending,sold", method: .get)
            #expect(try json(several).arrayValue?.compactMap { $0["status"]?.stringValue }.sorted() == ["pending", "sold"])

            let unknown = try await client.execute(uri: "/v2/pet/findByStatus?status=lost", method: .get)
            #expect(unknown.status == .badRequest)
            let missing = try await client.execute(uri: "/v2/pet/findByStatus", method: .get)
            #expect(missing.status == .badRequest)
        }
    }

    /// The kit reads pets 1 and 2 and expects their ids back (`data-flow.feature`).
    @Test func petsAreFoundByIDAndUnknownIDsAreNotFound() async throws {
        try await Application(router: PetstoreFake.router()).test(.router) { client in
            for id in [1, 2] {
                let response = try await client.execute(uri: "/v2/pet/\(id)", method: .get)
                #expect(response.status == .ok)
                let pet = try json(response)
                #expect(pet["id"] == .integer(id))
                #expect(pet["name"]?.stringValue != nil && pet["status"]?.stringValue != nil)
            }
            let unknown = try await client.execute(uri: "/v2/pet/999", method: .get)
            #expect(unknown.status == .notFound)
            #expect(try json(unknown)["message"] == "Pet not found")
            let notANumber = try await client.execute(uri: "/v2/pet/abc", method: .get)
            #expect(notANumber.status == .badRequest)
        }
    }

    /// `try.feature` catches the 404 of a pet nobody has named Milou.
    @Test func petsAreFoundByNameAndMilouIsNotFound() async throws {
        try await Application(router: PetstoreFake.router()).test(.router) { client in
            let milou = try await client.execute(uri: "/v2/pet/getPetByName/Milou", method: .get)
            #expect(milou.status == .notFound)
            let known = try #require(PetstoreFake.pets.first)
            let found = try await client.execute(uri: "/v2/pet/getPetByName/\(known.name)", method: .get)
            #expect(found.status == .ok)
            #expect(try json(found)["id"] == .integer(known.id))
        }
    }

    /// `call.feature` calls `findPetsByStatus` and `getPetById` through the document.
    @Test func theSwaggerDocumentDescribesTheOperations() async throws {
        try await Application(router: PetstoreFake.router()).test(.router) { client in
            let response = try await client.execute(uri: "/v2/swagger.json", method: .get)
            #expect(response.status == .ok)
            let document = try json(response)
            #expect(document["swagger"] == "2.0")
            #expect(document["host"] == "petstore.swagger.io")
            #expect(document["basePath"] == "/v2")
            let paths = try #require(document["paths"]?.objectValue)
            #expect(paths["/pet/findByStatus"]?["get"]?["operationId"] == "findPetsByStatus")
            #expect(paths["/pet/{petId}"]?["get"]?["operationId"] == "getPetById")
            #expect(paths["/pet/getPetByName/{name}"]?["get"]?["operationId"] == "getPetByName")
        }
    }

    @Test func basicAuthenticationChecksTheCredentialsInThePath() async throws {
        try await Application(router: HTTPBinFake.router()).test(.router) { client in
            let good = Data("serverless-workflow:conformance-test".utf8).base64EncodedString()
            let accepted = try await client.execute(
                uri: "/basic-auth/serverless-workflow/conformance-test", method: .get, headers: [.authorization: "Basic \(good)"]
            )
            #expect(accepted.status == .ok)
            #expect(try json(accepted) == ["authenticated": true, "user": "serverless-workflow"])

            let wrong = Data("serverless-workflow:guess".utf8).base64EncodedString()
            let refused = try await client.execute(
                uri: "/basic-auth/serverless-workflow/conformance-test", method: .get, headers: [.authorization: "Basic \(wrong)"]
            )
            #expect(refused.status == .unauthorized)
            #expect(refused.headers[.wwwAuthenticate]?.hasPrefix("Basic") == true)
            let anonymous = try await client.execute(uri: "/basic-auth/a/b", method: .get)
            #expect(anonymous.status == .unauthorized)
        }
    }

    /// The runner's servers listen on loopback ports of their own and stop after the body.
    @Test func theFakesRunOnLoopbackForTheBodyOnly() async throws {
        let hosts = try await FakeServices.withRunning(FakeServices.conformanceKit()) { hosts in
            #expect(Set(hosts.baseURLs.keys) == [PetstoreFake.host, HTTPBinFake.host])
            let base = try #require(hosts.baseURLs[PetstoreFake.host])
            let port = try #require(base.port)
            #expect(base.absoluteString == "http://127.0.0.1:\(port)")
            let response = try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                try await client.get("/v2/pet/1")
            }
            #expect(response.status == .ok)
            return hosts
        }
        let port = try #require(hosts.baseURLs[PetstoreFake.host]?.port)
        await #expect(throws: (any Error).self) {
            _ = try await TestClient.withClient(host: "127.0.0.1", port: port) { client in
                try await client.get("/v2/pet/1")
            }
        }
    }
}
