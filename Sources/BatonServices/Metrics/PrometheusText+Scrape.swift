import AsyncHTTPClient
import NIOCore
import NIOHTTP1

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension PrometheusText {
    /// Fetches and parses the metrics at `url` (an instance's `/metrics`).
    ///
    /// It asks for the text format 0.0.4 (`Accept: text/plain;version=0.0.4`), which every
    /// Prometheus client library serves; an exposition larger than `maximumBytes` is refused
    /// rather than held in memory.
    /// - Parameters:
    ///   - url: an `http://` URL, e.g. `http://127.0.0.1:41234/metrics`.
    ///   - client: the HTTP client; by default one shared by all scrapes that does not retry a
    ///     refused connection: a scrape of a stopped instance fails at once, and the next scrape
    ///     is the retry.
    ///   - timeout: the time allowed for the whole exchange, body included.
    ///   - maximumBytes: the largest body accepted.
    /// - Throws: ``PrometheusScrapeError`` naming the URL: unreachable, timed out, an HTTP status
    ///   other than 200, a body over the limit, or a malformed exposition (with its line).
    public static func scrape(
        _ url: String,
        client: HTTPClient? = nil,
        timeout: Duration = .seconds(5),
        maximumBytes: Int = 16 * 1024 * 1024
    ) async throws(PrometheusScrapeError) -> PrometheusText {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "text/plain;version=0.0.4")
        let deadline = NIODeadline.now() + TimeAmount(timeout)
        let body: ByteBuffer
        do {
            let response = try await (client ?? scrapeClient).execute(request, deadline: deadline)
            guard response.status.code == 200 else {
                throw PrometheusScrapeError(
                    code: .httpStatus, url: url,
                    problem: "the server answered HTTP \(response.status.code) \(response.status.reasonPhrase); it should answer 200 with the metrics"
                )
            }
            body = try await response.body.collect(upTo: maximumBytes)
        } catch let error as PrometheusScrapeError {
            throw error
        } catch let error as NIOTooManyBytesError {
            _ = error
            throw PrometheusScrapeError(
                code: .tooLarge, url: url,
                problem: "the metrics are larger than \(maximumBytes) bytes; raise the limit or expose fewer series"
            )
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw PrometheusScrapeError(
                code: .unreachable, url: url,
                problem: "no answer within \(timeout.shortDescription); is the service overloaded or stuck?"
            )
        } catch let error as IOError where error.errnoCode == ECONNREFUSED {
            throw PrometheusScrapeError(code: .unreachable, url: url, problem: "connection refused; is the instance running?")
        } catch {
            throw PrometheusScrapeError(
                code: .unreachable, url: url,
                problem: "cannot fetch the metrics (\(error)); is the instance running and serving them at this path?"
            )
        }
        do {
            return try PrometheusText(parsing: String(buffer: body))
        } catch {
            throw PrometheusScrapeError(code: .malformed, url: url, problem: "the metrics are malformed: \(error.description)")
        }
    }
}

/// The client of scrapes given none. Like `HTTPClient.shared` it lives as long as the process
/// and is never shut down.
private let scrapeClient: HTTPClient = {
    var configuration = HTTPClient.Configuration()
    configuration.connectionPool.retryConnectionEstablishment = false
    return HTTPClient(configuration: configuration)
}()
