/// The `with` of `call: a2a`, a call to an agent over the Agent2Agent protocol (OWS
/// dsl-reference.md §A2A Call).
public struct A2AArguments: Sendable, Hashable, DocumentCodable {
    public enum Method: String, DocumentStringEnum {
        case messageSend = "message/send"
        case messageStream = "message/stream"
        case tasksGet = "tasks/get"
        case tasksList = "tasks/list"
        case tasksCancel = "tasks/cancel"
        case tasksResubscribe = "tasks/resubscribe"
        case pushNotificationConfigSet = "tasks/pushNotificationConfig/set"
        case pushNotificationConfigGet = "tasks/pushNotificationConfig/get"
        case pushNotificationConfigList = "tasks/pushNotificationConfig/list"
        case pushNotificationConfigDelete = "tasks/pushNotificationConfig/delete"
        case authenticatedExtendedCard = "agent/getAuthenticatedExtendedCard"
    }

    public var agentCard: ExternalResource?
    public var server: Endpoint?
    public var method: Method
    public var parameters: ExpressionTemplate?

    public init(agentCard: ExternalResource? = nil, server: Endpoint? = nil, method: Method, parameters: ExpressionTemplate? = nil) {
        self.agentCard = agentCard
        self.server = server
        self.method = method
        self.parameters = parameters
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            A2AArguments(
                agentCard: try object.optional("agentCard"), server: try object.optional("server"), method: try object.required("method"),
                parameters: try object.optional("parameters") { (reader) throws(Diagnostic) in try ExpressionTemplate(from: reader, allowsEmptyObject: false) }
            )
        }
    }

    public var documentValue: JSONValue {
        var writer = ObjectWriter()
        writer.set("agentCard", agentCard)
        writer.set("server", server)
        writer.set("method", method)
        writer.set("parameters", parameters)
        return writer.value
    }
}
