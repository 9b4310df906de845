import Hummingbird

/// Reports each request a fake answers, `petstore.swagger.io GET /v2/pet/1 → 200`, for the
/// runner's verbose output.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let host: String
    let log: @Sendable (String) -> Void

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let head = "\(host) \(request.method) \(request.uri)"
        do {
            let response = try await next(request, context)
            log("\(head) → \(response.status.code)")
            return response
        } catch let error as any HTTPResponseError {
            log("\(head) → \(error.status.code)")
            throw error
        }
    }
}
