import BatonWorkflow
import Foundation

extension HealthCheck {
    /// `healthcheck:` — `http: /health` (or `{path, port}`), `tcp: true` (or a port), `command:`
    /// (or compose's `test: ["CMD", ...]` / `["CMD-SHELL", "..."]` / a string), with `interval`,
    /// `timeout`, `retries`, `start_period`. `disable: true` (compose) gives nil: no check.
    static func read(_ reader: DocumentReader) throws(Diagnostic) -> HealthCheck? {
        try reader.object { (object: inout ObjectReader) throws(Diagnostic) -> HealthCheck? in
            if let disable = object.reader("disable"), try disable.bool() {
                object.optionalKeysOnly(["http", "tcp", "command", "test", "interval", "timeout", "retries", "start_period", "start_interval"])
                return nil
            }
            let kinds = object.presentKeys(among: ["http", "tcp", "command", "test"])
            guard kinds.count == 1, let kind = kinds.first else {
                if kinds.isEmpty {
                    // `htpp: /health` is a misspelt kind: name it rather than the missing kind.
                    object.optionalKeysOnly(["http", "tcp", "command", "test", "interval", "timeout", "retries", "start_period", "start_interval"])
                    try object.checkUnknownKeys()
                }
                let message = kinds.isEmpty
                    ? "a health check needs one of `http` (a path), `tcp` or `command`"
                    : "a health check has one of `http`, `tcp`, `command`, not \(kinds.map { "`\($0)`" }.joined(separator: " and "))"
                throw object.error(message, code: "service.healthcheck")
            }
            let probe: Probe
            let probeReader = object.reader(kind)!
            switch kind {
            case "http":
                if probeReader.isString {
                    probe = .http(path: try Self.path(probeReader, try probeReader.string()), port: nil)
                } else {
                    probe = try probeReader.object { (http: inout ObjectReader) throws(Diagnostic) -> Probe in
                        let pathReader = http.reader("path")
                        let path = try pathReader.map { (r: DocumentReader) throws(Diagnostic) in try Self.path(r, try r.string()) } ?? "/"
                        return .http(path: path, port: try http.optional("port") { (r: DocumentReader) throws(Diagnostic) in try Self.portNumber(r) })
                    }
                }
            case "tcp":
                if case .bool(let on) = probeReader.value {
                    guard on else { throw probeReader.error("`tcp: false` checks nothing: remove the health check or give `tcp: true`", code: "service.healthcheck") }
                    probe = .tcp(port: nil)
                } else {
                    probe = .tcp(port: try Self.portNumber(probeReader))
                }
            default:
                probe = .command(try Self.command(probeReader))
            }
            var check = HealthCheck(probe: probe)
            if let interval = try object.optional("interval", { (r: DocumentReader) throws(Diagnostic) in try ServiceDefinition.duration(r) }) {
                guard interval > .zero else { throw object.reader("interval")!.error("the interval must be longer than 0s", code: "service.healthcheck") }
                check.interval = interval
            }
            if let timeout = try object.optional("timeout", { (r: DocumentReader) throws(Diagnostic) in try ServiceDefinition.duration(r) }) {
                guard timeout > .zero else { throw object.reader("timeout")!.error("the timeout must be longer than 0s", code: "service.healthcheck") }
                check.timeout = timeout
            }
            if let retries = try object.optional("retries", Int.self) {
                guard retries >= 1 else { throw object.reader("retries")!.error("retries must be at least 1 (\(retries))", code: "service.healthcheck") }
                check.retries = retries
            }
            if let start = try object.optional("start_period", { (r: DocumentReader) throws(Diagnostic) in try ServiceDefinition.duration(r) }) {
                check.startPeriod = start
            }
            object.optionalKeysOnly(["start_interval"])
            return check
        }
    }

    var documentValue: JSONValue {
        var object: [String: JSONValue] = [
            "interval": .string(DurationText.format(interval)), "timeout": .string(DurationText.format(timeout)),
            "retries": .integer(retries), "start_period": .string(DurationText.format(startPeriod)),
        ]
        switch probe {
        case .http(let path, nil): object["http"] = .string(path)
        case .http(let path, let port?): object["http"] = .object(["path": .string(path), "port": .integer(port)])
        case .tcp(nil): object["tcp"] = true
        case .tcp(let port?): object["tcp"] = .integer(port)
        case .command(let words): object["command"] = .array(words.map(JSONValue.string))
        }
        return .object(object)
    }

    private static func path(_ reader: DocumentReader, _ path: String) throws(Diagnostic) -> String {
        guard path.hasPrefix("/"), !path.contains(where: \.isWhitespace) else {
            throw reader.error("an HTTP health check path starts with `/` and has no spaces, like /health (got “\(path)”)", code: "service.healthcheck")
        }
        return path
    }

    private static func portNumber(_ reader: DocumentReader) throws(Diagnostic) -> Int {
        let port = try reader.integer()
        guard (1...65535).contains(port) else { throw reader.error("\(port) is not a port number (1–65535)", code: "service.healthcheck") }
        return port
    }

    /// compose's `test`: `["CMD", prog, args...]`, `["CMD-SHELL", "script"]`, `["NONE"]`, or a
    /// string (run by `/bin/sh -c`, as compose does); Baton's `command`: a list or a string split
    /// into words.
    private static func command(_ reader: DocumentReader) throws(Diagnostic) -> [String] {
        let isComposeTest = reader.path.description.hasSuffix("test")
        if reader.isString {
            let text = try reader.string()
            guard !text.allSatisfy(\.isWhitespace) else { throw reader.error("the health check command is empty", code: "service.healthcheck") }
            return isComposeTest ? ["/bin/sh", "-c", text] : try ServiceDefinition.words(reader)
        }
        var words = try reader.array(of: String.self)
        switch words.first {
        case "CMD": words.removeFirst()
        case "CMD-SHELL": words = ["/bin/sh", "-c", words.dropFirst().joined(separator: " ")]
        case "NONE": throw reader.error("`NONE` disables the check: write `disable: true` instead", code: "service.healthcheck")
        default: break
        }
        guard !words.isEmpty, !words[0].isEmpty else { throw reader.error("the health check command is empty", code: "service.healthcheck") }
        return words
    }
}

extension RestartPolicy {
    /// `restart: always | on-failure | never` (compose's `no`, `unless-stopped` and
    /// `on-failure:N` too) or `{policy, backoff: {initial, max, reset_after}, max_attempts}`.
    static func read(_ reader: DocumentReader) throws(Diagnostic) -> RestartPolicy {
        if reader.isString {
            return try RestartPolicy(condition: condition(reader, try reader.string()).0, maximumAttempts: condition(reader, try reader.string()).1)
        }
        return try reader.object { (object: inout ObjectReader) throws(Diagnostic) -> RestartPolicy in
            var policy = RestartPolicy()
            if let conditionReader = object.reader("policy") {
                (policy.condition, policy.maximumAttempts) = try condition(conditionReader, try conditionReader.string())
            }
            if let attempts = try object.optional("max_attempts", Int.self) {
                guard attempts >= 0 else { throw object.reader("max_attempts")!.error("max_attempts cannot be negative", code: "service.restart") }
                policy.maximumAttempts = attempts
            }
            try object.optional("backoff") { (r: DocumentReader) throws(Diagnostic) in
                try r.object { (backoff: inout ObjectReader) throws(Diagnostic) in
                    if let initial = try backoff.optional("initial", { (r: DocumentReader) throws(Diagnostic) in try ServiceDefinition.duration(r) }) {
                        policy.initialBackoff = initial
                    }
                    if let maximum = try backoff.optional("max", { (r: DocumentReader) throws(Diagnostic) in try ServiceDefinition.duration(r) }) {
                        policy.maximumBackoff = maximum
                    }
                    if let reset = try backoff.optional("reset_after", { (r: DocumentReader) throws(Diagnostic) in try ServiceDefinition.duration(r) }) {
                        policy.resetAfter = reset
                    }
                }
            }
            guard policy.initialBackoff <= policy.maximumBackoff else {
                throw object.error(
                    "the back-off starts at \(DurationText.format(policy.initialBackoff)), above its maximum \(DurationText.format(policy.maximumBackoff))",
                    code: "service.restart")
            }
            return policy
        }
    }

    private static func condition(_ reader: DocumentReader, _ text: String) throws(Diagnostic) -> (Condition, Int?) {
        switch text {
        case "always", "unless-stopped": return (.always, nil)
        case "on-failure": return (.onFailure, nil)
        case "never", "no": return (.never, nil)
        default:
            if text.hasPrefix("on-failure:"), let attempts = Int(text.dropFirst("on-failure:".count)), attempts >= 0 {
                return (.onFailure, attempts)
            }
            throw reader.error("unknown restart policy “\(text)”: use always, on-failure (or on-failure:N) or never", code: "service.restart")
        }
    }

    var documentValue: JSONValue {
        var object: [String: JSONValue] = [
            "policy": .string(condition.rawValue),
            "backoff": .object([
                "initial": .string(DurationText.format(initialBackoff)), "max": .string(DurationText.format(maximumBackoff)),
                "reset_after": .string(DurationText.format(resetAfter)),
            ]),
        ]
        if let maximumAttempts { object["max_attempts"] = .integer(maximumAttempts) }
        return .object(object)
    }
}

extension UpdatePolicy {
    /// `update: {strategy, batch_size, health_timeout, auto_rollback, canary: {percent, duration, max_error_rate, auto_promote}}`.
    static func read(_ reader: DocumentReader) throws(Diagnostic) -> UpdatePolicy {
        try reader.object { (object: inout ObjectReader) throws(Diagnostic) -> UpdatePolicy in
            var policy = UpdatePolicy()
            if let strategy = object.reader("strategy") {
                let text = try strategy.oneOf(Strategy.allCases.map(\.rawValue))
                policy.strategy = Strategy(rawValue: text)!
            }
            if let batch = try object.optional("batch_size", Int.self) {
                guard batch >= 1 else { throw object.reader("batch_size")!.error("batch_size is at least 1", code: "service.update") }
                policy.batchSize = batch
            }
            if let timeout = try object.optional("health_timeout", { (r: DocumentReader) throws(Diagnostic) in try ServiceDefinition.duration(r) }) {
                policy.healthTimeout = timeout
            }
            if let rollback = try object.optional("auto_rollback", Bool.self) { policy.autoRollback = rollback }
            try object.optional("canary") { (r: DocumentReader) throws(Diagnostic) in
                try r.object { (canary: inout ObjectReader) throws(Diagnostic) in
                    if let percent = try canary.optional("percent", Double.self) {
                        guard percent > 0, percent <= 100 else { throw canary.reader("percent")!.error("percent is above 0 and at most 100", code: "service.update") }
                        policy.canaryPercent = percent
                    }
                    if let duration = try canary.optional("duration", { (r: DocumentReader) throws(Diagnostic) in try ServiceDefinition.duration(r) }) {
                        policy.canaryDuration = duration
                    }
                    if let rate = try canary.optional("max_error_rate", Double.self) {
                        guard (0...1).contains(rate) else {
                            throw canary.reader("max_error_rate")!.error("max_error_rate is a fraction from 0 to 1 (1% is 0.01)", code: "service.update")
                        }
                        policy.maximumErrorRate = rate
                    }
                    if let promote = try canary.optional("auto_promote", Bool.self) { policy.autoPromote = promote }
                }
            }
            return policy
        }
    }

    var documentValue: JSONValue {
        .object([
            "strategy": .string(strategy.rawValue), "batch_size": .integer(batchSize),
            "health_timeout": .string(DurationText.format(healthTimeout)), "auto_rollback": .bool(autoRollback),
            "canary": .object([
                "percent": Int(exactly: canaryPercent).map(JSONValue.integer) ?? .number(canaryPercent),
                "duration": .string(DurationText.format(canaryDuration)),
                "max_error_rate": .number(maximumErrorRate), "auto_promote": .bool(autoPromote),
            ]),
        ])
    }
}

extension ResourceLimits {
    /// `resources: {memory: 256M, cpus: 0.5}`; compose's `deploy.resources.limits` is mapped by the importer.
    static func read(_ reader: DocumentReader) throws(Diagnostic) -> ResourceLimits {
        try reader.object { (object: inout ObjectReader) throws(Diagnostic) -> ResourceLimits in
            var limits = ResourceLimits()
            if let memory = object.reader("memory") {
                let text = try ServiceDefinition.scalarText(memory)
                guard let bytes = ByteSizeText.parse(text), bytes > 0 else {
                    throw memory.error("“\(text)” is not a size: write 256M, 1G or a number of bytes", code: "service.resources")
                }
                limits.memoryBytes = bytes
            }
            if let cpus = object.reader("cpus") {
                let text = try ServiceDefinition.scalarText(cpus)
                guard let value = Double(text), value > 0 else { throw cpus.error("cpus is a number above 0, like 0.5", code: "service.resources") }
                limits.cpus = value
            }
            return limits
        }
    }

    var documentValue: JSONValue {
        var object: [String: JSONValue] = [:]
        if let memoryBytes { object["memory"] = .string(ByteSizeText.format(memoryBytes)) }
        if let cpus { object["cpus"] = .number(cpus) }
        return .object(object)
    }
}

/// Signal names a definition may give (`stop_signal`), with their numbers on this system.
public enum SignalName {
    public static let numbers: [String: Int32] = [
        "SIGTERM": SIGTERM, "SIGINT": SIGINT, "SIGQUIT": SIGQUIT, "SIGHUP": SIGHUP, "SIGUSR1": SIGUSR1, "SIGUSR2": SIGUSR2, "SIGKILL": SIGKILL,
        "SIGWINCH": SIGWINCH,
    ]

    static func read(_ reader: DocumentReader) throws(Diagnostic) -> String {
        var text = try reader.string().uppercased()
        if !text.hasPrefix("SIG") { text = "SIG" + text }
        guard numbers[text] != nil else {
            throw reader.error("unknown signal “\(try reader.string())”: use one of \(numbers.keys.sorted().joined(separator: ", "))", code: "service.stop-signal")
        }
        return text
    }
}
