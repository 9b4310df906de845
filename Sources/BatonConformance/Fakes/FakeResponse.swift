import BatonWorkflow
import Hummingbird

/// Responses of the fakes.
enum FakeResponse {
    /// A JSON body with `Content-Type: application/json`.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: value.jsonText()))
        )
    }
}
