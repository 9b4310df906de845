import Testing
@testable import BatonWorkflow

@Suite struct DocumentLoaderTests {
    let loader = DocumentLoader()

    @Test func resolvesScalarsByTheCoreSchema() throws {
        let document = try loader.load(text: """
            a: 1
            b: 1.5
            c: yes
            d: "2"
            e: ~
            f: true
            g: 0x1F
            h: 1e3
            i: NO
            """, file: "t.yaml")
        #expect(document.value == ["a": 1, "b": 1.5, "c": "yes", "d": "2", "e": nil, "f": true, "g": 31, "h": 1000.0, "i": "NO"])
    }

    @Test func recordsPositionsOfValuesAndKeys() throws {
        let document = try loader.load(text: """
            document:
              name: x
            do:
              - first:
                  set:
                    a: 1
            """, file: "w.yaml")
        let path: DocumentPath = ["do", 0, "first", "set", "a"]
        #expect(document.sourceMap.location(of: path) == SourceLocation(file: "w.yaml", line: 6, column: 12))
        #expect(document.sourceMap.keyLocation(of: path) == SourceLocation(file: "w.yaml", line: 6, column: 9))
        #expect(path.description == "do[0].first.set.a")
        #expect(path.jsonPointer == "/do/0/first/set/a")
    }

    @Test("JSON Pointers escape `~` and `/` in keys, and read back to the same path", arguments: [
        ("my/Task", "/do/2/my~1Task"), ("a~b", "/do/2/a~0b"), ("~/", "/do/2/~0~1"), ("plain", "/do/2/plain"), ("", "/do/2/"),
    ])
    func jsonPointerEscapes(key: String, pointer: String) {
        let path: DocumentPath = ["do", 2, .key(key)]
        #expect(path.jsonPointer == pointer)
        #expect(DocumentPath(jsonPointer: pointer) == path)
    }

    @Test func syntaxErrorsHaveAPosition() {
        #expect {
            try loader.load(text: "a: [1, 2\nb: 3\n", file: "bad.yaml")
        } throws: { error in
            let diagnostic = (error as! DocumentErrors).diagnostics[0]
            return diagnostic.location.file == "bad.yaml" && diagnostic.location.line == 2 && diagnostic.code == "yaml.syntax"
        }
    }

    @Test func exponentialAliasesAreRefused() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let previous = "*a\(level - 1)"
            text += "a\(level): &a\(level) [\(Array(repeating: previous, count: 10).joined(separator: ", "))]\n"
        }
        #expect {
            try loader.load(text: text, file: "laughs.yaml")
        } throws: { error in
            (error as! DocumentErrors).diagnostics[0].code == "yaml.alias-expansion"
        }
    }

    @Test func smallAliasesAndMergeKeysWork() throws {
        let document = try loader.load(text: """
            base: &base {a: 1, b: 2}
            derived:
              <<: *base
              b: 3
            again: *base
            """, file: "m.yaml")
        #expect(document.value["derived"] == ["a": 1, "b": 3])
        #expect(document.value["again"] == ["a": 1, "b": 2])
    }

    @Test(arguments: [1000, 5000])
    func deepNestingIsAClearError(depth: Int) {
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect {
            try loader.load(text: text, file: "deep.yaml")
        } throws: { error in
            (error as! DocumentErrors).diagnostics[0].code == "document.too-deep"
        }
    }

    @Test func deepBlockNestingIsAClearError() {
        var text = ""
        for level in 0..<1000 {
            text += String(repeating: " ", count: level) + "k\(level):\n"
        }
        text += String(repeating: " ", count: 1000) + "v"
        #expect {
            try loader.load(text: text, file: "deep.yaml")
        } throws: { error in
            (error as! DocumentErrors).diagnostics[0].code == "document.too-deep"
        }
    }
}
