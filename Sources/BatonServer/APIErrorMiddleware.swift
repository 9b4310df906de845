import BatonRuntime
import Hummingbird

/// Turns every error a route throws into the API's JSON error body: ``APIError`` as it is, the
/// orchestrator's by kind, Hummingbird's (an unknown route) by status, anything else as a
/// storage error (500) — never an empty or HTML body.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return Response.json(error.body, status: error.status)
        } catch let error as OrchestratorError {
            let apiError = APIError(error)
            return Response.json(apiError.body, status: apiError.status)
        } catch let error as any HTTPResponseError {
            let apiError: APIError =
                switch error.status {
                case .notFound:
                    .notFound("no route answers \(request.method) \(request.uri.path); GET /openapi.json lists the routes")
                case .contentTooLarge:
                    APIError(.contentTooLarge, .tooLarge, "the request body is too large; start `baton serve` with a larger `--max-body-size` (in MiB)")
                case let status where status.kind == .clientError:
                    APIError(status, .invalidInput, "the request was refused: \(status.reasonPhrase)")
                case .serviceUnavailable:
                    APIError(.serviceUnavailable, .unavailable, "the server is not available; try again")
                default:
                    APIError(.internalServerError, .storage, "the request failed: \(error)")
                }
            return Response.json(apiError.body, status: apiError.status)
        } catch {
            let apiError = APIError(.internalServerError, .storage, "the request failed: \(error)")
            return Response.json(apiError.body, status: apiError.status)
        }
    }
}
