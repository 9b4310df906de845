import Testing

@testable import BatonServices

@Suite struct ComposeInterpolationTests {
    static let variables = ["HOST": "db.local", "PORT": "5432", "EMPTY": ""]

    func interpolate(_ text: String) throws -> (text: String, unresolved: [String]) {
        var interpolation = ComposeInterpolation { Self.variables[$0] }
        let result = try interpolation.interpolate(text)
        return (result, interpolation.unresolved)
    }

    @Test(arguments: [
        ("plain text", "plain text"), ("${HOST}:${PORT}", "db.local:5432"), ("$HOST:$PORT/x", "db.local:5432/x"), ("$$HOST costs $$5", "$HOST costs $5"),
        ("${EMPTY:-fallback}", "fallback"), ("${EMPTY-fallback}", ""), ("${NOPE-fallback}", "fallback"), ("${NOPE:-}", ""),
        ("${NOPE:-${HOST}:${PORT}}", "db.local:5432"), ("${HOST:+replaced}", "replaced"), ("${EMPTY:+replaced}", ""), ("${EMPTY+replaced}", "replaced"),
        ("${NOPE+replaced}", ""), ("${HOST:?needed}", "db.local"), ("${EMPTY?needed}", ""), ("cost: 5$", "cost: 5$"), ("a $1 b", "a $1 b"),
        ("${HOST:-a:-b}", "db.local"), ("${NOPE:-a}b}", "ab}"),
    ])
    func replacesVariablesAsComposeDoes(text: String, expected: String) throws {
        let result = try interpolate(text)
        #expect(result.text == expected)
        #expect(result.unresolved.isEmpty)
    }

    @Test func variablesThatAreNotSetBecomeEmptyAndAreReportedOnce() throws {
        let result = try interpolate("${A}-$B-${A}-${C:-x}")
        #expect(result.text == "---x")
        #expect(result.unresolved == ["A", "B"])
    }

    @Test(arguments: [
        ("${NOPE:?set NOPE to the token}", "`NOPE` is required: set NOPE to the token"), ("${EMPTY:?}", "`EMPTY` is required"),
        ("${HOST", "a `${` is not closed by `}`"), ("${}", "`${}` does not start with a variable name"),
        ("${1X}", "`${1X}` does not start with a variable name"), ("${HOST/x/y}", "`${HOST/x/y}` is not an interpolation compose knows"),
    ])
    func refusesWhatComposeRefuses(text: String, problem: String) {
        #expect {
            try interpolate(text)
        } throws: { error in
            (error as? ComposeInterpolation.Failure)?.problem == problem
        }
    }
}
