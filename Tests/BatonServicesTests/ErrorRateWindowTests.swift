import BatonServices
import Testing

@Suite struct ErrorRateWindowTests {
    static func scrape(_ counts: [String: Double], extra: String = "") throws -> PrometheusText {
        let lines = counts.sorted { $0.key < $1.key }.map { #"http_requests_total{code="\#($0.key)",method="get"} \#($0.value)"# }
        return try PrometheusText(parsing: (["# TYPE http_requests_total counter"] + lines + [extra]).joined(separator: "\n"))
    }

    @Test func isTheShareOf5xxAmongTheRequestsBetweenTwoScrapes() throws {
        let earlier = try Self.scrape(["200": 1000, "404": 10, "500": 5])
        let later = try Self.scrape(["200": 1090, "404": 20, "500": 10, "503": 5])
        let window = ErrorRateWindow()
        #expect(window.counts(from: earlier, to: later) == .init(requests: 110, errors: 10))
        #expect(window.errorRate(from: earlier, to: later) == 10.0 / 110.0)
    }

    @Test func isNilWithoutRequests() throws {
        let scrape = try Self.scrape(["200": 1000, "500": 5])
        #expect(ErrorRateWindow().errorRate(from: scrape, to: scrape) == nil)
        let empty = try PrometheusText(parsing: "")
        #expect(ErrorRateWindow().errorRate(from: empty, to: empty) == nil)
    }

    @Test func aRestartedInstanceCountsFromZero() throws {
        let earlier = try Self.scrape(["200": 1000, "500": 50])
        let later = try Self.scrape(["200": 30, "500": 10])
        #expect(ErrorRateWindow().counts(from: earlier, to: later) == .init(requests: 40, errors: 10))
    }

    @Test func otherMetricsAndHistogramsDoNotCount() throws {
        let histogram = """
            http_request_duration_seconds_bucket{code="500",le="+Inf"} 99
            http_request_duration_seconds_count{code="500"} 99
            """
        let earlier = try Self.scrape(["200": 10], extra: histogram)
        let later = try Self.scrape(["200": 20, "500": 5], extra: histogram)
        #expect(ErrorRateWindow().errorRate(from: earlier, to: later) == 5.0 / 15.0)
    }

    @Test func theCounterAndLabelAreConfigurable() throws {
        let earlier = try PrometheusText(parsing: #"requests{status="200"} 10"#)
        let later = try PrometheusText(parsing: "requests{status=\"200\"} 13\nrequests{status=\"502\"} 1")
        #expect(ErrorRateWindow(counter: "requests", codeLabel: "status").errorRate(from: earlier, to: later) == 0.25)
    }
}
