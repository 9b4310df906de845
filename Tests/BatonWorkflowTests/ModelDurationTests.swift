import Foundation
import Testing
@testable import BatonWorkflow

private let validDurations: [(String, Double)] = [
        ("PT1H30M", 5400.0),
        ("P1D", 86400.0),
        ("P1W", 604_800.0),
        ("P1DT12H", 129_600.0),
        ("PT0.5S", 0.5),
        ("PT1.25S", 1.25),
        ("PT1M0.001S", 60.001),
        ("PT0S", 0.0),
        ("P2W3DT4H5M6.5S", 1_483_506.5),
        ("PT36H", 129_600.0),
]

@Suite struct ModelDurationTests {
    @Test(arguments: validDurations)
    func iso8601DurationsConvertToSeconds(text: String, seconds: Double) throws {
        let duration = try ISO8601Duration(parsing: text)
        #expect(duration.text == text)
        let total = try #require(duration.totalSeconds)
        #expect(abs(total - seconds) < 1e-9)
        let swiftDuration = try #require(Duration(iso8601: text))
        #expect(abs(Double(swiftDuration.components.seconds) + Double(swiftDuration.components.attoseconds) / 1e18 - seconds) < 1e-6)
    }

    @Test func yearsAndMonthsHaveNoFixedLength() throws {
        let duration = try ISO8601Duration(parsing: "P1Y2M")
        #expect(duration.years == 1 && duration.months == 2)
        #expect(duration.totalSeconds == nil)
        #expect(Duration(iso8601: "P1M") == nil)
    }

    @Test(arguments: [
        ("", "starts with `P`"),
        ("1h", "starts with `P`"),
        ("pt1h", "upper case: write `PT1H`"),
        ("P", "`P` alone has no length"),
        ("PT", "`T` must be followed by hours, minutes or seconds"),
        ("P1DT", "`T` must be followed by hours, minutes or seconds"),
        ("PT30", "the number `30` needs a unit"),
        ("P1H", "hours, minutes and seconds follow a `T`: write `PT1H`"),
        ("PT1M1H", "`H` comes out of order"),
        ("P1D2Y", "`Y` comes out of order"),
        ("PT1.S", "a fraction with a point and digits after it"),
        ("PT1,5S", "a fraction with a point"),
        ("PT1X", "`X` is not a unit of an ISO 8601 duration here"),
        ("PT1H ", "unexpected ` `"),
        ("-PT1H", "starts with `P`"),
    ])
    func invalidDurationsAreRejectedWithAReason(text: String, reason: String) {
        #expect {
            try ISO8601Duration(parsing: text)
        } throws: { error in
            (error as? ISO8601DurationError)?.reason.contains(reason) == true
        }
    }

    @Test func inlineDurationsConvert() throws {
        let document = try DocumentLoader().load(text: "{ days: 1, hours: 2, minutes: 3, seconds: 4, milliseconds: 500 }", file: "d.yaml")
        let duration = try WorkflowDuration(from: DocumentReader(document))
        #expect(duration == .inline(InlineDuration(days: 1, hours: 2, minutes: 3, seconds: 4, milliseconds: 500)))
        #expect(duration.totalSeconds == 93784.5)
        #expect(duration.duration == .seconds(93784) + .milliseconds(500))
        #expect(duration.documentValue == document.value)
    }

    @Test func formsAreKeptAsWritten() throws {
        func read(_ text: String) throws -> WorkflowDuration {
            try WorkflowDuration(from: DocumentReader(DocumentLoader().load(text: text, file: "d.yaml")))
        }
        #expect(try read("PT1H").documentValue == "PT1H")
        #expect(try read("'${ .delay }'") == .expression(RuntimeExpression("${ .delay }")))
        #expect(try read("'${ .delay }'").totalSeconds == nil)
        #expect(try read("{ minutes: 5 }").documentValue == ["minutes": 5])
    }

    @Test func inlineDurationsNeedIntegerParts() throws {
        let empty = try DocumentLoader().load(text: "{}", file: "d.yaml")
        #expect(throws: Diagnostic.self) { try WorkflowDuration(from: DocumentReader(empty)) }
        let fractional = try DocumentLoader().load(text: "{ seconds: 1.5 }", file: "d.yaml")
        #expect {
            try WorkflowDuration(from: DocumentReader(fractional))
        } throws: { error in
            (error as? Diagnostic)?.description == "d.yaml:1:3: seconds: expected an integer, found a number"
        }
        let misspelt = try DocumentLoader().load(text: "{ minute: 5 }", file: "d.yaml")
        #expect {
            try WorkflowDuration(from: DocumentReader(misspelt))
        } throws: { error in
            (error as? Diagnostic)?.message == "unknown key `minute`; did you mean `minutes`?"
        }
    }
}
