/// Small pet store API descriptions that the OpenAPI tests serve from their local server.
enum OpenAPIFixtures {
    /// A Swagger 2.0 document in JSON; `host` is filled in by the test.
    static func swagger(host: String) -> String {
        """
        {
          "swagger": "2.0",
          "info": { "title": "Pets", "version": "1.0.0" },
          "host": "\(host)",
          "basePath": "/v2",
          "schemes": ["http"],
          "consumes": ["application/json"],
          "produces": ["application/json", "application/xml"],
          "paths": {
            "/pet/findByStatus": {
              "get": {
                "operationId": "findPetsByStatus",
                "parameters": [
                  { "name": "status", "in": "query", "required": true, "type": "array", "items": { "type": "string" }, "collectionFormat": "csv" }
                ],
                "responses": { "200": { "description": "ok" } }
              }
            },
            "/pet/{petId}": {
              "parameters": [ { "$ref": "#/parameters/petId" } ],
              "get": {
                "operationId": "getPetById",
                "parameters": [ { "name": "X-Tenant", "in": "header", "type": "string" } ],
                "responses": { "200": { "description": "ok" } }
              },
              "delete": {
                "operationId": "deletePet",
                "responses": { "200": { "description": "ok" } }
              }
            },
            "/pet": {
              "post": {
                "operationId": "addPet",
                "parameters": [ { "name": "pet", "in": "body", "required": true, "schema": { "type": "object" } } ],
                "responses": { "200": { "description": "ok" } }
              }
            },
            "/pet/{petId}/form": {
              "post": {
                "operationId": "updatePetWithForm",
                "consumes": ["application/x-www-form-urlencoded"],
                "parameters": [
                  { "$ref": "#/parameters/petId" },
                  { "name": "name", "in": "formData", "type": "string" },
                  { "name": "status", "in": "formData", "type": "string" }
                ],
                "responses": { "200": { "description": "ok" } }
              }
            }
          },
          "parameters": {
            "petId": { "name": "petId", "in": "path", "required": true, "type": "integer" }
          }
        }
        """
    }

    /// An OpenAPI 3.0 document in YAML, with a relative server URL.
    static let openAPI3 = """
        openapi: 3.0.3
        info:
          title: Pets
          version: 1.0.0
        servers:
          - url: /api/{version}
            variables:
              version:
                default: v3
        paths:
          /pet/{petId}:
            get:
              operationId: getPetById
              parameters:
                - $ref: '#/components/parameters/petId'
                - name: verbose
                  in: query
                  schema: { type: boolean }
                - name: tags
                  in: query
                  schema: { type: array, items: { type: string } }
              responses:
                '200':
                  description: ok
                  content:
                    application/json:
                      schema: { type: object }
          /pet:
            post:
              operationId: addPet
              parameters:
                - name: X-Request-Source
                  in: header
                  schema: { type: string }
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { type: object }
              responses:
                '201':
                  description: created
                  content:
                    application/json:
                      schema: { type: object }
        components:
          parameters:
            petId:
              name: petId
              in: path
              required: true
              schema: { type: integer }
        """
}
