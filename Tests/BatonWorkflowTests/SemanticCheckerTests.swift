import Testing
@testable import BatonWorkflow

/// Each semantic check, with the position and message a workflow author reads.
@Suite struct SemanticCheckerTests {
    let validator = WorkflowValidator()

    /// A workflow with the given `use` section and task list (YAML lines indented for `do:`).
    func check(use: String = "", _ tasks: String) -> ValidationReport {
        let text = """
            document:
              dsl: '1.0.3'
              namespace: test
              name: lint
              version: '0.1.0'
            \(use)
            do:
            \(tasks)
            """
        return validator.validate(text: text, file: "lint.yaml")
    }

    func only(_ code: String, in report: ValidationReport) -> [Diagnostic] {
        report.diagnostics.filter { $0.code == code }
    }

    @Test func unknownThenTargetIsAnErrorAtTheThen() throws {
        let report = check("""
              - first:
                  set: { a: 1 }
                  then: secnd
              - second:
                  set: { b: 2 }
            """)
        let problem = try #require(only("lint.unknown-then-target", in: report).first)
        #expect(problem.description == "lint.yaml:10:13: do[0].first.then: `then` names `secnd`, which is not a task of this list; did you mean `second`?")
        #expect(!report.isValid)
    }

    @Test func thenTargetsOfSwitchCasesAndCatchesAreChecked() {
        let report = check("""
              - decide:
                  switch:
                    - big:
                        when: ${ .n > 10 }
                        then: handleBig
                    - other:
                        then: exit
              - guarded:
                  try:
                    - fail:
                        raise:
                          error:
                            type: https://example.com/e
                            status: 500
                  catch:
                    then: recover
            """)
        let paths = only("lint.unknown-then-target", in: report).map(\.path.description)
        #expect(paths == ["do[0].decide.switch[0].big.then", "do[1].guarded.catch.then"])
    }

    @Test func duplicateTaskNamesPointAtTheSecond() throws {
        let report = check("""
              - step:
                  set: { a: 1 }
              - step:
                  set: { b: 2 }
            """)
        let problem = try #require(only("lint.duplicate-task", in: report).first)
        #expect(problem.location.line == 10 && problem.location.column == 5)
        #expect(problem.path.description == "do[1].step")
        #expect(problem.message.contains("line 8"))
    }

    @Test func sameNameInDifferentListsIsFine() {
        let report = check("""
              - outer:
                  do:
                    - step:
                        set: { a: 1 }
              - step:
                  set: { b: 2 }
            """)
        #expect(report.isValid)
        #expect(report.diagnostics.isEmpty)
    }

    @Test func expressionsThatDoNotCompileCarryJqsMessage() throws {
        let report = check("""
              - compute:
                  set:
                    total: ${ .price * }
            """)
        let problem = try #require(only("lint.expression", in: report).first)
        #expect(problem.path.description == "do[0].compute.set.total")
        #expect(problem.location.line == 10 && problem.location.column == 16)
        #expect(problem.message.contains("syntax error"))
    }

    @Test func argumentsFollowTheSpecificationsTable() {
        // `$output` exists only in `export.as`; `$input` not in `if`.
        let report = check("""
              - a:
                  if: ${ $input.ok }
                  set: { x: 1 }
                  output:
                    as: ${ $output }
                  export:
                    as: '${ $context + {last: $output} }'
            """)
        let messages = only("lint.expression", in: report).map { "\($0.path): \($0.message)" }
        #expect(messages == [
            "do[0].a.if: the expression `${ $input.ok }` is not valid: $input is not available in this expression",
            "do[0].a.output.as: the expression `${ $output }` is not valid: $output is not available in this expression",
        ])
    }

    @Test func loopAndCatchVariablesAreInScopeOnlyWhereTheyBelong() {
        let report = check("""
              - each:
                  for:
                    each: pet
                    at: position
                    in: ${ .pets }
                  while: ${ $position < 3 }
                  do:
                    - feed:
                        set:
                          name: ${ $pet.name }
                          at: ${ $position }
              - after:
                  set:
                    leaked: ${ $pet }
              - guarded:
                  try:
                    - call:
                        set: { a: 1 }
                  catch:
                    as: failure
                    when: ${ $failure.status == 503 }
            """)
        let paths = only("lint.expression", in: report).map(\.path.description)
        #expect(paths == ["do[1].after.set.leaked"])
    }

    @Test func looseModeExpressionsAreNotCompileChecked() {
        let report = check(use: "evaluate:\n  mode: loose", """
              - compute:
                  set:
                    total: ${ .price * }
            """)
        #expect(only("lint.expression", in: report).isEmpty)
    }

    @Test func undefinedUseReferences() {
        let report = check(use: """
            use:
              errors:
                notFound: { type: https://example.com/not-found, status: 404 }
            """, """
              - fail:
                  raise:
                    error: notFond
              - call1:
                  call: helper
              - call2:
                  call: log:1.0.0@shared
              - call3:
                  call: approval:1.0.0@default
              - call4:
                  call: http
                  with:
                    method: get
                    endpoint:
                      uri: https://example.com
                      authentication:
                        use: petstoreAuth
                  timeout: quick
              - guarded:
                  try:
                    - step:
                        set: { a: 1 }
                  catch:
                    retry: standard
            """)
        let problems = only("lint.undefined-reference", in: report).map { "\($0.path): \($0.message)" }
        #expect(problems.count == 6)
        #expect(problems.contains("do[0].fail.raise.error: no error named `notFond` is declared under `use.errors`; did you mean `notFound`?"))
        #expect(problems.contains { $0.hasPrefix("do[1].call1.call: `call: helper` is neither a built-in call") })
        #expect(problems.contains { $0.hasPrefix("do[2].call2.call: no catalog named `shared`") })
        #expect(problems.contains { $0.hasPrefix("do[4].call4.with.endpoint.authentication.use: no authentication policy named `petstoreAuth`") })
        #expect(problems.contains { $0.hasPrefix("do[4].call4.timeout: no timeout named `quick`") })
        #expect(problems.contains { $0.hasPrefix("do[5].guarded.catch.retry: no retry policy named `standard`") })
    }

    @Test func declaredReferencesAreAccepted() {
        let report = check(use: """
            use:
              secrets: [ apiToken, dbPassword ]
              authentications:
                petstoreAuth:
                  bearer:
                    use: apiToken
              functions:
                helper:
                  set: { done: true }
              timeouts:
                quick:
                  after: PT5S
            """, """
              - call1:
                  call: helper
                  timeout: quick
              - call2:
                  call: http
                  with:
                    method: get
                    endpoint:
                      uri: https://example.com
                      authentication:
                        use: petstoreAuth
              - useSecret:
                  input:
                    from: '${ {password: $secrets.dbPassword} }'
                  set: { ok: true }
            """)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        #expect(report.isValid)
    }

    @Test func undeclaredSecrets() {
        let report = check(use: """
            use:
              secrets: [ apiToken ]
              authentications:
                basicAuth:
                  basic:
                    use: loginSecret
            """, """
              - useSecret:
                  input:
                    from: '${ {a: $secrets.apiTokn, b: $secrets["other"]} }'
                  set: { ok: true }
            """)
        let problems = only("lint.undeclared-secret", in: report).map { "\($0.path): \($0.message)" }
        #expect(problems == [
            "use.authentications.basicAuth.basic.use: the secret `loginSecret` is used but not declared; add it to `use.secrets`",
            "do[0].useSecret.input.from: the secret `apiTokn` is used but not declared; add it to `use.secrets` (or did you mean `apiToken`?)",
            "do[0].useSecret.input.from: the secret `other` is used but not declared; add it to `use.secrets`",
        ])
    }

    @Test func tasksThatCanNeverRunAreWarnings() throws {
        let report = check("""
              - start:
                  set: { a: 1 }
                  then: finish
              - skipped:
                  set: { b: 2 }
              - finish:
                  set: { c: 3 }
                  then: end
              - afterEnd:
                  set: { d: 4 }
            """)
        let warnings = only("lint.unreachable-task", in: report)
        #expect(warnings.map(\.path.description) == ["do[1].skipped", "do[3].afterEnd"])
        #expect(warnings.allSatisfy { $0.severity == .warning })
        // Warnings alone leave the workflow valid.
        #expect(report.isValid)
    }

    @Test func flowThroughIfSwitchAndRaiseIsFollowed() {
        let report = check("""
              - maybeEnd:
                  if: ${ .stop }
                  set: { a: 1 }
                  then: end
              - decide:
                  switch:
                    - yes:
                        when: ${ .ok }
                        then: good
              - bad:
                  raise:
                    error: { type: https://example.com/bad, status: 400 }
              - unreachableAfterRaise:
                  set: { never: true }
              - good:
                  set: { fine: true }
            """)
        // `if` may skip `maybeEnd`; a switch without a default falls through to `bad`;
        // `raise` never goes on.
        #expect(only("lint.unreachable-task", in: report).map(\.path.description) == ["do[3].unreachableAfterRaise"])
    }

    @Test func forkBranchesAreNotAFlow() {
        let report = check("""
              - parallel:
                  fork:
                    branches:
                      - one:
                          set: { a: 1 }
                          then: end
                      - two:
                          set: { b: 2 }
            """)
        #expect(report.diagnostics.isEmpty)
    }

    @Test func schemaDocumentsAndMetadataAreData() {
        let report = check(use: """
            input:
              schema:
                format: json
                document:
                  type: object
                  properties:
                    template: { const: "${ not jq" }
            """, """
              - a:
                  metadata:
                    note: ${ also not jq
                  set: { a: 1 }
            """)
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
    }
}

extension SemanticCheckerTests {
    /// `as: .id`, `when: '.color == "red"'` are expressions without `${ }`, as the conformance kit
    /// writes them; a plain string elsewhere is not.
    @Test func expressionFieldsAreCheckedWithoutBraces() {
        let report = check("""
              - pick:
                  input:
                    from: .user.
                  switch:
                    - red:
                        when: '.color =='
                        then: exit
                    - other:
                        then: exit
              - keep:
                  set:
                    note: .not an expression here
                  output:
                    as: '{ ids: [ .id ] }'
            """)
        let paths = only("lint.expression", in: report).map(\.path.description)
        #expect(paths == ["do[0].pick.input.from", "do[0].pick.switch[0].red.when"])
    }
}

extension SemanticCheckerTests {
    /// What the engine cannot run yet is a warning at validation: the document stays valid.
    @Test func whatBatonCannotRunYetIsAWarning() {
        let report = check(use: """
            use:
              authentications:
                corporate:
                  oauth2:
                    authority: https://login.example.com
                    grant: client_credentials
                    client: { id: baton }
            """, """
              - rpc:
                  call: grpc
                  with:
                    proto: { endpoint: file:///greet.proto }
                    service: { name: Greeter, host: localhost }
                    method: SayHello
              - child:
                  run:
                    workflow: { namespace: test, name: child, version: '1.0.0' }
                    await: false
            """)
        let warnings = only("lint.unsupported", in: report)
        #expect(warnings.map(\.path.description) == ["use.authentications.corporate.oauth2", "do[0].rpc.call", "do[1].child.run"])
        #expect(warnings.allSatisfy { $0.severity == .warning })
        #expect(report.isValid)
    }
}
