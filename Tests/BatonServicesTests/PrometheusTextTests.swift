import BatonServices
import Hummingbird
import Testing

@Suite struct PrometheusTextTests {
    /// What a service instrumented with a Prometheus client serves, with the corners of the format.
    static let exposition = #"""
        # HELP http_requests_total The total number of HTTP requests.
        # TYPE http_requests_total counter
        http_requests_total{method="get",code="200"} 1027 1395066363000
        http_requests_total{method="post",code="200"} 3
        http_requests_total{method="get",code="500"} 12
        http_requests_total{method="get",code="503"} 2

        # A comment that is not HELP or TYPE.
        # HELP http_request_duration_seconds Latency of HTTP requests.\nIn seconds, with a \\ backslash.
        # TYPE http_request_duration_seconds histogram
        http_request_duration_seconds_bucket{le="0.05"} 24054
        http_request_duration_seconds_bucket{le="0.1"} 33444
        http_request_duration_seconds_bucket{le="0.5"} 129389
        http_request_duration_seconds_bucket{le="+Inf"} 144320
        http_request_duration_seconds_sum 53423
        http_request_duration_seconds_count 144320
        # TYPE queue_depth gauge
        queue_depth NaN
        temperature_celsius{room="kitchen \"north\"",path="C:\\DIR\\",note="two\nlines"} -3.5e1
        minimum_free_bytes -Inf
        metric_without_timestamp_and_labels 12.47
        spaced_labels { a = "1" , b="2", } 1
        windows_line_end 1\#r
        """#

    @Test func readsARealisticExposition() throws {
        let text = try PrometheusText(parsing: Self.exposition)
        #expect(text.samples.count == 16)
        #expect(text.types == ["http_requests_total": .counter, "http_request_duration_seconds": .histogram, "queue_depth": .gauge])
        #expect(text.help["http_request_duration_seconds"] == "Latency of HTTP requests.\nIn seconds, with a \\ backslash.")
        #expect(
            text.samples[0]
                == PrometheusSample(name: "http_requests_total", labels: ["method": "get", "code": "200"], value: 1027, timestamp: 1_395_066_363_000)
        )
        #expect(text.value(of: "http_request_duration_seconds_bucket", labels: ["le": "+Inf"]) == 144320)
        #expect(text.value(of: "http_request_duration_seconds_count") == 144320)
        #expect(text.value(of: "queue_depth")?.isNaN == true)
        #expect(text.value(of: "minimum_free_bytes") == -.infinity)
        #expect(text.value(of: "temperature_celsius", labels: ["room": "kitchen \"north\"", "path": #"C:\DIR\"#, "note": "two\nlines"]) == -35)
        #expect(text.value(of: "spaced_labels", labels: ["a": "1", "b": "2"]) == 1)
        #expect(text.value(of: "windows_line_end") == 1)
    }

    @Test func sumsACounterOverTheLabelsChosen() throws {
        let text = try PrometheusText(parsing: Self.exposition)
        #expect(text.sum(of: "http_requests_total") == 1044)
        #expect(text.sum(of: "http_requests_total") { $0["code"]?.hasPrefix("5") == true } == 14)
        #expect(text.sum(of: "http_requests_total") { $0["method"] == "post" } == 3)
        #expect(text.sum(of: "no_such_metric") == 0)
    }

    @Test(arguments: [
        ("ok 1\nhttp_requests_total{code=200} 3", 2, 26, "in double quotes"),
        ("ok 1\nok 2\nhttp_requests_total{code=\"200\" 3", 3, 32, "separated by `,` and end with `}`"),
        ("http_requests_total{code=\"200\"} three", 1, 33, "`three` is not a sample value"),
        ("http_requests_total", 1, 20, "has no value"),
        ("http-requests 1", 1, 5, "a metric name holds only"),
        ("2xx_requests 1", 1, 1, "starts with a metric name"),
        ("up 1 yesterday", 1, 6, "is not a timestamp"),
        ("up 1 1395066363000 extra", 1, 20, "goes on after the timestamp"),
        ("up{job=\"a\",job=\"b\"} 1", 1, 12, "appears twice"),
        ("up{job=\"a\\t\"} 1", 1, 10, "is not an escape"),
        ("up{job=\"unterminated} 1", 1, 8, "no closing double quote"),
        ("# TYPE up countr", 1, 11, "one of counter, gauge, histogram, summary, untyped"),
        ("# TYPE up gauge\n# TYPE up counter", 2, 8, "second `# TYPE`"),
        ("# HELP 9up help", 1, 8, "followed by a metric name"),
        ("up 1\n\nup Infinity", 3, 4, "is not a sample value"),
    ])
    func refusesMalformedLinesSayingWhere(_ text: String, _ line: Int, _ column: Int, _ problem: String) {
        do {
            let parsed = try PrometheusText(parsing: text)
            Issue.record("parsed \(parsed.samples) from a malformed exposition")
        } catch {
            #expect(error.line == line)
            #expect(error.column == column)
            #expect(error.problem.contains(problem), "\(error.problem)")
            #expect(error.description.hasPrefix("line \(line), column \(column): "))
        }
    }

    @Test func anEmptyExpositionHasNoSample() throws {
        #expect(try PrometheusText(parsing: "").samples.isEmpty)
        #expect(try PrometheusText(parsing: "\n# just a comment\n\n").samples.isEmpty)
    }

    // MARK: - Scraping

    @Test func scrapesAnInstance() async throws {
        let router = Router()
        router.get("metrics") { _, _ in Self.exposition }
        router.get("broken") { _, _ in Response(status: .internalServerError) }
        router.get("garbage") { _, _ in "<html>not metrics</html>" }
        try await TestServers.withHTTPServer(router) { port in
            let text = try await PrometheusText.scrape("http://127.0.0.1:\(port)/metrics")
            #expect(text.sum(of: "http_requests_total") == 1044)

            let status = await #expect(throws: PrometheusScrapeError.self) {
                try await PrometheusText.scrape("http://127.0.0.1:\(port)/broken")
            }
            #expect(status?.code == .httpStatus)
            #expect(status?.description.contains("HTTP 500") == true)

            let malformed = await #expect(throws: PrometheusScrapeError.self) {
                try await PrometheusText.scrape("http://127.0.0.1:\(port)/garbage")
            }
            #expect(malformed?.code == .malformed)
            #expect(malformed?.description.contains("line 1, column 1") == true)
        }
    }

    @Test func anUnreachableInstanceIsARetryableError() async throws {
        let port = try await TestServers.closedPort()
        let error = await #expect(throws: PrometheusScrapeError.self) {
            try await PrometheusText.scrape("http://127.0.0.1:\(port)/metrics")
        }
        #expect(error?.code == .unreachable)
        #expect(error?.description == "scraping http://127.0.0.1:\(port)/metrics: connection refused; is the instance running?")
        #expect(error?.isRetryable == true)
    }
}
