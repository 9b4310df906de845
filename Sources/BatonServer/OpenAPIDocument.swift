import BatonWorkflow

/// The OpenAPI 3.1 document of the API, served at `GET /openapi.json`.
///
/// Written by hand, not generated from the routes, so that a test can hold the two against each
/// other: every route the router registers must be described here with its method, and every
/// path here must be a route. YAML for reading and review; served as JSON.
enum OpenAPIDocument {
    /// The document as JSON.
    static let value: JSONValue = {
        do {
            return try DocumentLoader().load(text: yaml, file: "openapi.yaml").value
        } catch {
            // A test loads the document, so this is never shipped; answer the problem rather than crash.
            return ["openapi": "3.1.0", "x-invalid": .string("\(error)")]
        }
    }()

    static let yaml = #"""
        openapi: 3.1.0
        info:
          title: Baton API
          version: 1.0.0
          summary: Durable workflows (OWS 1.0.3) — definitions, runs, approvals, events — and the services Baton supervises.
          description: >
            JSON in and out (UTF-8). Errors are `{"error": {"code", "message"}}` with the status
            the code calls for. Times are ISO 8601 in UTC with milliseconds. See docs/api.md.
        servers:
          - url: http://127.0.0.1:8080
        paths:
          /health:
            get:
              operationId: health
              summary: The process answers.
              responses:
                '200':
                  description: Alive.
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Status' }
          /ready:
            get:
              operationId: ready
              summary: The node takes work.
              description: >
                200 once the runs found unfinished at start-up were handed over; 503 `starting`
                before that, 503 `stopping` from the start of a graceful shutdown.
              responses:
                '200':
                  description: Ready.
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Status' }
                '503':
                  description: Starting or stopping.
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Status' }
          /metrics:
            get:
              operationId: metrics
              summary: Prometheus metrics.
              description: >
                `baton_task_duration_seconds` (histogram by outcome), `baton_runs_finished_total`,
                `baton_run_events_total`, and gauges set at scrape time: `baton_runs{status}`,
                `baton_queue_depth`, `baton_live_runs`, `baton_event_streams`.
              responses:
                '200':
                  description: The text exposition format 0.0.4.
                  content:
                    text/plain; version=0.0.4:
                      schema: { type: string }
                '500': { $ref: '#/components/responses/Storage' }
          /openapi.json:
            get:
              operationId: openapi
              summary: This document.
              responses:
                '200':
                  description: The OpenAPI 3.1 document.
                  content:
                    application/json:
                      schema: { type: object }
          /definitions:
            put:
              operationId: applyDefinition
              summary: Validate and store a workflow definition.
              description: >
                The body is the OWS 1.0.3 document, YAML or JSON, whatever the content type.
                Definitions are immutable: the same content again answers 200 with
                `created: false`; other content under a stored version is a conflict.
              parameters:
                - name: file
                  in: query
                  description: The name problem positions refer to (default `request`).
                  schema: { type: string }
              requestBody:
                required: true
                content:
                  application/yaml:
                    schema: { type: string }
                  application/json:
                    schema: { type: object }
                  text/plain:
                    schema: { type: string }
              responses:
                '200':
                  description: Already stored with this content.
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/AppliedDefinition' }
                '201':
                  description: Stored.
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/AppliedDefinition' }
                '400': { $ref: '#/components/responses/InvalidInput' }
                '409': { $ref: '#/components/responses/Conflict' }
                '413': { $ref: '#/components/responses/TooLarge' }
                '422':
                  description: Not a valid workflow; `problems` lists every problem with its position. Nothing is stored.
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Error' }
                '500': { $ref: '#/components/responses/Storage' }
            get:
              operationId: listDefinitions
              summary: The stored definitions.
              parameters:
                - name: namespace
                  in: query
                  schema: { type: string }
                - name: all
                  in: query
                  description: Every version (true) or the latest of each name (false, the default).
                  schema: { type: boolean, default: false }
              responses:
                '200':
                  description: Ordered by namespace, name and version.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [definitions]
                        properties:
                          definitions:
                            type: array
                            items: { $ref: '#/components/schemas/DefinitionSummary' }
                '400': { $ref: '#/components/responses/InvalidInput' }
                '500': { $ref: '#/components/responses/Storage' }
          /definitions/{namespace}/{name}:
            parameters:
              - { $ref: '#/components/parameters/Namespace' }
              - { $ref: '#/components/parameters/Name' }
            get:
              operationId: getLatestDefinition
              summary: The latest version of a definition.
              responses:
                '200':
                  description: The definition.
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Definition' }
                '404': { $ref: '#/components/responses/NotFound' }
          /definitions/{namespace}/{name}/{version}:
            parameters:
              - { $ref: '#/components/parameters/Namespace' }
              - { $ref: '#/components/parameters/Name' }
              - name: version
                in: path
                required: true
                schema: { type: string }
            get:
              operationId: getDefinition
              summary: One version of a definition.
              responses:
                '200':
                  description: The definition.
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Definition' }
                '404': { $ref: '#/components/responses/NotFound' }
          /runs:
            post:
              operationId: startRun
              summary: Start a run of a stored definition.
              requestBody:
                required: true
                content:
                  application/json:
                    schema: { $ref: '#/components/schemas/StartRun' }
              responses:
                '201':
                  description: Created (pending); it starts at once.
                  content:
                    application/json:
                      schema: { $ref: '#/components/schemas/Run' }
                '400': { $ref: '#/components/responses/InvalidInput' }
                '404': { $ref: '#/components/responses/NotFound' }
                '409': { $ref: '#/components/responses/Conflict' }
                '413': { $ref: '#/components/responses/TooLarge' }
                '503': { $ref: '#/components/responses/Unavailable' }
            get:
              operationId: listRuns
              summary: Runs, newest first, in pages.
              parameters:
                - name: status
                  in: query
                  description: Comma-separated statuses, e.g. `running,waiting`.
                  schema: { type: string }
                - name: namespace
                  in: query
                  schema: { type: string }
                - name: name
                  in: query
                  schema: { type: string }
                - name: limit
                  in: query
                  schema: { type: integer, minimum: 1, maximum: 1000, default: 50 }
                - name: cursor
                  in: query
                  description: The `nextCursor` of the previous page.
                  schema: { type: string }
              responses:
                '200':
                  description: A page of runs.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [runs, nextCursor]
                        properties:
                          runs:
                            type: array
                            items: { $ref: '#/components/schemas/Run' }
                          nextCursor: { type: [string, 'null'] }
                '400': { $ref: '#/components/responses/InvalidInput' }
                '500': { $ref: '#/components/responses/Storage' }
          /runs/{id}:
            parameters:
              - { $ref: '#/components/parameters/RunID' }
            get:
              operationId: getRun
              summary: A run.
              responses:
                '200': { $ref: '#/components/responses/Run' }
                '404': { $ref: '#/components/responses/NotFound' }
          /runs/{id}/events:
            parameters:
              - { $ref: '#/components/parameters/RunID' }
            get:
              operationId: runEvents
              summary: A run's events, or a live stream of them.
              description: >
                With `Accept: text/event-stream` or `follow=true`: server-sent events, first the
                stored events after `after` (or after the `Last-Event-ID` header), then new ones
                as they are committed, each `id: <sequence>`, `event: <kind>`, `data: <RunEvent
                JSON>`; a `: keep-alive` comment every 15 s; the stream ends after the run's
                runCompleted, runFaulted or runCancelled.
              parameters:
                - name: after
                  in: query
                  schema: { type: integer, minimum: 0, default: 0 }
                - name: limit
                  in: query
                  description: At most this many events (JSON form only); all when absent.
                  schema: { type: integer, minimum: 1 }
                - name: follow
                  in: query
                  schema: { type: boolean, default: false }
                - name: Last-Event-ID
                  in: header
                  schema: { type: string }
              responses:
                '200':
                  description: The events.
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [events]
                        properties:
                          events:
                            type: array
                            items: { $ref: '#/components/schemas/RunEvent' }
                    text/event-stream:
                      schema: { type: string }
                '400': { $ref: '#/components/responses/InvalidInput' }
                '404': { $ref: '#/components/responses/NotFound' }
          /runs/{id}/cancel:
            parameters:
              - { $ref: '#/components/parameters/RunID' }
            post:
              operationId: cancelRun
              summary: Cancel an unfinished run; its running tasks are stopped.
              responses:
                '200': { $ref: '#/components/responses/Run' }
                '404': { $ref: '#/components/responses/NotFound' }
                '409': { $ref: '#/components/responses/Conflict' }
          /runs/{id}/suspend:
            parameters:
              - { $ref: '#/components/parameters/RunID' }
            post:
              operationId: suspendRun
              summary: Suspend an unfinished run where it is.
              responses:
                '200': { $ref: '#/components/responses/Run' }
                '404': { $ref: '#/components/responses/NotFound' }
                '409': { $ref: '#/components/responses/Conflict' }
          /runs/{id}/resume:
            parameters:
              - { $ref: '#/components/parameters/RunID' }
            post:
              operationId: resumeRun
              summary: Resume a suspended run.
              responses:
                '200': { $ref: '#/components/responses/Run' }
                '404': { $ref: '#/components/responses/NotFound' }
                '409': { $ref: '#/components/responses/Conflict' }
          /runs/{id}/approve:
            parameters:
              - { $ref: '#/components/parameters/RunID' }
            post:
              operationId: approve
              summary: Approve a run's pending approval.
              requestBody: { $ref: '#/components/requestBodies/Decision' }
              responses:
                '200': { $ref: '#/components/responses/Approval' }
                '400': { $ref: '#/components/responses/InvalidInput' }
                '404': { $ref: '#/components/responses/NotFound' }
                '409': { $ref: '#/components/responses/Conflict' }
          /runs/{id}/reject:
            parameters:
              - { $ref: '#/components/parameters/RunID' }
            post:
              operationId: reject
              summary: Reject a run's pending approval; the run faults.
              requestBody: { $ref: '#/components/requestBodies/Decision' }
              responses:
                '200': { $ref: '#/components/responses/Approval' }
                '400': { $ref: '#/components/responses/InvalidInput' }
                '404': { $ref: '#/components/responses/NotFound' }
                '409': { $ref: '#/components/responses/Conflict' }
          /runs/{id}/approvals:
            parameters:
              - { $ref: '#/components/parameters/RunID' }
            get:
              operationId: runApprovals
              summary: A run's approvals, pending and decided, oldest first.
              responses:
                '200': { $ref: '#/components/responses/Approvals' }
                '404': { $ref: '#/components/responses/NotFound' }
          /approvals:
            get:
              operationId: pendingApprovals
              summary: The approvals waiting for a decision, of all runs, oldest first.
              responses:
                '200': { $ref: '#/components/responses/Approvals' }
                '500': { $ref: '#/components/responses/Storage' }
          /events:
            post:
              operationId: publishEvents
              summary: CloudEvents 1.0 into the event log (HTTP binding).
              description: >
                Structured mode: `Content-Type: application/cloudevents+json`, the body is the
                event. Batched: `application/cloudevents-batch+json`, an array of events; all
                are checked before any is stored. Binary mode: any other content type; the
                attributes are `ce-*` headers (`ce-id`, `ce-source`, `ce-type`,
                `ce-specversion` required), the body is the data and its content type the
                `datacontenttype` — JSON bodies become `data`, others `data_base64`. An event
                with the `source` and `id` of one already logged is a duplicate.
              parameters:
                - { name: ce-id, in: header, schema: { type: string } }
                - { name: ce-source, in: header, schema: { type: string } }
                - { name: ce-type, in: header, schema: { type: string } }
                - { name: ce-specversion, in: header, schema: { type: string, const: '1.0' } }
              requestBody:
                required: true
                content:
                  application/cloudevents+json:
                    schema: { $ref: '#/components/schemas/CloudEvent' }
                  application/cloudevents-batch+json:
                    schema:
                      type: array
                      items: { $ref: '#/components/schemas/CloudEvent' }
                  '*/*':
                    schema: {}
              responses:
                '202':
                  description: Logged (a batch answers `results`, one per event, in order).
                  content:
                    application/json:
                      schema:
                        oneOf:
                          - { $ref: '#/components/schemas/EventAppend' }
                          - type: object
                            required: [results]
                            properties:
                              results:
                                type: array
                                items: { $ref: '#/components/schemas/EventAppend' }
                '400': { $ref: '#/components/responses/InvalidInput' }
                '413': { $ref: '#/components/responses/TooLarge' }
                '500': { $ref: '#/components/responses/Storage' }
          /services:
            get:
              operationId: listServices
              summary: Every service's status, dependencies first.
              responses:
                '200':
                  description: The services.
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          services: { type: array, items: { $ref: '#/components/schemas/ServiceStatus' } }
                '503': { $ref: '#/components/responses/Unavailable' }
          /services/functions:
            get:
              operationId: serviceFunctions
              summary: "The JSON Schema of each service function's `with` (`service-deploy:1.0.0` …)."
              responses:
                '200':
                  description: The schemas by function.
                  content:
                    application/json:
                      schema: { type: object, properties: { functions: { type: object } } }
          /services/graph:
            get:
              operationId: serviceGraph
              summary: The dependency graph with live status.
              responses:
                '200':
                  description: Nodes (services with status) and edges (dependent → dependency with its condition).
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          nodes: { type: array, items: { type: object } }
                          edges: { type: array, items: { type: object, properties: { from: { type: string }, to: { type: string }, condition: { enum: [started, healthy] } } } }
                '503': { $ref: '#/components/responses/Unavailable' }
          /services/up:
            post:
              operationId: servicesUp
              summary: Define and start a project's services (what `baton up` sends).
              description: >
                Stores a revision for each new or changed service in one transaction, after every
                check passed (a cycle, a port in use, a missing program: 422, nothing changed), then
                starts, updates or scales them in dependency order and, with `wait`, waits until they
                are healthy. 500 with the report when a service did not come up.
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [project, services]
                      additionalProperties: false
                      properties:
                        project: { type: string }
                        file: { type: string, description: the file the definitions came from, for messages and history }
                        services: { type: object, description: "definitions by name, in the canonical form (docs/services.md)" }
                        wait: { type: boolean, default: true }
                        timeout: { type: string, default: 120s }
              responses:
                '200': { $ref: '#/components/responses/UpReport' }
                '400': { $ref: '#/components/responses/InvalidInput' }
                '409': { $ref: '#/components/responses/Conflict' }
                '422': { $ref: '#/components/responses/InvalidService' }
                '500': { $ref: '#/components/responses/UpReport' }
                '503': { $ref: '#/components/responses/Unavailable' }
          /services/down:
            post:
              operationId: servicesDown
              summary: Stop (dependents first) and remove a project's services, or the ones named.
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      additionalProperties: false
                      properties:
                        project: { type: string }
                        services: { type: array, items: { type: string } }
              responses:
                '200':
                  description: The services removed, in the order they stopped.
                  content:
                    application/json:
                      schema: { type: object, properties: { removed: { type: array, items: { type: string } } } }
                '404': { $ref: '#/components/responses/NotFound' }
                '409': { $ref: '#/components/responses/Conflict' }
          /services/{service}:
            parameters:
              - { $ref: '#/components/parameters/Service' }
            get:
              operationId: getService
              summary: A service's status and its current definition (canonical form).
              responses:
                '200': { $ref: '#/components/responses/ServiceStatus' }
                '404': { $ref: '#/components/responses/NotFound' }
            delete:
              operationId: removeService
              summary: Stop a service and remove its definition and revisions (refused while others depend on it).
              responses:
                '200':
                  description: Removed.
                  content:
                    application/json:
                      schema: { type: object, properties: { service: { type: string }, removed: { type: boolean } } }
                '404': { $ref: '#/components/responses/NotFound' }
                '409': { $ref: '#/components/responses/Conflict' }
          /services/{service}/history:
            parameters:
              - { $ref: '#/components/parameters/Service' }
            get:
              operationId: serviceHistory
              summary: The service's revisions, oldest first, with what changed.
              responses:
                '200':
                  description: The revisions and the current one.
                  content:
                    application/json:
                      schema:
                        type: object
                        properties:
                          service: { type: string }
                          current: { type: integer }
                          revisions:
                            type: array
                            items:
                              type: object
                              properties:
                                revision: { type: integer }
                                created_at: { type: string, format: date-time }
                                cause: { type: string }
                                version: { type: string }
                                changes: { type: array, items: { type: string } }
                                definition: { type: object }
                '404': { $ref: '#/components/responses/NotFound' }
          /services/{service}/logs:
            parameters:
              - { $ref: '#/components/parameters/Service' }
              - { name: tail, in: query, schema: { type: integer, minimum: 1, default: 200 } }
              - { name: since, in: query, description: a duration back from now (10m) or a time, schema: { type: string } }
              - { name: grep, in: query, description: only lines containing this text, schema: { type: string } }
              - { name: follow, in: query, description: keep streaming new lines as server-sent events, schema: { type: boolean } }
            get:
              operationId: serviceLogs
              summary: "The lines of the service's instances, by time; with follow, a stream of `event: line`."
              responses:
                '200':
                  description: The lines (JSON), or a text/event-stream with follow.
                  content:
                    application/json:
                      schema: { type: object, properties: { service: { type: string }, lines: { type: array, items: { $ref: '#/components/schemas/LogLine' } } } }
                    text/event-stream:
                      schema: { type: string }
                '400': { $ref: '#/components/responses/InvalidInput' }
                '404': { $ref: '#/components/responses/NotFound' }
          /services/{service}/start:
            parameters:
              - { $ref: '#/components/parameters/Service' }
            post:
              operationId: startService
              summary: Start a stopped service; waits until it is healthy unless `wait` is false.
              requestBody:
                required: false
                content:
                  application/json:
                    schema: { type: object, properties: { wait: { type: boolean, default: true }, timeout: { type: string } } }
              responses:
                '200': { $ref: '#/components/responses/ServiceStatus' }
                '400': { $ref: '#/components/responses/InvalidInput' }
                '404': { $ref: '#/components/responses/NotFound' }
                '408': { $ref: '#/components/responses/Conflict' }
                '409': { $ref: '#/components/responses/Conflict' }
                '422': { $ref: '#/components/responses/InvalidService' }
                '500': { $ref: '#/components/responses/Storage' }
          /services/{service}/stop:
            parameters:
              - { $ref: '#/components/parameters/Service' }
            post:
              operationId: stopService
              summary: Stop a service's instances gracefully; its definition stays.
              requestBody:
                required: false
                content:
                  application/json:
                    schema: { type: object, properties: {} }
              responses:
                '200': { $ref: '#/components/responses/ServiceStatus' }
                '400': { $ref: '#/components/responses/InvalidInput' }
                '404': { $ref: '#/components/responses/NotFound' }
                '408': { $ref: '#/components/responses/Conflict' }
                '409': { $ref: '#/components/responses/Conflict' }
                '422': { $ref: '#/components/responses/InvalidService' }
                '500': { $ref: '#/components/responses/Storage' }
          /services/{service}/restart:
            parameters:
              - { $ref: '#/components/parameters/Service' }
            post:
              operationId: restartService
              summary: Restart the instances, one at a time unless `rolling` is false.
              requestBody:
                required: false
                content:
                  application/json:
                    schema: { type: object, properties: { rolling: { type: boolean, default: true } } }
              responses:
                '200': { $ref: '#/components/responses/ServiceStatus' }
                '400': { $ref: '#/components/responses/InvalidInput' }
                '404': { $ref: '#/components/responses/NotFound' }
                '408': { $ref: '#/components/responses/Conflict' }
                '409': { $ref: '#/components/responses/Conflict' }
                '422': { $ref: '#/components/responses/InvalidService' }
                '500': { $ref: '#/components/responses/Storage' }
          /services/{service}/scale:
            parameters:
              - { $ref: '#/components/parameters/Service' }
            post:
              operationId: scaleService
              summary: Set the number of instances.
              requestBody:
                required: false
                content:
                  application/json:
                    schema: { type: object, properties: { replicas: { type: integer, minimum: 0 } } }
              responses:
                '200': { $ref: '#/components/responses/ServiceStatus' }
                '400': { $ref: '#/components/responses/InvalidInput' }
                '404': { $ref: '#/components/responses/NotFound' }
                '408': { $ref: '#/components/responses/Conflict' }
                '409': { $ref: '#/components/responses/Conflict' }
                '422': { $ref: '#/components/responses/InvalidService' }
                '500': { $ref: '#/components/responses/Storage' }
          /services/{service}/rollback:
            parameters:
              - { $ref: '#/components/parameters/Service' }
            post:
              operationId: rollbackService
              summary: Return to the previous (or the given) revision, rolled out like an update.
              requestBody:
                required: false
                content:
                  application/json:
                    schema: { type: object, properties: { revision: { type: [integer, string] } } }
              responses:
                '200': { $ref: '#/components/responses/UpdateReport' }
                '400': { $ref: '#/components/responses/InvalidInput' }
                '404': { $ref: '#/components/responses/NotFound' }
                '408': { $ref: '#/components/responses/Conflict' }
                '409': { $ref: '#/components/responses/Conflict' }
                '422': { $ref: '#/components/responses/InvalidService' }
                '500': { $ref: '#/components/responses/Storage' }
          /services/{service}/update:
            parameters:
              - { $ref: '#/components/parameters/Service' }
            post:
              operationId: updateService
              summary: A new revision from `changes`, rolled out by its strategy (the arguments of service-update).
              requestBody:
                required: false
                content:
                  application/json:
                    schema: { type: object, properties: { changes: { type: object }, version: { type: [string, number] }, strategy: { enum: [rolling, blue-green, canary] } } }
              responses:
                '200': { $ref: '#/components/responses/UpdateReport' }
                '400': { $ref: '#/components/responses/InvalidInput' }
                '404': { $ref: '#/components/responses/NotFound' }
                '408': { $ref: '#/components/responses/Conflict' }
                '409': { $ref: '#/components/responses/Conflict' }
                '422': { $ref: '#/components/responses/InvalidService' }
                '500': { $ref: '#/components/responses/Storage' }
          /services/{service}/exec:
            parameters:
              - { $ref: '#/components/parameters/Service' }
            post:
              operationId: execInService
              summary: Run a command beside a running instance (its environment and directory).
              requestBody:
                required: false
                content:
                  application/json:
                    schema: { type: object, properties: { command: { type: [string, array] }, timeout: { type: [string, integer] } } }
              responses:
                '200': { $ref: '#/components/responses/ExecResult' }
                '400': { $ref: '#/components/responses/InvalidInput' }
                '404': { $ref: '#/components/responses/NotFound' }
                '408': { $ref: '#/components/responses/Conflict' }
                '409': { $ref: '#/components/responses/Conflict' }
                '422': { $ref: '#/components/responses/InvalidService' }
                '500': { $ref: '#/components/responses/Storage' }
          /services/{service}/wait-healthy:
            parameters:
              - { $ref: '#/components/parameters/Service' }
            post:
              operationId: waitServiceHealthy
              summary: Wait until every instance is ready; 408 when not within `timeout`.
              requestBody:
                required: false
                content:
                  application/json:
                    schema: { type: object, properties: { timeout: { type: [string, integer] } } }
              responses:
                '200': { $ref: '#/components/responses/ServiceStatus' }
                '400': { $ref: '#/components/responses/InvalidInput' }
                '404': { $ref: '#/components/responses/NotFound' }
                '408': { $ref: '#/components/responses/Conflict' }
                '409': { $ref: '#/components/responses/Conflict' }
                '422': { $ref: '#/components/responses/InvalidService' }
                '500': { $ref: '#/components/responses/Storage' }
          /assistant/templates:
            get:
              operationId: assistantTemplates
              summary: The template library — each template's id, summary, parameters (type, default, enum, required), one_of groups and example requests.
              responses:
                '200':
                  description: The templates.
                  content:
                    application/json:
                      schema: { type: object, properties: { templates: { type: array, items: { type: object } } } }
                '503': { $ref: '#/components/responses/Unavailable' }
          /assistant/plan:
            post:
              operationId: assistantPlan
              summary: "Plan a request in English or Chinese: a plan (template, parameters, defaults, reasons and a preview of the workflow and what it will change), a clarifying question, or an abstention with its reasons."
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [request]
                      properties:
                        request: { type: string, description: what the operator asked }
                        language: { enum: [en, zh], description: "the language to answer in; detected when absent" }
                        template: { type: string, description: the template to use (answering a clarifying question) }
                        answers: { type: object, description: "values for parameters, as typed (`10 minutes`, `20G`, `shop`): they win over the request's" }
              responses:
                '200':
                  description: "The answer: `kind` is `plan`, `clarify` or `abstain`."
                  content:
                    application/json:
                      schema:
                        type: object
                        required: [kind, reasons, origin]
                        properties:
                          kind: { enum: [plan, clarify, abstain] }
                          template: { type: string }
                          parameters: { type: object }
                          defaults: { type: object }
                          input: { type: object }
                          missing: { type: array, items: { type: string } }
                          question: { type: string }
                          reasons: { type: array, items: { type: string } }
                          origin: { type: object }
                          preview: { type: object, properties: { workflow: { type: string }, input: { type: object }, changes: { type: array, items: { type: string } }, risk: { enum: [read-only, mutating, destructive] } } }
                '400': { $ref: '#/components/responses/InvalidInput' }
                '503': { $ref: '#/components/responses/Unavailable' }
          /assistant/execute:
            post:
              operationId: assistantExecute
              summary: Run an approved plan — the template with these parameters, checked again — as a durable run.
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        template: { type: string, description: the template; required unless generated_workflow is given }
                        generated_workflow: { type: string, description: "a workflow a model wrote (a plan with needs_review), run as sent once a person reviewed it; validated in full" }
                        parameters: { type: object }
                        request: { type: string, description: the request the plan answered, kept in its reasons }
              responses:
                '201':
                  description: The run, started, and the plan it runs.
                  content:
                    application/json:
                      schema: { type: object, properties: { run: { $ref: '#/components/schemas/Run' }, plan: { type: object } } }
                '400': { $ref: '#/components/responses/InvalidInput' }
                '422': { $ref: '#/components/responses/InvalidInput' }
                '503': { $ref: '#/components/responses/Unavailable' }
        components:
          parameters:
            Service:
              name: service
              in: path
              required: true
              schema: { type: string }
            Namespace:
              name: namespace
              in: path
              required: true
              schema: { type: string }
            Name:
              name: name
              in: path
              required: true
              schema: { type: string }
            RunID:
              name: id
              in: path
              required: true
              schema: { type: string }
          requestBodies:
            Decision:
              required: true
              content:
                application/json:
                  schema:
                    type: object
                    required: [by]
                    additionalProperties: false
                    properties:
                      by: { type: string, minLength: 1, description: Who decides. }
                      reason: { type: string }
                      approval: { type: string, description: Which approval; needed when the run waits for several. }
          responses:
            ServiceStatus:
              description: The service's status.
              content:
                application/json:
                  schema: { $ref: '#/components/schemas/ServiceStatus' }
            UpdateReport:
              description: How the update went.
              content:
                application/json:
                  schema: { $ref: '#/components/schemas/UpdateReport' }
            ExecResult:
              description: The command's exit code and output.
              content:
                application/json:
                  schema: { type: object, properties: { code: { type: integer }, stdout: { type: string }, stderr: { type: string } } }
            UpReport:
              description: What up did to each service.
              content:
                application/json:
                  schema:
                    type: object
                    properties:
                      project: { type: string }
                      succeeded: { type: boolean }
                      services:
                        type: array
                        items:
                          type: object
                          properties:
                            service: { type: string }
                            action: { enum: [created, updated, scaled, started, unchanged] }
                            revision: { type: integer }
                            replicas: { type: integer }
                            changes: { type: array, items: { type: string } }
                            ready: { type: boolean }
                            problem: { type: string }
            InvalidService:
              description: The definition or argument cannot work here; nothing was changed.
              content:
                application/json:
                  schema: { $ref: '#/components/schemas/Error' }
            Run:
              description: The run.
              content:
                application/json:
                  schema: { $ref: '#/components/schemas/Run' }
            Approval:
              description: The approval with its decision.
              content:
                application/json:
                  schema: { $ref: '#/components/schemas/Approval' }
            Approvals:
              description: Approvals.
              content:
                application/json:
                  schema:
                    type: object
                    required: [approvals]
                    properties:
                      approvals:
                        type: array
                        items: { $ref: '#/components/schemas/Approval' }
            InvalidInput:
              description: A malformed body, query or event (`invalid-input`); `path` says where.
              content:
                application/json:
                  schema: { $ref: '#/components/schemas/Error' }
            NotFound:
              description: No such route, definition, run or approval (`not-found`).
              content:
                application/json:
                  schema: { $ref: '#/components/schemas/Error' }
            Conflict:
              description: Contradicts what is stored (`conflict`).
              content:
                application/json:
                  schema: { $ref: '#/components/schemas/Error' }
            TooLarge:
              description: The body is over the limit (`too-large`); `baton serve --max-body-size` raises it.
              content:
                application/json:
                  schema: { $ref: '#/components/schemas/Error' }
            Unavailable:
              description: The node is shutting down (`unavailable`).
              content:
                application/json:
                  schema: { $ref: '#/components/schemas/Error' }
            Storage:
              description: The store failed (`storage`); retrying may help.
              content:
                application/json:
                  schema: { $ref: '#/components/schemas/Error' }
          schemas:
            ServiceStatus:
              type: object
              properties:
                name: { type: string }
                project: { type: string }
                revision: { type: integer }
                version: { type: string }
                desired: { enum: [running, stopped] }
                replicas: { type: integer }
                ready: { type: integer }
                status: { enum: [healthy, degraded, starting, unhealthy, stopped] }
                ports: { type: array, items: { type: string } }
                depends_on: { type: object }
                definition: { type: object }
                instances:
                  type: array
                  items:
                    type: object
                    properties:
                      name: { type: string }
                      revision: { type: integer }
                      status: { enum: [starting, running, healthy, unhealthy, restarting, crashed, stopping, stopped] }
                      pid: { type: integer }
                      port: { type: integer }
                      restarts: { type: integer }
                      started_at: { type: string, format: date-time }
                      uptime_seconds: { type: number }
                      cpu_percent: { type: number }
                      memory_bytes: { type: integer }
                      in_traffic: { type: boolean }
                      last_event: { type: string }
                      last_check: { type: string }
            UpdateReport:
              type: object
              properties:
                service: { type: string }
                strategy: { enum: [rolling, blue-green, canary] }
                from_revision: { type: integer }
                to_revision: { type: integer }
                changes: { type: array, items: { type: string } }
                steps: { type: array, items: { type: string } }
                canary_error_rate: { type: number }
            LogLine:
              type: object
              properties:
                time: { type: string, format: date-time }
                instance: { type: string }
                stream: { enum: [out, err] }
                text: { type: string }
            Status:
              type: object
              required: [status]
              properties:
                status: { type: string, enum: [ok, ready, starting, stopping] }
            Error:
              type: object
              required: [error]
              properties:
                error:
                  type: object
                  required: [code, message]
                  properties:
                    code:
                      type: string
                      enum: [not-found, invalid-input, invalid-definition, conflict, unavailable, storage, too-large]
                    message: { type: string }
                    path: { type: string, description: Where in the request the problem is. }
                    problems:
                      type: array
                      items: { $ref: '#/components/schemas/Problem' }
            Problem:
              type: object
              required: [file, line, column, path, code, severity, message]
              properties:
                file: { type: string }
                line: { type: integer }
                column: { type: integer }
                path: { type: string, description: 'The path in the document, e.g. do[2].getPet.with.method; empty for the root.' }
                code: { type: string, description: 'e.g. yaml.syntax, schema.type, lint.unknown-then-target' }
                severity: { type: string, enum: [error, warning] }
                message: { type: string }
            DefinitionSummary:
              type: object
              required: [namespace, name, version, storedAt]
              properties:
                namespace: { type: string }
                name: { type: string }
                version: { type: string }
                storedAt: { type: string, format: date-time }
            Definition:
              allOf:
                - { $ref: '#/components/schemas/DefinitionSummary' }
                - type: object
                  required: [source, document]
                  properties:
                    source: { type: string, description: The document as written. }
                    document: { type: object, description: The document as JSON. }
            AppliedDefinition:
              allOf:
                - { $ref: '#/components/schemas/DefinitionSummary' }
                - type: object
                  required: [created, warnings]
                  properties:
                    created: { type: boolean }
                    warnings:
                      type: array
                      items: { $ref: '#/components/schemas/Problem' }
            StartRun:
              type: object
              required: [name]
              additionalProperties: false
              properties:
                namespace: { type: string, default: default }
                name: { type: string }
                version: { type: string, description: The latest when absent. }
                input: { type: object, default: {} }
                id: { type: string, description: A new UUID when absent. }
            RunStatus:
              type: string
              enum: [pending, running, waiting, suspended, cancelled, faulted, completed]
            Fault:
              type: object
              description: RFC 7807 problem details, as OWS errors are.
              required: [type, status]
              properties:
                type: { type: string }
                status: { type: integer }
                title: { type: string }
                detail: { type: string }
                instance: { type: string }
            Run:
              type: object
              required: [id, namespace, name, version, status, input, createdAt, updatedAt, pendingApprovals]
              properties:
                id: { type: string }
                namespace: { type: string }
                name: { type: string }
                version: { type: string }
                status: { $ref: '#/components/schemas/RunStatus' }
                input: {}
                output: {}
                error: { $ref: '#/components/schemas/Fault' }
                createdAt: { type: string, format: date-time }
                updatedAt: { type: string, format: date-time }
                startedAt: { type: string, format: date-time }
                finishedAt: { type: string, format: date-time }
                pendingApprovals:
                  type: array
                  items: { $ref: '#/components/schemas/Approval' }
            RunEvent:
              type: object
              required: [sequence, kind, at]
              properties:
                sequence: { type: integer, minimum: 1 }
                kind:
                  type: string
                  enum: [runStarted, runCompleted, runFaulted, runCancelled, taskStarted, taskCompleted, taskFaulted, taskSkipped, taskRetrying, taskCancelled]
                at: { type: string, format: date-time }
                task: { type: string }
                reference: { type: string, description: The task's JSON Pointer in the workflow. }
                position: { type: string, description: 'Where in the run, when it differs from the reference (loops, retries).' }
                output: {}
                next: { type: string }
                error: { $ref: '#/components/schemas/Fault' }
                attempt: { type: integer }
            Approval:
              type: object
              required: [id, runId, position, message, data, createdAt, decision]
              properties:
                id: { type: string }
                runId: { type: string }
                position: { type: string }
                message: { type: string }
                data: {}
                createdAt: { type: string, format: date-time }
                decision:
                  oneOf:
                    - type: 'null'
                    - type: object
                      required: [verdict, decidedBy, decidedAt, reason]
                      properties:
                        verdict: { type: string, enum: [approved, rejected] }
                        decidedBy: { type: string }
                        decidedAt: { type: string, format: date-time }
                        reason: { type: [string, 'null'] }
            CloudEvent:
              type: object
              description: A CloudEvents 1.0 event in JSON form.
              required: [id, source, type, specversion]
              properties:
                id: { type: string, minLength: 1 }
                source: { type: string, minLength: 1 }
                type: { type: string, minLength: 1 }
                specversion: { type: string, const: '1.0' }
                datacontenttype: { type: string }
                dataschema: { type: string }
                subject: { type: string }
                time: { type: string, format: date-time }
                data: {}
                data_base64: { type: string, contentEncoding: base64 }
              additionalProperties:
                type: [string, number, boolean]
            EventAppend:
              type: object
              required: [sequence, duplicate]
              properties:
                sequence: { type: integer, description: The event's place in the log. }
                duplicate: { type: boolean, description: 'An event with this source and id was logged before; the first stands.' }
        """#
}
