import BatonWorkflow
import Hummingbird

/// A local stand-in for the Swagger Petstore (`https://petstore.swagger.io/v2`) that the
/// conformance kit's `call` scenarios use, with a fixed catalogue of pets:
///
/// - `GET /v2/pet/findByStatus?status=available` — the pets with any of the statuses given
///   (repeated or comma-separated), 400 for a missing or unknown status;
/// - `GET /v2/pet/{petId}` — one pet, 404 for an unknown id, 400 for an id that is not a number;
/// - `GET /v2/pet/getPetByName/{name}` — one pet by name, 404 when none has it;
/// - `GET /v2/swagger.json` — a Swagger 2.0 document describing these operations
///   (`findPetsByStatus`, `getPetById`, `getPetByName`).
///
/// Errors have the Petstore's `{code, type, message}` shape.
public enum PetstoreFake {
    /// The host the scenarios name.
    public static let host = "petstore.swagger.io"

    /// A pet of the catalogue.
    public struct Pet: Sendable, Hashable {
        public var id: Int
        public var name: String
        public var category: String
        public var status: String

        public var documentValue: JSONValue {
            [
                "id": .integer(id),
                "category": ["id": .integer(Self.categoryIDs[category] ?? 0), "name": .string(category)],
                "name": .string(name),
                "photoUrls": [.string("https://\(PetstoreFake.host)/photos/\(id).jpg")],
                "tags": [["id": .integer(id), "name": .string(name.lowercased())]],
                "status": .string(status),
            ]
        }

        static let categoryIDs = ["Dogs": 1, "Cats": 2, "Fish": 3, "Birds": 4]
    }

    /// The statuses a pet can have, as the Petstore defines them.
    public static let statuses = ["available", "pending", "sold"]

    /// The catalogue the fake serves.
    public static let pets: [Pet] = [
        Pet(id: 1, name: "Rex", category: "Dogs", status: "available"),
        Pet(id: 2, name: "Felix", category: "Cats", status: "available"),
        Pet(id: 3, name: "Nemo", category: "Fish", status: "pending"),
        Pet(id: 4, name: "Polly", category: "Birds", status: "sold"),
        Pet(id: 5, name: "Bella", category: "Dogs", status: "available"),
    ]

    /// The fake's routes, logging each request to `log` when given.
    public static func router(log: (@Sendable (String) -> Void)? = nil) -> Router<BasicRequestContext> {
        let router = Router()
        if let log { router.add(middleware: RequestLogMiddleware(host: host, log: log)) }
        router.get("v2/swagger.json") { _, _ in
            FakeResponse.json(swaggerDocument)
        }
        router.get("v2/pet/findByStatus") { request, _ in
            let requested = request.uri.queryParameters[values: "status"].flatMap { $0.split(separator: ",") }.map(String.init)
            guard !requested.isEmpty else {
                return FakeResponse.json(apiError(400, "the query parameter `status` is required"), status: .badRequest)
            }
            if let unknown = requested.first(where: { !statuses.contains($0) }) {
                return FakeResponse.json(
                    apiError(400, "status `\(unknown)` is not one of \(statuses.joined(separator: ", "))"), status: .badRequest
                )
            }
            return FakeResponse.json(.array(pets.filter { requested.contains($0.status) }.map(\.documentValue)))
        }
        router.get("v2/pet/getPetByName/:name") { _, context in
            let name = context.parameters.get("name") ?? ""
            guard let pet = pets.first(where: { $0.name == name }) else {
                return FakeResponse.json(apiError(404, "Pet not found"), status: .notFound)
            }
            return FakeResponse.json(pet.documentValue)
        }
        router.get("v2/pet/:petId") { _, context in
            guard let id = context.parameters.get("petId", as: Int.self) else {
                return FakeResponse.json(apiError(400, "Invalid ID supplied"), status: .badRequest)
            }
            guard let pet = pets.first(where: { $0.id == id }) else {
                return FakeResponse.json(apiError(404, "Pet not found"), status: .notFound)
            }
            return FakeResponse.json(pet.documentValue)
        }
        return router
    }

    static func apiError(_ code: Int, _ message: String) -> JSONValue {
        ["code": .integer(code), "type": code == 404 ? "error" : "unknown", "message": .string(message)]
    }

    /// The Swagger 2.0 document of the operations the fake serves.
    public static let swaggerDocument: JSONValue = [
        "swagger": "2.0",
        "info": [
            "title": "Swagger Petstore (Baton conformance fake)",
            "description": "The Petstore operations the OWS conformance kit calls, served locally by baton-ctk.",
            "version": "1.0.7",
        ],
        "host": .string(host),
        "basePath": "/v2",
        "schemes": ["https", "http"],
        "tags": [["name": "pet", "description": "Everything about your Pets"]],
        "paths": [
            "/pet/findByStatus": [
                "get": [
                    "tags": ["pet"],
                    "summary": "Finds Pets by status",
                    "operationId": "findPetsByStatus",
                    "produces": ["application/json"],
                    "parameters": [[
                        "name": "status", "in": "query", "required": true, "type": "string",
                        "enum": .array(statuses.map(JSONValue.string)),
                        "description": "The status of the pets to find; several statuses may be separated by commas",
                    ]],
                    "responses": [
                        "200": ["description": "successful operation", "schema": ["type": "array", "items": ["$ref": "#/definitions/Pet"]]],
                        "400": ["description": "Invalid status value", "schema": ["$ref": "#/definitions/ApiResponse"]],
                    ],
                ]
            ],
            "/pet/{petId}": [
                "get": [
                    "tags": ["pet"],
                    "summary": "Find pet by ID",
                    "operationId": "getPetById",
                    "produces": ["application/json"],
                    "parameters": [["name": "petId", "in": "path", "required": true, "type": "integer", "format": "int64", "description": "ID of pet to return"]],
                    "responses": [
                        "200": ["description": "successful operation", "schema": ["$ref": "#/definitions/Pet"]],
                        "400": ["description": "Invalid ID supplied", "schema": ["$ref": "#/definitions/ApiResponse"]],
                        "404": ["description": "Pet not found", "schema": ["$ref": "#/definitions/ApiResponse"]],
                    ],
                ]
            ],
            "/pet/getPetByName/{name}": [
                "get": [
                    "tags": ["pet"],
                    "summary": "Find pet by name",
                    "operationId": "getPetByName",
                    "produces": ["application/json"],
                    "parameters": [["name": "name", "in": "path", "required": true, "type": "string", "description": "Name of pet to return"]],
                    "responses": [
                        "200": ["description": "successful operation", "schema": ["$ref": "#/definitions/Pet"]],
                        "404": ["description": "Pet not found", "schema": ["$ref": "#/definitions/ApiResponse"]],
                    ],
                ]
            ],
        ],
        "definitions": [
            "Category": ["type": "object", "properties": ["id": ["type": "integer", "format": "int64"], "name": ["type": "string"]]],
            "Tag": ["type": "object", "properties": ["id": ["type": "integer", "format": "int64"], "name": ["type": "string"]]],
            "Pet": [
                "type": "object",
                "required": ["name", "photoUrls"],
                "properties": [
                    "id": ["type": "integer", "format": "int64"],
                    "category": ["$ref": "#/definitions/Category"],
                    "name": ["type": "string", "example": "doggie"],
                    "photoUrls": ["type": "array", "items": ["type": "string"]],
                    "tags": ["type": "array", "items": ["$ref": "#/definitions/Tag"]],
                    "status": ["type": "string", "description": "pet status in the store", "enum": .array(statuses.map(JSONValue.string))],
                ],
            ],
            "ApiResponse": [
                "type": "object",
                "properties": ["code": ["type": "integer", "format": "int32"], "type": ["type": "string"], "message": ["type": "string"]],
            ],
        ],
    ]
}
