/// The `with` of `call: asyncapi` (OWS dsl-reference.md §AsyncAPI Call): an operation (or, for
/// AsyncAPI 2.6, a channel) and either a message to publish or a subscription.
public struct AsyncAPIArguments: Sendable, Hashable, DocumentCodable {
    public enum Target: Sendable, Hashable {
        case operation(String)
        /// Used only with AsyncAPI v2.6.0 documents.
        case channel(String)
    }

    public enum Exchange: Sendable, Hashable {
        case message(Message)
        case subscription(Subscription)
    }

    public enum `Protocol`: String, DocumentStringEnum {
        case amqp, amqp1, anypointmq, googlepubsub, http, ibmmq, jms, kafka, mercure, mqtt, mqtt5, nats, pulsar, redis, sns, solace, sqs, stomp, ws
    }

    /// The server to call (OWS dsl-reference.md §AsyncAPI Server).
    public struct Server: Sendable, Hashable, DocumentCodable {
        public var name: String
        public var variables: [String: JSONValue]?

        public init(name: String, variables: [String: JSONValue]? = nil) {
            self.name = name
            self.variables = variables
        }

        public init(from reader: DocumentReader) throws(Diagnostic) {
            self = try reader.object { (object) throws(Diagnostic) in Server(name: try object.required("name"), variables: try object.optional("variables")) }
        }

        public var documentValue: JSONValue {
            var writer = ObjectWriter()
            writer.set("name", name)
            writer.set("variables", variables)
            return writer.value
        }
    }

    /// A message to publish (OWS dsl-reference.md §AsyncAPI Outbound Message).
    public struct Message: Sendable, Hashable, DocumentCodable {
        public var payload: [String: JSONValue]?
        public var headers: [String: JSONValue]?

        public init(payload: [String: JSONValue]? = nil, headers: [String: JSONValue]? = nil) {
            self.payload = payload
            self.headers = headers
        }

        public init(from reader: DocumentReader) throws(Diagnostic) {
            self = try reader.object { (object) throws(Diagnostic) in Message(payload: try object.optional("payload"), headers: try object.optional("headers")) }
        }

        public var documentValue: JSONValue {
            var writer = ObjectWriter()
            writer.set("payload", payload)
            writer.set("headers", headers)
            return writer.value
        }
    }

    /// Messages to consume (OWS dsl-reference.md §AsyncAPI Subscription).
    public struct Subscription: Sendable, Hashable, DocumentCodable {
        /// How many messages to consume: a count, or while/until a condition holds, optionally for a while.
        public struct Consumption: Sendable, Hashable, DocumentCodable {
            public enum Limit: Sendable, Hashable {
                case amount(Int)
                case `while`(RuntimeExpression)
                case until(RuntimeExpression)
            }

            public var limit: Limit
            public var `for`: WorkflowDuration?

            public init(limit: Limit, for duration: WorkflowDuration? = nil) {
                self.limit = limit
                self.for = duration
            }

            public init(from reader: DocumentReader) throws(Diagnostic) {
                self = try reader.object { (object) throws(Diagnostic) in
                    let duration: WorkflowDuration? = try object.optional("for")
                    let present = object.presentKeys(among: ["amount", "while", "until"])
                    guard present.count == 1, let key = present.first else {
                        for known in ["amount", "while", "until"] { _ = object.reader(known) }
                        if present.count > 1 {
                            throw object.error(atKey: present[1], "a consumption policy has exactly one of amount, while, until; found `\(present[0])` and `\(present[1])`", code: "model.one-of")
                        }
                        try object.checkUnknownKeys()
                        throw object.error("a consumption policy needs one of amount, while, until", code: "model.one-of")
                    }
                    switch key {
                    case "amount": return Consumption(limit: .amount(try object.required("amount")), for: duration)
                    case "while": return Consumption(limit: .while(try object.required("while", EnclosedExpression.self).expression), for: duration)
                    default: return Consumption(limit: .until(try object.required("until", EnclosedExpression.self).expression), for: duration)
                    }
                }
            }

            public var documentValue: JSONValue {
                var writer = ObjectWriter()
                switch limit {
                case .amount(let amount): writer.set("amount", amount)
                case .while(let condition): writer.set("while", condition)
                case .until(let condition): writer.set("until", condition)
                }
                writer.set("for", self.for)
                return writer.value
            }
        }

        /// A runtime expression filtering the messages.
        public var filter: RuntimeExpression?
        public var consume: Consumption
        public var foreach: SubscriptionIterator?

        public init(filter: RuntimeExpression? = nil, consume: Consumption, foreach: SubscriptionIterator? = nil) {
            self.filter = filter
            self.consume = consume
            self.foreach = foreach
        }

        public init(from reader: DocumentReader) throws(Diagnostic) {
            self = try reader.object { (object) throws(Diagnostic) in
                Subscription(
                    filter: try object.optional("filter", EnclosedExpression.self)?.expression,
                    consume: try object.required("consume"), foreach: try object.optional("foreach")
                )
            }
        }

        public var documentValue: JSONValue {
            var writer = ObjectWriter()
            writer.set("filter", filter)
            writer.set("consume", consume)
            writer.set("foreach", foreach)
            return writer.value
        }
    }

    public var document: ExternalResource
    public var target: Target
    public var exchange: Exchange
    public var server: Server?
    public var `protocol`: `Protocol`?
    public var authentication: ReferenceableAuthenticationPolicy?

    public init(
        document: ExternalResource, target: Target, exchange: Exchange, server: Server? = nil,
        protocol: `Protocol`? = nil, authentication: ReferenceableAuthenticationPolicy? = nil
    ) {
        self.document = document
        self.target = target
        self.exchange = exchange
        self.server = server
        self.protocol = `protocol`
        self.authentication = authentication
    }

    public init(from reader: DocumentReader) throws(Diagnostic) {
        self = try reader.object { (object) throws(Diagnostic) in
            let document: ExternalResource = try object.required("document")
            let target: Target
            switch object.presentKeys(among: ["operation", "channel"]) {
            case ["operation"]: target = .operation(try object.required("operation"))
            case ["channel"]: target = .channel(try object.required("channel"))
            case []: throw object.error("an AsyncAPI call needs `operation` (or `channel` for AsyncAPI 2.6 documents)", code: "model.required")
            default: throw object.error(atKey: "channel", "an AsyncAPI call has either `operation` or `channel`, not both", code: "model.one-of")
            }
            let exchange: Exchange
            switch object.presentKeys(among: ["message", "subscription"]) {
            case ["message"]: exchange = .message(try object.required("message"))
            case ["subscription"]: exchange = .subscription(try object.required("subscription"))
            case []: throw object.error("an AsyncAPI call needs `message` (to publish) or `subscription` (to consume)", code: "model.required")
            default: throw object.error(atKey: "subscription", "an AsyncAPI call has either `message` or `subscription`, not both", code: "model.one-of")
            }
            return AsyncAPIArguments(
                document: document, target: target, exchange: exchange, server: try object.optional("server"),
                protocol: try object.optional("protocol"), authentication: try object.optional("authentication")
            )
        }
    }

    public var documentValue: JSONValue {
        var writer = ObjectWriter()
        writer.set("document", document)
        switch target {
        case .operation(let operation): writer.set("operation", operation)
        case .channel(let channel): writer.set("channel", channel)
        }
        switch exchange {
        case .message(let message): writer.set("message", message)
        case .subscription(let subscription): writer.set("subscription", subscription)
        }
        writer.set("server", server)
        writer.set("protocol", self.protocol)
        writer.set("authentication", authentication)
        return writer.value
    }

    /// The subscription, when the call consumes messages.
    public var subscription: Subscription? {
        if case .subscription(let subscription) = exchange { return subscription }
        return nil
    }
}

/// A string the schema requires to be a `${ }` runtime expression (schema `$defs/runtimeExpression`).
struct EnclosedExpression: DocumentDecodable {
    var expression: RuntimeExpression

    init(from reader: DocumentReader) throws(Diagnostic) {
        let text = try reader.string()
        guard RuntimeExpression.isEnclosed(text) else {
            throw reader.error("expected a runtime expression enclosed in `${ }`, such as `${ .done }`", code: "model.expression")
        }
        expression = RuntimeExpression(text)
    }
}
