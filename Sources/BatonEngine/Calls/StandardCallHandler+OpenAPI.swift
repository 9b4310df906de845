import BatonWorkflow
import Foundation

extension StandardCallHandler {
    /// Performs `call: openapi`: reads the document (or takes it from the cache), finds the
    /// operation, and sends the request its `parameters` make.
    func openAPI(_ arguments: OpenAPIArguments, context: TaskContext) async throws(WorkflowFault) -> JSONValue {
        let document = try await openAPIDocument(arguments.document, context: context)
        let operation = try document.operation(arguments.operationId)
        let evaluated = try context.scope.evaluate(template: .object(arguments.parameters ?? [:]), on: context.input)
        let built = try operation.request(arguments: evaluated.objectValue ?? [:])
        let (url, urlCredentials) = try HTTPCallRequest.parseURL(built.url, instance: context.reference)
        var request = HTTPCallRequest(
            method: operation.method, url: url, headers: built.headers, body: built.body, followsRedirects: arguments.redirect ?? false)
        if let contentType = built.contentType { request.setDefaultHeader("Content-Type", contentType) }
        if let accept = operation.accept { request.setDefaultHeader("Accept", accept) }
        if let authentication = arguments.authentication {
            request.credentials = try CallCredentials.resolve(authentication, context: context)
        } else {
            request.credentials = urlCredentials
        }
        request.setDefaultHeader("Idempotency-Key", context.idempotencyKey)
        let (sent, response) = try await transport.perform(request, limit: context.limits.maximumOutputBytes, instance: context.reference)
        return response.output(arguments.output, request: sent)
    }

    /// The OpenAPI document of a call: fetched over http(s) through the client (with the
    /// endpoint's authentication), or read from a `file://` URL or a path; YAML or JSON.
    /// - Throws: a configuration error when it cannot be read or is not an OpenAPI document, a
    ///   communication error when its server answers with an error.
    func openAPIDocument(_ resource: ExternalResource, context: TaskContext) async throws(WorkflowFault) -> OpenAPIDocument {
        let text = try endpointText(resource.endpoint.uri, context: context)
        let loader = DocumentLoader(limits: DocumentLoader.Limits(maximumBytes: context.limits.maximumOutputBytes))
        let lowered = text.lowercased()
        if lowered.hasPrefix("http://") || lowered.hasPrefix("https://") {
            let (url, urlCredentials) = try HTTPCallRequest.parseURL(text, instance: context.reference)
            var request = HTTPCallRequest(
                method: "GET", url: url, headers: [("Accept", "application/json, application/yaml;q=0.9, */*;q=0.8")], followsRedirects: true)
            if let policy = resource.endpoint.authentication {
                request.credentials = try CallCredentials.resolve(policy, context: context)
            } else {
                request.credentials = urlCredentials
            }
            let key = request.urlText
            if let cached = documents.document(for: key) { return cached }
            let response: HTTPCallResponse
            do throws(WorkflowFault) {
                response = try await transport.perform(request, limit: context.limits.maximumOutputBytes, instance: context.reference).response
            } catch {
                var fault = error
                fault.detail = "cannot fetch the OpenAPI document: " + (error.detail ?? "")
                throw fault
            }
            let loaded: LoadedDocument
            do {
                loaded = try loader.load(data: response.body, file: key)
            } catch {
                throw .configuration("the OpenAPI document `\(key)` is not valid YAML or JSON: \(error)")
            }
            guard let location = url.url else { throw .configuration("`\(key)` is not a valid URL") }
            let document = try OpenAPIDocument(value: loaded.value, location: location, displayName: key)
            documents.store(document, for: key)
            return document
        }
        let fileURL: URL
        if lowered.hasPrefix("file:") {
            guard let url = URL(string: text), url.isFileURL else { throw .configuration("`\(text)` is not a valid file URL") }
            fileURL = url
        } else if URLComponents(string: text)?.scheme.map({ $0.count > 1 }) ?? false {
            throw .configuration("the OpenAPI document `\(text)` must be an http, https or file URL, or a path")
        } else {
            fileURL = URL(fileURLWithPath: text)
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: fileURL.path)
        let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        let key = "\(fileURL.absoluteString)#\(modified)-\(size)"
        if let cached = documents.document(for: key) { return cached }
        let loaded: LoadedDocument
        do {
            loaded = try loader.load(contentsOf: fileURL, displayName: text)
        } catch {
            throw .configuration("cannot read the OpenAPI document `\(text)`: \(error)")
        }
        let document = try OpenAPIDocument(value: loaded.value, location: fileURL, displayName: text)
        documents.store(document, for: key)
        return document
    }
}
