import Foundation
import Testing
import BatonTesting

/// `baton validate` and `baton show` as a user runs them: exit status, one problem a line as
/// file:line:column, JSON for machines, and clear errors for every kind of bad input.
@Suite struct ValidateCommandTests {
    static let header = """
        document:
          dsl: '1.0.3'
          namespace: examples
          name: pets
          version: '0.1.0'

        """

    static let valid = header + """
        do:
          - getPet:
              call: http
              with:
                method: get
                endpoint: https://petstore.example.com/pets/{petId}
          - remember:
              set:
                pet: ${ . }
        """

    func inScratch(_ body: (ScratchFolder) throws -> Void) throws {
        let folder = try ScratchFolder()
        defer { folder.remove() }
        try body(folder)
    }

    @Test func validDocumentExitsZero() throws {
        try inScratch { folder in
            try folder.write("pets.yaml", Self.valid)
            let result = try CommandRunner.run(["validate", "pets.yaml"], in: folder.url)
            #expect(result.status == 0)
            #expect(result.standardOutput == "pets.yaml: valid (examples/pets@0.1.0)\n")
        }
    }

    @Test func everyProblemOnItsOwnLineAndExitOne() throws {
        try inScratch { folder in
            try folder.write("deploy.yaml", Self.header + """
                do:
                  - first:
                      set: { a: 1 }
                  - second:
                      set: { b: 2 }
                  - getPet:
                      call: http
                      with:
                        method: 42
                        endpoint: https://petstore.example.com/pets
                """)
            try folder.write("pets.yaml", Self.valid)
            let result = try CommandRunner.run(["validate", "pets.yaml", "deploy.yaml"], in: folder.url)
            #expect(result.status == 1)
            #expect(result.standardOutput == """
                pets.yaml: valid (examples/pets@0.1.0)
                deploy.yaml:14:9: do[2].getPet.with.method: expected a string, found an integer

                """)
        }
    }

    @Test func jsonFormatForMachines() throws {
        try inScratch { folder in
            try folder.write("bad.yaml", Self.header + """
                do:
                  - one:
                      set: { a: 1 }
                      then: tow
                  - two:
                      set: { b: 2 }
                """)
            let result = try CommandRunner.run(["validate", "--format", "json", "bad.yaml"], in: folder.url)
            #expect(result.status == 1)
            let reports = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [[String: Any]])
            let report = try #require(reports.first)
            #expect(report["file"] as? String == "bad.yaml")
            #expect(report["valid"] as? Bool == false)
            let diagnostic = try #require((report["diagnostics"] as? [[String: Any]])?.first)
            #expect(diagnostic["line"] as? Int == 9)
            #expect(diagnostic["column"] as? Int == 13)
            #expect(diagnostic["path"] as? String == "do[0].one.then")
            #expect(diagnostic["pointer"] as? String == "/do/0/one/then")
            #expect(diagnostic["code"] as? String == "lint.unknown-then-target")
            #expect((diagnostic["message"] as? String)?.contains("did you mean `two`?") == true)
        }
    }

    @Test func warningsAloneDoNotFail() throws {
        try inScratch { folder in
            try folder.write("w.yaml", Self.header + """
                do:
                  - done:
                      set: { a: 1 }
                      then: end
                  - orphan:
                      set: { b: 2 }
                """)
            let result = try CommandRunner.run(["validate", "w.yaml"], in: folder.url)
            #expect(result.status == 0)
            #expect(result.standardOutput.hasPrefix("w.yaml:10:5: warning: do[1].orphan: task `orphan` can never run"))
        }
    }

    @Test(arguments: [
        (["validate"], "Missing expected argument"),
        (["validate", "--format", "xml", "a.yaml"], "--format"),
        (["validate", "--no-such-flag", "a.yaml"], "--no-such-flag"),
        (["frobnicate"], "frobnicate"),
    ])
    func usageErrorsExitTwo(arguments: [String], mention: String) throws {
        let result = try CommandRunner.run(arguments)
        #expect(result.status == 2)
        #expect(result.standardError.contains(mention))
        #expect(result.standardError.contains("Usage:") || result.standardError.contains("Help:"))
    }

    @Test func helpExplainsEachCommand() throws {
        let root = try CommandRunner.run(["--help"])
        #expect(root.status == 0)
        #expect(root.standardOutput.contains("validate"))
        #expect(root.standardOutput.contains("show"))
        #expect(root.standardOutput.contains("Exit status"))
        let validate = try CommandRunner.run(["validate", "--help"])
        #expect(validate.status == 0)
        #expect(validate.standardOutput.contains("FILE:LINE:COLUMN"))
        #expect(validate.standardOutput.contains("--format"))
        let show = try CommandRunner.run(["help", "show"])
        #expect(show.status == 0)
        #expect(show.standardOutput.contains("outline"))
    }

    @Test func showPrintsAnOutlineForReview() throws {
        try inScratch { folder in
            try folder.write("pets.yaml", Self.valid)
            let result = try CommandRunner.run(["show", "pets.yaml"], in: folder.url)
            #expect(result.status == 0)
            #expect(result.standardOutput == """
                examples/pets@0.1.0  (OWS 1.0.3)
                do:
                  1.  getPet    call http GET https://petstore.example.com/pets/{petId}
                  2.  remember  set pet

                """)
            let json = try CommandRunner.run(["show", "--format", "json", "pets.yaml"], in: folder.url)
            #expect(json.status == 0)
            #expect(json.standardOutput.contains("\"endpoint\": \"https://petstore.example.com/pets/{petId}\""))
        }
    }

    @Test(.enabled(if: SharedFiles.isAvailable, Comment(rawValue: SharedFiles.absenceReason)))
    func officialSchemaCanBeAddedWithSchemaOption() throws {
        let schema = SharedFiles.url("spec/ows/schema/workflow.yaml")
        try inScratch { folder in
            try folder.write("pets.yaml", Self.valid)
            try folder.write("extra.yaml", Self.header + """
                do:
                  - getPet:
                      call: http
                      with:
                        method: get
                        endpoint: https://petstore.example.com/pets
                      foo: bar
                """)
            let result = try CommandRunner.run(["validate", "pets.yaml", "extra.yaml"], in: folder.url, environment: ["BATON_OWS_SCHEMA": schema.path])
            #expect(result.status == 1)
            #expect(result.standardOutput.contains("pets.yaml: valid"))
            #expect(result.standardOutput.contains("extra.yaml:12:7: do[0].getPet.foo: unknown key `foo`"))
            let missing = try CommandRunner.run(["validate", "--schema", "nowhere.yaml", "pets.yaml"], in: folder.url)
            #expect(missing.status == 1)
            #expect(missing.standardError.contains("nowhere.yaml:1:1: cannot read the file"))
        }
    }
}
