import Foundation
import Testing
@testable import BatonWorkflow

/// One workflow that uses every construct of the schema at least once, in its long and short
/// forms, so that each model type is read and written back.
@Suite struct ModelKitchenSinkTests {
    static let text = #"""
        document:
          dsl: '1.0.3'
          namespace: kitchen
          name: sink
          version: '1.2.3-beta.1+build.5'
          title: Everything
          summary: '# Everything'
          tags: { team: platform, tier: 1 }
          metadata: { owner: { name: ops } }
        input:
          schema:
            format: json
            resource:
              name: input-schema
              endpoint: https://example.com/schemas/input.json
          from: ${ .request }
        use:
          authentications:
            basicInline: { basic: { username: admin, password: secret } }
            basicSecret: { basic: { use: basicCredentials } }
            bearerInline: { bearer: { token: abc } }
            bearerSecret: { bearer: { use: bearerToken } }
            digestInline: { digest: { username: admin, password: secret } }
            oauth:
              oauth2:
                authority: https://auth.example.com
                grant: urn:ietf:params:oauth:grant-type:token-exchange
                endpoints: { token: /token, revocation: /revoke, introspection: /introspect }
                client: { id: baton, secret: s3cr3t, assertion: jwt, authentication: private_key_jwt }
                request: { encoding: application/json }
                issuers: [ https://auth.example.com ]
                scopes: [ read, write ]
                audiences: [ api ]
                username: user
                password: pass
                subject: { token: subject-token, type: urn:ietf:params:oauth:token-type:access_token }
                actor: { token: actor-token, type: urn:ietf:params:oauth:token-type:jwt }
            oauthSecret: { oauth2: { use: oauthSettings } }
            openid:
              oidc:
                authority: https://id.example.com
                grant: client_credentials
                client: { id: baton }
          catalogs:
            global:
              endpoint:
                uri: https://github.com/serverlessworkflow/catalog
                authentication: { use: basicSecret }
          errors:
            notFound:
              type: https://example.com/errors/not-found
              status: 404
              instance: /do/0/getPet
              title: Not found
              detail: ${ "Pet \(.id) was not found" }
            dynamic:
              type: ${ .errorType }
              status: 500
              instance: ${ $task.reference }
          extensions:
            - audit:
                extend: call
                when: ${ $task.definition.call == "http" }
                before:
                  - logBefore: { set: { phase: before } }
                after:
                  - logAfter: { set: { phase: after } }
          functions:
            greet:
              call: log:1.0.0@global
              with: { message: hello }
          retries:
            everything:
              when: ${ .retryable }
              exceptWhen: ${ .fatal }
              delay: { seconds: 2 }
              backoff: { exponential: { factor: 2 } }
              limit:
                attempt: { count: 5, duration: PT1M }
                duration: PT10M
              jitter: { from: { milliseconds: 100 }, to: PT0.5S }
            constant:
              backoff: { constant: {} }
            linear:
              backoff: { linear: { increment: PT1S } }
          secrets: [ basicCredentials, bearerToken, oauthSettings ]
          timeouts:
            short: { after: PT30S }
        timeout:
          after: { hours: 1 }
        output:
          schema:
            document:
              type: object
              properties: { result: { type: string } }
          as:
            result: ${ .result }
        schedule:
          every: PT1H
          cron: '0 0 * * *'
          after: { minutes: 5 }
          on:
            all:
              - with: { type: com.example.start, source: https://example.com }
                correlate:
                  order: { from: '${ .data.orderId }', expect: '${ .orderId }' }
          read: envelope
        evaluate:
          language: jq
          mode: loose
        do:
          - http:
              if: ${ .enabled }
              input: { from: { id: '${ .id }' } }
              output: { as: '${ .body }' }
              export: { as: '${ $context + { last: . } }', schema: { document: { type: object } } }
              timeout: short
              metadata: { note: first }
              call: http
              with:
                method: post
                endpoint:
                  uri: ${ "https://example.com/pets/\(.id)" }
                  authentication: { use: oauth }
                headers: { Content-Type: application/json }
                query: ${ .query }
                body: { name: '${ .name }', tags: [ a, b ], nothing: null }
                output: response
                redirect: true
          - grpc:
              call: grpc
              with:
                proto: { endpoint: file://app/greet.proto }
                service:
                  name: GreeterApi.Greeter
                  host: localhost
                  port: 5011
                  authentication: { bearer: { token: abc } }
                method: SayHello
                arguments: { name: '${ .user.preferredDisplayName }' }
          - openapi:
              call: openapi
              with:
                document: { name: petstore, endpoint: https://petstore.swagger.io/v2/swagger.json }
                operationId: findPetsByStatus
                parameters: { status: available }
                authentication: { use: bearerSecret }
                output: raw
                redirect: false
          - publish:
              call: asyncapi
              with:
                document: { endpoint: https://example.com/asyncapi.json }
                channel: /chat
                server: { name: prod, variables: { env: prod } }
                protocol: kafka
                message: { payload: { text: hi }, headers: { key: value } }
                authentication: { use: basicSecret }
          - subscribe:
              call: asyncapi
              with:
                document: { endpoint: https://example.com/asyncapi.json }
                operation: receive
                subscription:
                  filter: ${ .payload.important }
                  consume: { amount: 5, for: PT1M }
                  foreach:
                    item: message
                    at: position
                    do:
                      - handle: { set: { seen: '${ $message }' } }
                    output: { as: '${ . }' }
                    export: { as: '${ $context }' }
          - agent:
              call: a2a
              with:
                agentCard: { endpoint: https://agent.example.com/.well-known/agent.json }
                server: https://agent.example.com
                method: message/send
                parameters: { message: { role: user } }
          - mcp:
              call: mcp
              with:
                protocolVersion: '2025-06-18'
                method: tools/call
                parameters: ${ .toolCall }
                timeout: PT30S
                transport:
                  http:
                    endpoint: https://mcp.example.com
                    headers: { Authorization: Bearer x }
                  options: { retry: 'true' }
                client: { name: baton, version: '1.0.0' }
          - custom:
              call: greet
          - container:
              run:
                container:
                  image: nginx:latest
                  name: ${ "web-\(.id)" }
                  command: nginx -g 'daemon off;'
                  ports: { 8080: 80 }
                  volumes: { /data: /var/data }
                  environment: { MODE: prod }
                  stdin: ${ .input }
                  arguments: [ --verbose ]
                  lifetime: { cleanup: eventually, after: PT1H }
                  pullPolicy: always
                await: false
                return: all
          - script:
              run:
                script:
                  language: javascript
                  source: { endpoint: https://example.com/script.js }
                  stdin: hello
                  arguments: [ one ]
                  environment: { A: '1' }
          - inlineScript:
              run:
                script:
                  language: python
                  code: print("hi")
          - shell:
              run:
                shell:
                  command: echo
                  arguments: [ hello ]
                  environment: { A: '1' }
                return: code
          - subflow:
              run:
                workflow:
                  namespace: kitchen
                  name: other
                  version: '1.0.0'
                  input: { id: '${ .id }' }
          - emit:
              emit:
                event:
                  with:
                    id: ${ uuid }
                    source: https://example.com
                    type: com.example.done
                    time: ${ now }
                    subject: order
                    datacontenttype: application/json
                    dataschema: https://example.com/schemas/done.json
                    data: ${ .result }
                    traceparent: 00-abc
          - loop:
              for: { each: pet, in: [ { id: 1 }, { id: 2 } ], at: i }
              while: ${ $i < 10 }
              do:
                - inner: { wait: PT0.1S }
          - branches:
              fork:
                branches:
                  - a: { wait: { milliseconds: 10 } }
          - listen:
              listen:
                to:
                  any:
                    - with: { type: com.example.a }
                  until:
                    one: { with: { type: com.example.stop } }
                read: raw
          - listenUntil:
              listen:
                to:
                  any: []
                  until: ${ ($context.events | length) > 2 }
          - raiseRef:
              if: ${ .missing }
              raise: { error: notFound }
          - raiseInline:
              if: ${ .broken }
              raise:
                error:
                  type: https://open-workflow-specification.org/spec/1.0.0/errors/runtime
                  status: 500
          - guarded:
              try:
                - risky: { call: greet }
              catch:
                errors: {}
                as: failure
                when: ${ $failure.status == 503 }
                exceptWhen: ${ $failure.status == 400 }
                retry: everything
                do:
                  - fallback: { set: { recovered: true } }
                then: exit
          - retryInline:
              try:
                - risky: { call: greet }
              catch:
                errors: { with: { type: https://example.com/errors/x, status: 503, instance: /do/0, title: T, detail: D } }
                retry:
                  delay: PT1S
                  limit: { attempt: { count: 3 } }
          - choose:
              switch:
                - high: { when: '${ .priority == "high" }', then: continue }
                - default: { then: done }
          - wait: { wait: '${ .delay }' }
          - nested:
              do:
                - deeper: { set: '${ . }' }
              then: end
          - done:
              set: { finished: true }
        """#

    @Test func everyConstructRoundTrips() throws {
        try expectRoundTrip(text: Self.text, file: "sink.yaml")
    }

    @Test func everyConstructIsTyped() throws {
        let workflow = try Workflow.load(text: Self.text, file: "sink.yaml")
        let kinds = Set(workflow.allTasks.map(\.task.kind.key))
        #expect(kinds == Set(WorkflowTask.kindKeys))
        let policies = try #require(workflow.use?.authentications)
        #expect(Set(policies.values.map(\.schemeName)) == ["basic", "bearer", "digest", "oauth2", "oidc"])
        guard case .oauth2(.properties(let oauth)) = policies["oauth"] else {
            Issue.record("`oauth` should be an inline OAuth2 policy")
            return
        }
        #expect(oauth.grant == .tokenExchange)
        #expect(oauth.client?.authentication == .privateKeyJWT)
        #expect(policies["bearerSecret"] == .bearer(.secret("bearerToken")))
        #expect(workflow.use?.retries?["everything"]?.backoff == .exponential(["factor": 2]))
        #expect(workflow.use?.retries?["everything"]?.jitter?.to.totalSeconds == 0.5)
        #expect(workflow.schedule?.read == .envelope)
        #expect(workflow.evaluate?.mode == .loose)
        #expect(workflow.timeout?.inlineDefinition?.after.totalSeconds == 3600)
        #expect(workflow.use?.errors?["dynamic"]?.type == .expression(RuntimeExpression("${ .errorType }")))
        #expect(workflow.use?.functions?["greet"]?.kind == .call(.function(FunctionCall(
            function: .cataloged(name: "log", version: "1.0.0", catalog: "global"), with: ["message": "hello"]
        ))))
    }
}
