import Foundation
import Testing
@testable import BatonWorkflow
import BatonTesting

/// The first problem found when reading `text` as a workflow, as the user sees it.
private func firstProblem(_ text: String, file: String = "deploy.yaml", sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Diagnostic? {
    do {
        _ = try Workflow.load(text: text, file: file)
        Issue.record("the document was accepted", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error.diagnostics.first
    }
}

/// A valid header followed by `tasks`, the text of the workflow's `do` list.
private func workflow(_ tasks: String) -> String {
    """
    document:
      dsl: '1.0.3'
      namespace: examples
      name: deploy
      version: '0.1.0'
    do:
    \(tasks)
    """
}

@Suite struct ModelDiagnosticTests {
    @Test func wrongTypeNamesFileLineColumnAndPath() throws {
        let text = workflow("""
              - first:
                  set: { ready: true }
              - second:
                  wait: PT1S
              - getPet:
                  call: http
                  with:
                    method: 42
                    endpoint: https://petstore.swagger.io/v2/pet/{petId}
            """)
        let problem = try #require(firstProblem(text))
        #expect(problem.description == "deploy.yaml:14:9: do[2].getPet.with.method: expected a string, found an integer")
        #expect(problem.code == "model.type")
        #expect(problem.path == ["do", 2, "getPet", "with", "method"])
    }

    @Test func unknownKeySuggestsTheClosestKnownOne() throws {
        let problem = try #require(firstProblem(workflow("""
              - getPet:
                  call: http
                  with:
                    method: get
                    endpont: https://petstore.swagger.io/v2/pet/1
            """)))
        #expect(problem.description == "deploy.yaml:11:9: do[0].getPet.with.endpont: unknown key `endpont`; did you mean `endpoint`?")
        #expect(problem.code == "model.unknown-key")
    }

    @Test func misspeltTaskKindIsAnUnknownKey() throws {
        let problem = try #require(firstProblem(workflow("""
              - getPet:
                  cal: http
            """)))
        #expect(problem.description == "deploy.yaml:8:7: do[0].getPet.cal: unknown key `cal`; did you mean `call`?")
    }

    @Test func missingRequiredKey() throws {
        let problem = try #require(firstProblem(workflow("""
              - getPet:
                  call: http
                  with:
                    method: get
            """)))
        #expect(problem.description == "deploy.yaml:9:7: do[0].getPet.with: missing required key `endpoint`")
        #expect(problem.code == "model.required")

        let noDocument = try #require(firstProblem("do:\n  - wait1:\n      wait: PT1S\n", file: "w.yaml"))
        #expect(noDocument.description == "w.yaml:1:1: missing required key `document`")
    }

    @Test func badEnumValueSuggestsTheClosestOne() throws {
        let problem = try #require(firstProblem(workflow("""
              - build:
                  run:
                    shell:
                      command: make
                    return: stdot
            """)))
        #expect(problem.description == "deploy.yaml:11:9: do[0].build.run.return: `stdot` is not one of `stdout`, `stderr`, `code`, `all`, `none`; did you mean `stdout`?")
        #expect(problem.code == "model.enum")
    }

    @Test func badDurationSaysWhatIsWrongAndWhatToWrite() throws {
        let problem = try #require(firstProblem(workflow("""
              - pause:
                  wait: 1h
            """)))
        #expect(problem.description.hasPrefix("deploy.yaml:8:7: do[0].pause.wait: `1h` is not a duration: an ISO 8601 duration starts with `P`"))
        #expect(problem.message.contains("PT1H30M"))
        #expect(problem.code == "model.duration")

        let missingUnit = try #require(firstProblem(workflow("""
              - pause:
                  wait: PT30
            """)))
        #expect(missingUnit.message.contains("the number `30` needs a unit"))
    }

    @Test func taskWithNoKind() throws {
        let problem = try #require(firstProblem(workflow("""
              - nothing:
                  then: end
            """)))
        #expect(problem.description == "deploy.yaml:7:5: do[0].nothing: a task needs exactly one of call, do, emit, for, fork, listen, raise, run, set, switch, try, wait")
        #expect(problem.code == "model.task-kind")
    }

    @Test func taskWithTwoKinds() throws {
        let problem = try #require(firstProblem(workflow("""
              - confused:
                  set:
                    a: 1
                  wait: PT1S
            """)))
        #expect(problem.description == "deploy.yaml:10:7: do[0].confused.wait: a task has exactly one of call, do, emit, for, fork, listen, raise, run, set, switch, try, wait; found `set` and `wait`")
    }

    @Test func twoTasksInOneListItem() throws {
        let problem = try #require(firstProblem(workflow("""
              - getPet:
                  wait: PT1S
                setMessage:
                  set:
                    message: hello
            """)))
        #expect(problem.description.hasPrefix("deploy.yaml:9:5: do[0].setMessage: each item of a task list holds exactly one task; found `getPet` and `setMessage`"))
    }

    @Test func flowDirectiveMustBeAString() throws {
        let problem = try #require(firstProblem(workflow("""
              - first:
                  set:
                    a: 1
                  then: 2
            """)))
        #expect(problem.description == "deploy.yaml:10:7: do[0].first.then: expected a flow directive (`continue`, `exit`, `end` or the name of a task), found an integer")
    }

    @Test func unquotedVersionIsExplained() throws {
        let problem = try #require(firstProblem("""
            document:
              dsl: 1.0
              namespace: examples
              name: deploy
              version: '0.1.0'
            do:
              - pause:
                  wait: PT1S
            """))
        #expect(problem.description == "deploy.yaml:2:3: document.dsl: expected a string (quote it: '1.0'), found an integer")
    }

    @Test func unknownTopLevelKey() throws {
        let problem = try #require(firstProblem(workflow("""
              - pause:
                  wait: PT1S
            ouput:
              as: ${ . }
            """)))
        #expect(problem.description == "deploy.yaml:9:1: ouput: unknown key `ouput`; did you mean `output`?")
    }

    @Test func tasksWrittenAsAMapping() throws {
        let problem = try #require(firstProblem(workflow("""
              pause:
                wait: PT1S
            """)))
        #expect(problem.description == "deploy.yaml:6:1: do: expected a list of tasks, each item starting with `-`, found an object")
    }

    @Test func withoutCallIsExplained() throws {
        let problem = try #require(firstProblem(workflow("""
              - getPet:
                  with:
                    method: get
            """)))
        #expect(problem.message.hasSuffix("; `with` holds the arguments of a `call`, which is missing"))
    }

    @Test func authenticationWithTwoSchemes() throws {
        let problem = try #require(firstProblem(workflow("""
              - getPet:
                  call: http
                  with:
                    method: get
                    endpoint:
                      uri: https://example.com
                      authentication:
                        basic: { username: a, password: b }
                        bearer: { token: t }
            """)))
        #expect(problem.message == "an authentication policy has exactly one scheme; found `basic` and `bearer`")
        #expect(problem.path == ["do", 0, "getPet", "with", "endpoint", "authentication", "bearer"])
    }

    @Test func nestedUntilIsRejected() throws {
        let problem = try #require(firstProblem(workflow("""
              - callDoctor:
                  listen:
                    to:
                      any: []
                      until:
                        any: []
                        until: ${ true }
            """)))
        #expect(problem.description.hasPrefix("deploy.yaml:13:13: do[0].callDoctor.listen.to.until.until: the events that end an `any` listener cannot have an `until` of their own"))
    }
}

@Suite(.enabled(if: SharedFiles.isAvailable, Comment(rawValue: SharedFiles.absenceReason)))
struct ModelInvalidFixtureTests {
    private func problem(_ name: String) throws -> Diagnostic {
        do {
            _ = try Workflow.load(contentsOf: SharedFiles.url("spec/ows/invalid/\(name)"), displayName: name)
        } catch {
            return try #require(error.diagnostics.first)
        }
        Issue.record("\(name) was accepted")
        throw CancellationError()
    }

    @Test func extraPropertyInCall() throws {
        let problem = try problem("extra-property-in-call.yaml")
        #expect(problem.description == "extra-property-in-call.yaml:12:7: do[0].getPet.foo: unknown key `foo`; allowed here: call, export, if, input, metadata, output, then, timeout, with")
    }

    @Test func twoTasksInOneItem() throws {
        let problem = try problem("two-tasks-in-one-item.yaml")
        #expect(problem.description == "two-tasks-in-one-item.yaml:12:5: do[0].setMessage: each item of a task list holds exactly one task; found `getPet` and `setMessage`. Start each task with its own `-`")
    }

    /// The fixture repeats `do:` (line 6 and 7), which YAML forbids before the nested `until`
    /// it means to show is even read; both are rejected.
    @Test func listenAnyUntilAnyUntil() throws {
        let problem = try problem("listen-any-until-any-until.yaml")
        #expect(problem.description == "listen-any-until-any-until.yaml:6:1: duplicate key `do` in one mapping; keep one of them")

        let text = try String(contentsOf: SharedFiles.url("spec/ows/invalid/listen-any-until-any-until.yaml"), encoding: .utf8)
        let withoutDuplicate = text.replacingOccurrences(of: "do:\ndo:", with: "do:")
        do {
            _ = try Workflow.load(text: withoutDuplicate, file: "listen-any-until-any-until.yaml")
            Issue.record("the nested `until` was accepted")
        } catch {
            #expect(error.description == "listen-any-until-any-until.yaml:13:13: do[0].callDoctor.listen.to.until.until: the events that end an `any` listener cannot have an `until` of their own; move the condition up to the outer `until`")
        }
    }
}
