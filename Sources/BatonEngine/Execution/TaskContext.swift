import BatonWorkflow

/// What a task executor (a call, a process, a function) is given: the task's identity in the
/// run, its transformed input, the expression scope of its definition, and the run's services.
public struct TaskContext: Sendable {
    /// The run the task belongs to.
    public let runID: String
    /// The task's name in its list.
    public let name: String
    /// The task's JSON Pointer in the workflow, e.g. `/do/2/getPet`.
    public let reference: String
    /// Which attempt this is, from 1, counting retries of the enclosing `try`.
    public let attempt: Int
    /// Where in the run the task runs (see `RunEvent.position`): its reference with the
    /// iterations, attempts and visits around it. Unique in the run.
    public let position: String
    /// The task's transformed input (`$input`, and `.` of the definition's expressions).
    public let input: JSONValue
    /// Evaluates the task definition's expressions.
    public let scope: ExpressionScope
    public let limits: ExecutionLimits
    /// The run's secrets, by name (`$secrets`), for authentication.
    public let secrets: JSONValue
    public let clock: any WorkflowClock
    /// The workflow's reusable authentication policies (`use.authentications`), by name, so that
    /// a call's `authentication: { use: name }` can be resolved.
    public var authentications: [String: AuthenticationPolicy]

    public init(
        runID: String, name: String, reference: String, attempt: Int, input: JSONValue, scope: ExpressionScope,
        limits: ExecutionLimits = ExecutionLimits(), secrets: JSONValue = [:], clock: any WorkflowClock = SystemClock(),
        authentications: [String: AuthenticationPolicy] = [:], position: String? = nil
    ) {
        self.runID = runID
        self.name = name
        self.reference = reference
        self.attempt = attempt
        self.position = position ?? reference
        self.input = input
        self.scope = scope
        self.limits = limits
        self.secrets = secrets
        self.clock = clock
        self.authentications = authentications
    }

    /// A key that is the same each time this attempt of this task runs (a resumed run sends it
    /// again), and different for any other task, loop iteration, visit or attempt: services use
    /// it to recognise a request they have already handled.
    public var idempotencyKey: String { "\(runID):\(position)" }
}
