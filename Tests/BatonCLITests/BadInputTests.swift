import Foundation
import Testing

/// Bad documents end in a clear message that says what and where — never a crash or a hang.
@Suite struct BadInputTests {
    func validate(_ name: String, _ content: Data, _ extraArguments: [String] = []) throws -> CommandRunner.Result {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        try folder.write(name, data: content)
        return try CommandRunner.run(["validate"] + extraArguments + [name], in: folder.url)
    }

    func validate(_ name: String, _ text: String, _ extraArguments: [String] = []) throws -> CommandRunner.Result {
        try validate(name, Data(text.utf8), extraArguments)
    }

    @Test func malformedYAML() throws {
        let result = try validate("broken.yaml", "document:\n  dsl: '1.0.3'\n  name: [unclosed\ndo: []\n")
        #expect(result.status == 1)
        #expect(result.standardOutput.hasPrefix("broken.yaml:4:"))
        #expect(result.standardOutput.contains("invalid YAML"))
    }

    @Test func malformedJSON() throws {
        let result = try validate("broken.json", "{\"document\": {\"dsl\": \"1.0.3\",}, \"do\": [}")
        #expect(result.status == 1)
        #expect(result.standardOutput.hasPrefix("broken.json:1:"))
        #expect(result.standardOutput.contains("invalid YAML") || result.standardOutput.contains("invalid"))
    }

    @Test func jsonDocumentsHavePositionsToo() throws {
        let json = """
            {
              "document": {"dsl": "1.0.3", "namespace": "n", "name": "x", "version": "1.0.0"},
              "do": [
                {"wait1": {"wait": true}}
              ]
            }
            """
        let result = try validate("w.json", json)
        #expect(result.status == 1)
        #expect(result.standardOutput.hasPrefix("w.json:4:16: do[0].wait1.wait: "))
    }

    @Test func wrongTypeAndUnknownKey() throws {
        let header = "document:\n  dsl: '1.0.3'\n  namespace: n\n  name: x\n  version: '1.0.0'\n"
        let wrongType = try validate("t.yaml", header + "do:\n  - a:\n      set: 5\n")
        #expect(wrongType.status == 1)
        #expect(wrongType.standardOutput.hasPrefix("t.yaml:8:"))
        #expect(wrongType.standardOutput.contains("do[0].a.set"))
        let unknown = try validate("u.yaml", header + "do:\n  - a:\n      set: { x: 1 }\n      thne: end\n")
        #expect(unknown.status == 1)
        #expect(unknown.standardOutput.contains("u.yaml:9:7: do[0].a.thne: unknown key `thne`; did you mean `then`?"))
    }

    @Test func emptyAndMissingAndBinaryFiles() throws {
        let empty = try validate("empty.yaml", "")
        #expect(empty.status == 1)
        #expect(empty.standardOutput.contains("empty.yaml:1:1: the document is empty"))

        let missing = try CommandRunner.run(["validate", "/nonexistent/flow.yaml"])
        #expect(missing.status == 1)
        #expect(missing.standardOutput.contains("/nonexistent/flow.yaml:1:1: cannot read the file"))

        let binary = try validate("blob.yaml", Data([0xFF, 0xFE, 0x00, 0x81, 0x9F]))
        #expect(binary.status == 1)
        #expect(binary.standardOutput.contains("blob.yaml:1:1: the file is not UTF-8 text"))
    }

    /// A 10 MB document is refused by the default limit, and read when the limit allows it.
    @Test func tenMegabyteDocument() throws {
        var text = "document:\n  dsl: '1.0.3'\n  namespace: n\n  name: big\n  version: '1.0.0'\ndo:\n  - fill:\n      set:\n        values:\n"
        let line = "          - \"" + String(repeating: "x", count: 88) + "\"\n"
        while text.utf8.count < 10_000_000 { text += line }
        let refused = try validate("big.yaml", text)
        #expect(refused.status == 1)
        #expect(refused.standardOutput.contains("big.yaml:1:1: the document is 9.5 MiB, more than the limit of 4.0 MiB"))
        let accepted = try validate("big.yaml", text, ["--max-document-size", "16"])
        #expect(accepted.status == 0)
        #expect(accepted.standardOutput == "big.yaml: valid (n/big@1.0.0)\n")
    }

    @Test(arguments: [1_000, 100_000])
    func deepNesting(levels: Int) throws {
        let flow = "document: " + String(repeating: "[", count: levels) + String(repeating: "]", count: levels) + "\n"
        let result = try validate("deep.yaml", flow)
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("deep.yaml:1:"))
        #expect(result.standardOutput.contains("nests too deeply") || result.standardOutput.contains("levels deep"))
    }

    @Test func deepBlockNesting() throws {
        var text = ""
        for level in 0..<1_000 { text += String(repeating: " ", count: level) + "k\(level):\n" }
        text += String(repeating: " ", count: 1_000) + "end"
        let result = try validate("deep.yaml", text)
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("nests too deeply") || result.standardOutput.contains("levels deep"))
    }

    /// "Billion laughs": nine levels of anchors, each ten aliases of the one before.
    @Test func exponentialAnchors() throws {
        var text = "document:\n  dsl: '1.0.3'\n  namespace: n\n  name: lol\n  version: '1.0.0'\nlol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            text += "lol\(level): &lol\(level) [" + Array(repeating: "*lol\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        text += "do: []\n"
        let result = try validate("lol.yaml", text)
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("lol.yaml:"))
        #expect(result.standardOutput.contains("YAML aliases expand this document to more than 100000 values"))
    }

    @Test func duplicateKeys() throws {
        let result = try validate("dup.yaml", "document:\n  dsl: '1.0.3'\n  dsl: '1.0.0'\ndo: []\n")
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("dup.yaml:2:3: duplicate key `dsl` in one mapping"))
    }
}
