import Foundation
import Testing
@testable import BatonWorkflow

@Suite struct ModelTaskWalkTests {
    static let text = """
        document:
          dsl: '1.0.3'
          namespace: examples
          name: walk
          version: '0.1.0'
        use:
          functions:
            greet:
              set: { greeting: hello }
          extensions:
            - audit:
                extend: all
                before:
                  - note:
                      set: { noted: true }
        do:
          - check:
              switch:
                - ok:
                    when: ${ .ok }
                    then: process
                - default:
                    then: end
          - process:
              for:
                each: item
                in: ${ .items }
              do:
                - handle:
                    try:
                      - callIt:
                          call: greet
                    catch:
                      errors:
                        with:
                          status: 503
                      retry: default
                      do:
                        - recover:
                            set: ${ . }
          - race:
              fork:
                compete: true
                branches:
                  - left:
                      wait: PT1S
                  - right:
                      listen:
                        to:
                          one:
                            with:
                              type: com.example.done
                      foreach:
                        do:
                          - each:
                              wait: { seconds: 1 }
        """

    @Test func visitsEveryTaskWithItsPathAndList() throws {
        let workflow = try Workflow.load(text: Self.text, file: "walk.yaml")
        let visits = workflow.allTasks
        #expect(visits.map(\.path.description) == [
            "do[0].check",
            "do[1].process",
            "do[1].process.do[0].handle",
            "do[1].process.do[0].handle.try[0].callIt",
            "do[1].process.do[0].handle.catch.do[0].recover",
            "do[2].race",
            "do[2].race.fork.branches[0].left",
            "do[2].race.fork.branches[1].right",
            "do[2].race.fork.branches[1].right.foreach.do[0].each",
            "use.extensions[0].audit.before[0].note",
            "use.functions.greet",
        ])
        #expect(visits.map(\.depth) == [0, 0, 1, 2, 2, 0, 1, 1, 2, 0, 0])

        let right = try #require(visits.first { $0.name == "right" })
        guard case .list(let list, let listPath, let index) = right.placement else {
            Issue.record("`right` should sit in a list")
            return
        }
        #expect(listPath == ["do", 2, "race", "fork", "branches"])
        #expect(index == 1)
        #expect(list.map(\.name) == ["left", "right"])

        let greet = try #require(visits.last)
        guard case .function = greet.placement else {
            Issue.record("`greet` should be a function")
            return
        }
    }

    @Test func readsTypedValues() throws {
        let workflow = try Workflow.load(text: Self.text, file: "walk.yaml")
        guard case .switch(let check) = workflow.do[0].task.kind else {
            Issue.record("`check` should be a switch")
            return
        }
        #expect(check.cases.map(\.name) == ["ok", "default"])
        #expect(check.cases[0].case.then == .task("process"))
        #expect(check.cases[1].case.then == .end)

        guard case .for(let loop) = workflow.do[1].task.kind, case .try(let attempt) = loop.do[0].task.kind else {
            Issue.record("`process` should be a for loop around a try")
            return
        }
        #expect(loop.in == .expression(RuntimeExpression("${ .items }")))
        #expect(attempt.catch.errors == ErrorFilter(status: 503))
        #expect(attempt.catch.retry == .reference("default"))
        guard case .call(.function(let call)) = attempt.try[0].task.kind else {
            Issue.record("`callIt` should call a function")
            return
        }
        #expect(call.function == .named("greet"))

        guard case .fork(let race) = workflow.do[2].task.kind else {
            Issue.record("`race` should be a fork")
            return
        }
        #expect(race.compete == true)
        guard case .wait(let wait) = race.branches[0].task.kind else {
            Issue.record("`left` should wait")
            return
        }
        #expect(wait.wait.duration == .seconds(1))
    }

    @Test func functionReferencesAreParsed() {
        #expect(FunctionReference("log:0.5.2@global") == .cataloged(name: "log", version: "0.5.2", catalog: "global"))
        #expect(FunctionReference("restart:1.0.0@default") == .cataloged(name: "restart", version: "1.0.0", catalog: "default"))
        #expect(FunctionReference("https://example.com/functions/log/1.0.0/function.yaml") == .uri("https://example.com/functions/log/1.0.0/function.yaml"))
        #expect(FunctionReference("greet") == .named("greet"))
        #expect(FunctionReference("log:0.5.2@global").text == "log:0.5.2@global")
    }

    @Test func shorthandFormsAreKept() throws {
        let text = """
            document:
              dsl: '1.0.3'
              namespace: examples
              name: shorthand
              version: '0.1.0'
            timeout: short
            do:
              - getPet:
                  call: http
                  with:
                    method: get
                    endpoint: https://petstore.swagger.io/v2/pet/{petId}
                  timeout:
                    after: PT30S
                  then: end
              - setAll:
                  set: ${ .pets }
            """
        let workflow = try Workflow.load(text: text, file: "s.yaml")
        #expect(workflow.timeout == .reference("short"))
        guard case .call(.http(let http)) = workflow.do[0].task.kind else {
            Issue.record("`getPet` should be an HTTP call")
            return
        }
        #expect(http.endpoint == .uri(URITemplate("https://petstore.swagger.io/v2/pet/{petId}")))
        #expect(http.endpoint.uri.literal?.variableNames == ["petId"])
        #expect(http.endpoint.uri.literal?.expanded(with: ["petId": "42"]) == "https://petstore.swagger.io/v2/pet/42")
        #expect(workflow.do[0].task.base.then == .end)
        #expect(workflow.do[0].task.base.timeout?.inlineDefinition?.after.totalSeconds == 30)
        #expect(workflow.do[1].task.kind == .set(SetTask(set: .expression(RuntimeExpression("${ .pets }")))))
        let written = workflow.documentValue
        #expect(written["do"]?[DocumentPath([0, "getPet", "with", "endpoint"])] == "https://petstore.swagger.io/v2/pet/{petId}")
        #expect(written["do"]?[DocumentPath([0, "getPet", "then"])] == "end")
        #expect(written["do"]?[DocumentPath([1, "setAll", "set"])] == "${ .pets }")
    }
}
