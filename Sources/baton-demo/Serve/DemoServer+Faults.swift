import Hummingbird

extension DemoServer {
    /// `/faults`: `GET` shows the switches; `POST` changes the ones its JSON object names
    /// (`{"error_rate": 0.5}`); `PUT` sets them all (what it leaves out is off); `DELETE` turns
    /// every switch off. Each answers the switches as they are after it, and in the header
    /// `X-Held-Requests` how many requests the `hang` fault holds; a bad body is 400 and changes
    /// nothing.
    func addFaultRoutes(to router: Router<BasicRequestContext>) {
        router.get("/faults") { _, _ in faultsResponse(faults.current) }
        router.post("/faults") { request, _ in
            try await change(request, method: "POST") { (current, body) throws(FaultsError) in try current.applying(json: body) }
        }
        router.put("/faults") { request, _ in
            try await change(request, method: "PUT") { (_, body) throws(FaultsError) in try Faults.none.applying(json: body) }
        }
        router.delete("/faults") { _, _ in
            faultsResponse(faults.set(.none, reason: "DELETE /faults"))
        }
    }

    private func change(
        _ request: Request, method: String, _ transform: @escaping (Faults, String) throws(FaultsError) -> Faults
    ) async throws -> Response {
        let bytes = try await request.body.collect(upTo: 64 * 1024)
        let body = String(decoding: bytes.readableBytesView, as: UTF8.self)
        do {
            let faults = try faults.update(reason: "\(method) /faults") { (current) throws(FaultsError) in try transform(current, body) }
            return faultsResponse(faults)
        } catch {
            return Response.json(["error": error.description], status: .badRequest)
        }
    }

    private func faultsResponse(_ faults: Faults) -> Response {
        var response = Response.json(faults)
        response.headers[.init("X-Held-Requests")!] = String(self.faults.hungCount)
        return response
    }
}
