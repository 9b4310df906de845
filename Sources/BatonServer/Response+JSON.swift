import BatonWorkflow
import Hummingbird

extension Response {
    /// A JSON body with `Content-Type: application/json` (JSON is UTF-8 by definition, RFC 8259,
    /// so no charset parameter).
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: value.jsonText()))
        )
    }
}
