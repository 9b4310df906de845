/// Runs a process: a container, a script, a shell command or another workflow (OWS
/// dsl-reference.md §Run).
public struct RunTask: Sendable, Hashable, TaskConfiguration {
    /// What the task returns (schema `return`); defaults to `stdout`.
    public enum ReturnType: String, DocumentStringEnum {
        case stdout, stderr, code, all, none
    }

    public enum Process: Sendable, Hashable {
        case container(ContainerProcess)
        case script(ScriptProcess)
        case shell(ShellProcess)
        case workflow(WorkflowProcess)

        public var key: String {
            switch self {
            case .container: "container"
            case .script: "script"
            case .shell: "shell"
            case .workflow: "workflow"
            }
        }

        var documentValue: JSONValue {
            switch self {
            case .container(let process): process.documentValue
            case .script(let process): process.documentValue
            case .shell(let process): process.documentValue
            case .workflow(let process): process.documentValue
            }
        }
    }

    static let processKeys = ["container", "script", "shell", "workflow"]

    public var process: Process
    /// Whether to wait for the process to end; defaults to true.
    public var await: Bool?
    public var `return`: ReturnType?

    public init(process: Process, await awaitsProcess: Bool? = nil, return returnType: ReturnType? = nil) {
        self.process = process
        self.await = awaitsProcess
        self.return = returnType
    }

    /// Whether the task waits for the process, with the default applied.
    public var awaitsCompletion: Bool { self.await ?? true }

    init(reading object: inout ObjectReader) throws(Diagnostic) {
        self = try object.required("run") { (reader) throws(Diagnostic) in
            try reader.object { (run) throws(Diagnostic) in
                let present = run.presentKeys(among: Self.processKeys)
                guard present.count == 1, let key = present.first else {
                    for known in Self.processKeys + ["await", "return"] { _ = run.reader(known) }
                    if present.count > 1 {
                        throw run.error(atKey: present[1], "a run task runs exactly one of container, script, shell, workflow; found `\(present[0])` and `\(present[1])`", code: "model.one-of")
                    }
                    try run.checkUnknownKeys()
                    throw run.error("a run task needs one of container, script, shell, workflow", code: "model.one-of")
                }
                let process: Process
                switch key {
                case "container": process = .container(try run.required(key))
                case "script": process = .script(try run.required(key))
                case "shell": process = .shell(try run.required(key))
                default: process = .workflow(try run.required(key))
                }
                return RunTask(process: process, await: try run.optional("await"), return: try run.optional("return"))
            }
        }
    }

    func write(to writer: inout ObjectWriter) {
        var run = ObjectWriter()
        run.set(process.key, json: process.documentValue)
        run.set("await", self.await)
        run.set("return", self.return)
        writer.set("run", json: run.value)
    }
}
