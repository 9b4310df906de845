import BatonWorkflow
import Foundation
import Synchronization

/// Reads a template's parameters from a request: each parameter by its name's cues (the
/// catalog's parameter names are stable) and its kind's reader (durations, percents, rates,
/// sizes, cron), then names — services, databases — from what is left. What it read and how
/// goes into the reasons.
struct ParameterExtractor: Sendable {
    struct Result {
        var values: [String: JSONValue] = [:]
        var notes: [String] = []
        /// How strongly the request's values point to this template: each value read by a cue
        /// of its own counts one (a setting or an environment pair two); a name found only as a
        /// leftover word counts nothing.
        var evidence: Double = 0
        /// Whether a name was read from a pattern that marks it as one ("called shop", "the shop
        /// service", "shop's"), not only as a word left over.
        var nameMarked = false
    }

    /// Words that are never a service's name: the language of requests about services.
    static let commonWords: Set<String> = [
        "a", "an", "the", "to", "of", "for", "on", "in", "at", "by", "with", "and", "or", "is", "are", "be", "it", "its", "this",
        "that", "these", "those", "my", "our", "your", "me", "us", "we", "i", "you", "please", "pls", "can", "could", "would",
        "should", "will", "want", "wanna", "like", "need", "needs", "some", "from", "into", "as", "so", "do", "does", "did", "let",
        "lets", "just", "now", "then", "up", "down", "out", "off", "over", "all", "every", "each", "any", "new", "old", "current",
        "service", "services", "app", "apps", "application", "applications", "instance", "instances", "replica", "replicas",
        "version", "versions", "release", "image", "port", "ports", "server", "servers", "system", "cluster", "prod", "production",
        "staging", "env", "environment", "config", "configuration", "settings", "setting", "logs", "log", "database", "databases",
        "db", "cache", "it's", "there", "here", "what", "which", "who", "how", "why", "when", "where", "if", "not", "no", "don't",
        "again", "right", "quickly", "asap", "immediately", "one", "ones", "them", "their", "they", "named", "called", "name",
        "hey", "hi", "hello", "thanks", "thank", "ok", "okay", "also", "too", "more", "less", "than", "about", "after", "before",
        "last", "past", "next", "previous", "since", "via", "using", "use", "run", "running", "get", "got", "make", "have", "has",
        "had", "was", "were", "been", "being", "am", "go", "going", "set", "put", "give", "show", "tell", "check", "see", "look",
        "until", "while", "during", "per", "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "week",
        "weeks", "month", "months", "times", "time", "default", "everything", "something", "stuff", "thing", "things",
        "rps", "qps", "requests", "request", "traffic", "percent", "rate", "rolling", "canary", "blue-green", "gb", "g",
        "but", "however", "only", "inside", "within", "across", "onto", "without", "instead", "because", "whether", "there's",
        "through", "against", "toward", "towards", "around", "above", "below", "under", "between", "among", "whatever",
        "whichever", "anyway", "quick", "already", "still", "yet", "even", "maybe", "perhaps", "really", "very",
        "i'd", "i'm", "we're", "you're", "i'll", "we'll", "can't", "won't", "isn't", "aren't", "doesn't",
    ]

    func extract(for template: WorkflowTemplate, from request: NormalizedRequest, knownServices: [String], keywordSpans: [Range<Int>] = []) -> Result {
        var reading = RequestReading(request, notNames: keywordSpans)
        var result = Result()
        let names = Set(template.parameters.map(\.name))
        func set(_ name: String, _ value: JSONValue?, _ note: String? = nil, evidence: Double = 1) {
            guard names.contains(name), let value, result.values[name] == nil else { return }
            result.values[name] = value
            result.evidence += evidence
            if let note { result.notes.append(note) }
        }

        // A name said outright ("called shop", "叫 shop", "the app 'wiki'") comes first: it may be
        // quoted, and quotes are otherwise read as commands.
        if let primary = ["name", "service", "database", "target"].first(where: names.contains),
            let name = reading.firstName(Self.explicitName, where: { Self.isName($0, saidOutright: true) })
        {
            set(primary, .string(Self.trimmed(name)))
            result.nameMarked = true
        }
        // Text that runs as written or points somewhere comes next: it may hold anything.
        if names.contains("repository") { set("repository", reading.first([Self.repository], cased: true).map { .string(Self.trimmed($0)) }) }
        if names.contains("target"), let url = reading.first([Self.url], cased: true) { set("target", .string(Self.trimmed(url))) }
        if names.contains("build_command") || names.contains("test_command") { readBuildAndTest(&reading, set: set) }
        if names.contains("image") { set("image", reading.first([Self.imageCue, Self.imageReference], where: Self.looksLikeImage).map { .string($0) }) }
        if names.contains("cron") || names.contains("schedule") {
            if let found = CronPhrases.read(reading.text), reading.isFree(found.location, found.length) {
                reading.take(found.location, found.length)
                set(names.contains("cron") ? "cron" : "schedule", .string(found.value), "read the schedule as cron `\(found.value)`")
            }
        }
        if names.contains("command") { set("command", readCommand(&reading).map { .string($0) }) }
        if names.contains("engine"), names.contains("version") { set("version", readVersion(&reading, template: template).map { .string($0) }) }
        if names.contains("settings") { set("settings", readAssignments(&reading, cues: false), evidence: 2) }
        if names.contains("env") { set("env", readAssignments(&reading, cues: true), evidence: 2) }
        if names.contains("health_path") { set("health_path", reading.first([Self.healthPath]).map { .string($0) }) }
        if names.contains("destination") { set("destination", reading.first([Self.destination], cased: true).map { .string(Self.trimmed($0)) }) }
        if names.contains("backup") {
            set("backup", reading.first([Self.backupName], cased: true).map { value in
                ["latest", "most recent", "newest", "last", "最新", "最近"].contains(value.lowercased()) ? "latest" : .string(Self.trimmed(value))
            })
        }
        if names.contains("branch") { set("branch", reading.first(Self.branch, cased: true, where: { !Self.commonWords.contains($0.lowercased()) }).map { .string($0) }) }
        if names.contains("filter") {
            // A quoted text is the pattern wherever it is; otherwise the word after a cue.
            let quotedFilter = reading.first([Self.quoted], cased: true)
            set("filter", (quotedFilter ?? reading.first([Self.filter], cased: true)).map { .string(Self.trimmed($0)) })
        }

        // Enumerations, by their words and synonyms.
        for parameter in template.parameters {
            guard let choices = parameter.enumValues, result.values[parameter.name] == nil else { continue }
            if let value = readChoice(&reading, parameter: parameter.name, choices: choices) { set(parameter.name, .string(value)) }
        }
        if names.contains("version") { set("version", readVersion(&reading, template: template).map { .string($0) }) }
        if names.contains("revision") {
            set("revision", reading.first([Self.revision]).map { value in
                value.first?.isNumber == true || value.first?.isLetter == true && value.dropFirst().first?.isNumber == true ? .string(value) : "previous"
            })
        }

        // Numbers with their units and cues.
        if names.contains("max_error_rate") {
            let view = reading
            let rates = ValueReaders.percents(in: reading.text)
            if let rate = reading.first(rates, where: { view.cueBefore($0.location, within: 28, Self.errorCues) || view.nextWords(after: $0.end, startWith: Self.errorCues) }) {
                set("max_error_rate", .number(rate / 100), "read the error-rate limit \(Self.format(rate))% as \(Self.format(rate / 100))")
            } else if let decimal = reading.first([Self.decimalRate]) .flatMap(Double.init) {
                set("max_error_rate", .number(decimal))
            }
        }
        for name in ["canary_percent", "target_cpu_percent"] where names.contains(name) {
            if let percent = reading.first(ValueReaders.percents(in: reading.text)) { set(name, Self.number(percent)) }
        }
        if names.contains("storage_gb"), let size = reading.first(ValueReaders.sizes(in: reading.text)) { set("storage_gb", .integer(size)) }
        if names.contains("rps") { set("rps", reading.first([Self.rps]).flatMap(Int.init).map(JSONValue.integer)) }
        if names.contains("port") { set("port", reading.first([Self.port]).flatMap(Int.init).map(JSONValue.integer)) }
        if names.contains("min_replicas") || names.contains("max_replicas") { readBounds(&reading, into: &result, names: names) }
        if names.contains("batch_size") { set("batch_size", reading.first([Self.batchSize]).flatMap(Int.init).map(JSONValue.integer)) }
        if names.contains("replicas") {
            let patterns = template.parameter("replicas")?.required == true ? [Self.replicaCount, Self.scaleTarget] : [Self.replicaCount]
            set("replicas", reading.first(patterns).flatMap(Int.init).map(JSONValue.integer))
        }
        for name in ["retention_days", "older_than_days"] where names.contains(name) {
            let cue = name == "retention_days" ? Self.retentionCue : Self.olderThanCue
            let durations = ValueReaders.durations(in: reading.text)
            let view = reading
            let cued = reading.first(durations, where: { view.cueBefore($0.location, within: 20, cue) || view.nextWords(after: $0.end, startWith: Self.olderThanAfter) })
            // cleanup has no other duration: any one there is its age.
            let seconds = cued ?? (name == "older_than_days" ? reading.first(durations) : nil)
            if let seconds {
                let days = max(1, Int((Double(seconds) / 86400).rounded()))
                set(name, .integer(days), "read \(name) as \(days) days", evidence: cued == nil ? 0 : 1)
            }
        }
        for name in ["duration", "since", "health_timeout", "horizon"] where names.contains(name) {
            let view = reading
            if let seconds = reading.first(ValueReaders.durations(in: reading.text), where: { !view.isStatusCode($0) }) {
                set(name, .integer(seconds), "read \(name) as \(seconds) seconds")
            } else if name == "horizon", let seconds = reading.first([Self.nextPeriod]).flatMap(Self.periodSeconds) {
                set(name, .integer(seconds), "read the horizon as \(seconds) seconds")
            }
        }

        // Yes/no settings, by the phrases that turn them off (or on).
        for (name, off, on) in Self.switches where names.contains(name) {
            if reading.first([off]) != nil { set(name, false) } else if let on, reading.first([on]) != nil { set(name, true) }
        }
        if names.contains("secret") { set("secret", readSecret(&reading).map { .string($0) }) }
        if names.contains("deploy_service") { set("deploy_service", reading.first([Self.deployTarget]).map { .string($0) }) }

        // "All services" for a parameter whose default is all of them.
        for parameter in template.parameters where parameter.defaultValue == "all" && result.values[parameter.name] == nil {
            if reading.first([Self.allServices]) != nil { set(parameter.name, .string("all"), evidence: 0) }
        }
        // Names last, from what no other value took.
        let nameParameters = template.parameters.filter { ["service", "target", "scope", "database", "name"].contains($0.name) }
            .filter { result.values[$0.name] == nil && $0.enumValues == nil }
        if !nameParameters.isEmpty {
            let excluded = Self.commonWords
            for parameter in nameParameters {
                guard let (name, explicit, marked) = readName(&reading, for: parameter, template: template, excluded: excluded, knownServices: knownServices) else { continue }
                set(parameter.name, .string(name), evidence: explicit ? 1 : 0)
                if marked { result.nameMarked = true }
            }
        }
        return result
    }

    // MARK: Names

    private static let versionLike = Pattern(#"^v?\d+(\.\d+)+$"#)
    private static let timeOfDay = Pattern(#"^\d{1,2}:\d{2}$"#)
    private static let hostAndPort = Pattern(#"^(?:port|localhost|127\.0\.0\.1)\b"#)

    /// A name said outright ("called report") may be any word but the few that never are.
    static func isName(_ word: String, saidOutright: Bool = false) -> Bool {
        let word = trimmed(word)
        guard !word.isEmpty, !commonWords.contains(word), saidOutright || !Lexicon.english.contains(word), word.first?.isLetter == true || word.first?.isNumber == true else { return false }
        if word.allSatisfy(\.isNumber) { return false }
        if versionLike.contains(in: word) { return false }
        return true
    }

    private static let explicitName = [
        Pattern(#"\b(?:called|named|name it|name:|name is|named as|naming it|with (?:the )?name|call it|calling it|call the (?:job|service|app|worker|database)) ?["'`]?([a-z0-9][a-z0-9._-]*)["'`]?"#),
        Pattern(#"(?:叫做?|名为|名叫|名字是|名字叫|命名为|取名为?|名称为|名称是|名字为) ?["'`]?([a-z0-9][a-z0-9._-]*)["'`]?"#),
        Pattern(#"\b(?:app|application|service|worker|job|database|site|website) ["'`]([a-z0-9][a-z0-9._-]*)["'`]"#),
    ]
    private static let nounName = [
        Pattern(#"\b(?:service|app|application|worker|database|db|job|site|website|cache) "?([a-z0-9][a-z0-9._-]*)"?"#),
        Pattern(#"\b([a-z0-9][a-z0-9._-]*) (?:service|services|app|application|worker|database|db|job|deployment|instance|instances|server|cluster|site|website|backend|frontend|logs?|container|pods?|replicas)\b"#),
        Pattern(#"\b([a-z0-9][a-z0-9._-]*)'s\b"#),
        Pattern(#"([a-z0-9][a-z0-9._-]*) ?(?:服务|应用|数据库|实例|任务|集群|站点|网站|库)"#),
        Pattern(#"(?:服务|应用|数据库|任务) ?"?([a-z0-9][a-z0-9._-]*)"#),
        Pattern(#"(?:把|将|给|对|让|帮|为) ?([a-z0-9][a-z0-9._-]*)"#),
        Pattern(#"([a-z0-9][a-z0-9._-]*) ?的"#),
    ]
    private static let anyWord = Pattern(#"(?<![\w./:@='-])([a-z][a-z0-9._-]*[a-z0-9]|[a-z])(?![\w/@=]|:\S)"#)
    private static let identifier = Pattern(#"(?<![\w./:@='-])([a-z][a-z0-9]*(?:[-_][a-z0-9]+)+)(?![\w/@=]|:\S)"#)
    private static let afterPreposition = Pattern(#"\b(?:for|from|of|on|in|inside|within|to|at|against) (?:the |service |app )?"?([a-z0-9][a-z0-9._-]*)"?"#)
    private static let allServices = Pattern(#"\b(?:all|every|each|everything|entire|whole)\b|所有|全部|每个服务|整个|全体|一切"#)

    /// The name a parameter refers to, and whether the request said it outright ("called X").
    /// In order: "called X" / "叫X"; a known service; "the X service", "X 服务", "X's"; after a
    /// preposition ("logs for X"); any word left that is not a word of requests.
    private func readName(
        _ reading: inout RequestReading, for parameter: TemplateParameter, template: WorkflowTemplate, excluded: Set<String>, knownServices: [String]
    ) -> (name: String, explicit: Bool, marked: Bool)? {
        let known = Set(knownServices.map { $0.lowercased() })
        if let name = reading.firstName(Self.explicitName, where: { Self.isName($0, saidOutright: true) }) { return (Self.trimmed(name), true, true) }
        if !known.isEmpty, let name = reading.firstName([Self.anyWord], where: { known.contains(Self.trimmed($0)) }) { return (Self.trimmed(name), true, true) }
        // "the X database" gives a database parameter its name; "the X service" a service.
        if let name = reading.firstName(Self.nounName, where: { Self.isName($0) }) {
            let name = Self.trimmed(name)
            // Marked as a service's name only by what follows it: "cart service", "cart's", "cart 服务".
            let marked = [" service", "'s", " 服务", " app", " 应用", " database", " 数据库"].contains { reading.text.contains(name + $0) }
            return (name, false, marked)
        }
        // A name with a hyphen or a digit ("fx-rates", "tiles-v1") is a name wherever it stands.
        if let name = reading.firstName([Self.identifier], where: { Self.isName($0) }) { return (Self.trimmed(name), false, true) }
        if let name = reading.firstName([Self.anyWord], where: { Self.isName($0) && !excluded.contains(Self.trimmed($0)) }) { return (Self.trimmed(name), false, false) }
        return nil
    }

    // MARK: Commands and text

    private static let quoted = Pattern(#"["`]([^"`]+)["`]|(?<![a-z])'([^']+)'(?![a-z])"#)
    private static let commandCue = Pattern(
        #"\b(?:running|run|runs|command|cmd|execute|exec|executing|start(?:ed)? with|launch(?:ed)? with|which runs|that runs|using the command|with the command|with command|command is|invoke)\b:? ?(.+?)(?= (?:on port|with|and|every|at|in (?:the |service )|inside|on (?:the |service )|for|as|called|named|using|from|to|against|then|replicas|,)\b|[,;]|\.(?: |$)|$)"#
    )
    private static let chineseCommandCue = Pattern(#"(?:运行|执行|启动命令(?:是|为)?|命令(?:是|为)?|跑) ?:? ?([a-z0-9./_~$-][^\p{Han},;]*)"#)

    private func readCommand(_ reading: inout RequestReading) -> String? {
        if let command = reading.first([Self.quoted], cased: true) { return command }
        if let command = reading.first([Self.chineseCommandCue], cased: true, where: { !$0.isEmpty && !$0.split(separator: " ").first!.allSatisfy(\.isNumber) }) { return Self.trimmed(command) }
        return reading.first([Self.commandCue], cased: true, where: { text in
            let word = text.split(separator: " ").first.map(String.init) ?? ""
            return !["a", "an", "the", "it", "this", "that", "them", "every", "in", "on"].contains(word.lowercased()) && !word.allSatisfy(\.isNumber)
        }).map(Self.trimmedCommand)
    }

    /// Quoted commands go to the build or the test command by the word nearest before or after
    /// them ("build with `make`", "`go test ./...` for tests", "测试命令 `npm test`").
    private func readBuildAndTest(_ reading: inout RequestReading, set: (String, JSONValue?, String?, Double) -> Void) {
        for match in Self.quoted.matches(in: reading.text) where reading.isFree(match.location, match.length) {
            let group = match[1] != nil ? 1 : 2
            guard let command = reading.request.cased(match, group: group) else { continue }
            let nsText = reading.text as NSString
            let before = nsText.substring(with: NSRange(location: max(0, match.location - 24), length: min(24, match.location)))
            let afterLength = min(16, nsText.length - match.location - match.length)
            let after = nsText.substring(with: NSRange(location: match.location + match.length, length: max(0, afterLength)))
            let testCue = ["test", "测试"], buildCue = ["build", "compile", "构建", "编译"]
            // A command that says what it does ("make test", "go build ./...") goes by its words.
            let lowered = command.lowercased()
            if testCue.contains(where: lowered.contains) != buildCue.contains(where: lowered.contains) {
                reading.take(match.location, match.length)
                set(testCue.contains(where: lowered.contains) ? "test_command" : "build_command", .string(command), nil, 1)
                continue
            }
            let lastTest = testCue.compactMap { before.range(of: $0, options: .backwards)?.lowerBound }.max()
            let lastBuild = buildCue.compactMap { before.range(of: $0, options: .backwards)?.lowerBound }.max()
            let kind: String?
            switch (lastTest, lastBuild) {
            case let (test?, build?): kind = test > build ? "test_command" : "build_command"
            case (_?, nil): kind = "test_command"
            case (nil, _?): kind = "build_command"
            default: kind = testCue.contains(where: after.contains) ? "test_command" : buildCue.contains(where: after.contains) ? "build_command" : nil
            }
            if let kind {
                reading.take(match.location, match.length)
                set(kind, .string(command), nil, 1)
            }
        }
    }

    private static let repository = Pattern(#"(?:\brepo(?:sitory)?|仓库) ?:? ?([a-z0-9][\w.-]*/[\w.-]+)|([a-z0-9][\w.-]*/[\w.-]+) ?(?:仓库|repo(?:sitory)?\b)|((?:https?|ssh|git|file)://[^\s,;"'`]+|git@[^\s,;"'`]+|\b(?:github|gitlab|bitbucket|gitee)\.(?:com|org)/[\w.-]+/[\w.-]+|(?<![\w.])/[\w./-]+\.git\b)"#)
    private static let url = Pattern(#"((?:https?)://[^\s,;"'`]+)"#)
    private static let imageCue = Pattern(#"(?:\bimage|镜像|\bcontainer) ?(?:is|of|:|=|为|是|用|使用)? ?["`']?([a-z0-9][\w./-]*(?::[\w.-]+)?(?:@sha256:[0-9a-f]+)?)"#)
    private static let imageReference = Pattern(#"(?<![\w/.:@-])((?:[a-z0-9.-]+(?::\d+)?/)?[a-z0-9][\w.-]*(?:/[\w.-]+)*:[\w][\w.-]*|[a-z0-9.-]+\.[a-z]{2,}(?::\d+)?/[\w./-]+(?::[\w.-]+)?)(?![\w/:])"#)

    static func looksLikeImage(_ text: String) -> Bool {
        guard !text.contains("://"), text.count > 1 else { return false }
        if timeOfDay.contains(in: text) || hostAndPort.contains(in: text) { return false }
        return text.contains(":") || text.contains("/") || text.contains(".") || text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
    }

    private static let healthPath = Pattern(#"(?:health(?: ?check)?(?: path| endpoint| url| route)?|健康检查(?:路径|地址|接口)?) ?(?:at|on|is|of|:|=|为|是|用)? ?["`']?(/[\w./-]*)"#)
    private static let destination = Pattern(#"(?:\b(?:to|into|in|under|at|destination:?)|到|存到|存放到|保存到|放到) ?["`']?((?:s3|gs|https?|file)://[^\s,;"'`]+|/[\w./-]+|~/[\w./-]*)"#)
    private static let backupName = Pattern(#"(?:\bbackup|\bsnapshot|\bdump|备份|快照)(?: file| named| called| id)? ?:? ?["'`]?((?:/|~/)[\w./-]+|[a-z][\w.-]*\d[\w.:-]*|\d{4}-?\d{2}-?\d{2}[\w.:-]*)|((?:/|~/)[\w./-]+\.(?:dump|sql|gz|tar|bak|backup|rdb))|\b(latest|most recent|newest|last) backup\b|(最新|最近)的? ?备份"#)
    private static let branch = [
        Pattern(#"\b(?:branch|分支) ?(?:is|named|called|:|=)? ?["`']?([a-z0-9][\w./-]*)"#),
        Pattern(#"\b([a-z0-9][\w./-]*) branch\b"#),
        Pattern(#"([a-z0-9][\w./-]*) ?分支"#),
    ]
    private static let filter = Pattern(#"(?:\b(?:containing|contains|contain|matching|match|matches|mentioning|mention|with the (?:text|word|string|message)|grep(?: for)?|search(?:ing)? for|filter(?:ed)? by|filter|that say|saying|about|with keyword|keyword)|包含|含有|关键字|关键词|匹配|搜索|查找|过滤) ?:? ?["`']([^"`']+)["`']|(?:\b(?:containing|contains|matching|mentioning|grep(?: for)?|search(?:ing)? for|saying|keyword|filter(?:ed)? by)|包含|含有|关键字|关键词|匹配|搜索|查找|过滤|有没有|是否有|出现|搜一下|搜索一下|找一下|搜) ?:? ?([a-z0-9_.:/-]*[a-z0-9_])"#)

    // MARK: Assignments

    private static let assignment = Pattern(#"(?<![\w./-])([A-Za-z_][A-Za-z0-9_.]*) ?= ?("[^"]*"|'[^']*'|[^\s,;]+)"#)
    private static let setTo = Pattern(#"(?<![\w.-])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)(?: setting| variable| env var| option| flag)? (?:to|as) ("[^"]*"|'[^']*'|[^\s,;]+)"#)
    private static let chineseSetTo = Pattern(#"([A-Za-z_][A-Za-z0-9_.]*) ?(?:的值|配置项?|设置|参数|变量|环境变量)? ?(?:设置为|设置成|设为|改为|改成|调整为|调整成|调为|调成|修改为|修改成|换成|变成|配置为|配置成|=) ?("[^"]*"|'[^']*'|[^\s,;\p{Han}]+)"#)

    private func readAssignments(_ reading: inout RequestReading, cues: Bool) -> JSONValue? {
        var pairs: [String: JSONValue] = [:]
        let patterns = cues ? [Self.assignment] : [Self.assignment, Self.setTo, Self.chineseSetTo]
        for pattern in patterns {
            for match in pattern.matches(in: reading.request.cased) where reading.isFree(match.location, match.length) {
                guard let key = match[1], let raw = match[2] else { continue }
                let skip: Set<String> = ["port", "replicas", "to", "the", "http", "https"]
                if skip.contains(key.lowercased()) { continue }
                reading.take(match.location, match.length)
                pairs[key] = Self.settingValue(raw)
            }
        }
        return pairs.isEmpty ? nil : .object(pairs)
    }

    static func settingValue(_ raw: String) -> JSONValue {
        var text = raw.trimmingCharacters(in: CharacterSet(charactersIn: ".。"))
        if (text.hasPrefix("\"") && text.hasSuffix("\"") || text.hasPrefix("'") && text.hasSuffix("'")) && text.count >= 2 {
            text = String(text.dropFirst().dropLast())
            return .string(text)
        }
        if let integer = Int(text) { return .integer(integer) }
        if let number = Double(text), text.contains(".") , !text.hasSuffix(".") , text.filter({ $0 == "." }).count == 1 { return .number(number) }
        if text.lowercased() == "true" { return .bool(true) }
        if text.lowercased() == "false" { return .bool(false) }
        return .string(text)
    }

    // MARK: Choices and versions

    private static let synonyms: [String: [String]] = [
        "postgres": ["postgres", "postgresql", "pg", "pgsql", "psql"],
        "mysql": ["mysql", "mariadb"],
        "mongodb": ["mongodb", "mongo"],
        "redis": ["redis"],
        "memcached": ["memcached", "memcache"],
        "error": ["error", "errors", "err", "错误", "报错", "异常", "fatal"],
        "warn": ["warn", "warning", "warnings", "警告"],
        "info": ["info"],
        "debug": ["debug", "调试"],
    ]

    /// One compiled pattern per choice word, shared by every request.
    private static let wordPatterns: Mutex<[String: Pattern]> = Mutex([:])

    private static func wordPattern(_ word: String) -> Pattern {
        wordPatterns.withLock { patterns in
            if let pattern = patterns[word] { return pattern }
            let escaped = NSRegularExpression.escapedPattern(for: word)
            let pattern = word.unicodeScalars.contains(where: \.isHan) ? Pattern(escaped) : Pattern(#"(?<![\w-])"# + escaped + #"(?![\w-])"#)
            patterns[word] = pattern
            return pattern
        }
    }

    private func readChoice(_ reading: inout RequestReading, parameter: String, choices: [String]) -> String? {
        var best: (location: Int, length: Int, value: String)?
        for choice in choices where choice != "none" && choice != "any" {
            for word in Self.synonyms[choice] ?? [choice] {
                let isHan = word.unicodeScalars.contains(where: \.isHan)
                let pattern = Self.wordPattern(word)
                for match in pattern.matches(in: reading.text) where reading.isFree(match.location, match.length) {
                    // A log level is a level only near words about logs or levels.
                    if parameter == "level", !isHan, !reading.cueAround(match.location, length: match.length, within: 24, ["log", "level", "line", "message", "日志", "级别", "only", "show"]) { continue }
                    if best == nil || match.location < best!.location { best = (match.location, match.length, choice) }
                    break
                }
            }
        }
        guard let best else { return nil }
        reading.take(best.location, best.length)
        return best.value
    }

    private static let version = [
        Pattern(#"\b(?:version|ver|release|tag|build|to|at|on|->|→) ?:? ?(v?\d+(?:\.\d+)*(?:[-+][\w.]+)?|[a-z][\w-]*-\d[\w.-]*)(?![\w.%])(?! ?(?:replicas?|instances?|%|percent|minutes?|seconds?|hours?|mins?|secs?|h|m|s)\b)"#),
        Pattern(#"(?:版本|到|至|为|成|升级到|更新到) ?:? ?(v?\d+(?:\.\d+)*(?:[-+][\w.]+)?)(?![\w.%])(?! ?(?:个|%|分钟|秒|小时|副本|实例))"#),
        Pattern(#"(?<![\w.:/-])(v\d+(?:\.\d+)*(?:[-+][\w.]+)?)(?![\w.])"#),
        Pattern(#"(?<![\w.:/-])(\d+\.\d+(?:\.\d+)*(?:[-+][\w.]+)?)(?![\w.%])"#),
        Pattern(#"(?<![\w./-])[a-z0-9][\w.-]*(?:/[\w.-]+)*:([\w][\w.-]*)(?![\w/:])"#),
    ]
    private static let engineVersion = Pattern(#"(?:postgres(?:ql)?|pg|mysql|mariadb|mongo(?:db)?|redis|memcached) ?(?:version |v)?(\d+(?:\.\d+)*)(?![\w.])"#)

    private func readVersion(_ reading: inout RequestReading, template: WorkflowTemplate) -> String? {
        if template.parameter("engine") != nil {
            // Only the number is taken: the engine's name is the engine parameter's.
            for match in Self.engineVersion.matches(in: reading.text) where reading.isFree(match.ranges[1].location, match.ranges[1].length) {
                reading.take(match.ranges[1].location, match.ranges[1].length)
                return match[1]
            }
            return reading.first([Self.version[0], Self.version[1]], where: { $0.contains(".") || $0.hasPrefix("v") })
        }
        return reading.first(Self.version)
    }

    private static let revision = Pattern(#"\b(?:revision|rev|version) ?#? ?([a-z]?\d+(?:\.\d+)*(?:[-+][\w.]+)?)(?![\w.])|(?:到|至|回) ?([a-z]\d+)(?![\w.])|(?:第 ?(\d+) ?(?:个)?(?:版本|修订)|修订版? ?(\d+)|版本 ?(\d+)(?![\d.]))|(?:\bto|到|至|回) ?(v?\d+(?:\.\d+)+(?:[-+][\w.]+)?|v\d+)(?![\w.])|\b(previous|prior|last good|last working|earlier) (?:version|revision|release|one|build)\b|(上一个?版本|上个版本|之前的版本|前一个版本|上一版)"#)

    // MARK: Numbers

    private static let errorCues = ["error", "err ", "fail", "5xx", "错误", "失败", "报错", "异常"]
    private static let decimalRate = Pattern(#"(?:error|fail|错误|失败)[^\d]{0,24}(0?\.\d+)"#)
    private static let rps = Pattern(#"(\d+) ?(?:rps|qps|req/s|reqs/s|requests?/s(?:ec)?|requests? (?:per|a|each) second|calls? per second|并发|个请求每秒)|(?:每秒|qps|rps) ?:? ?(\d+)"#)
    private static let port = Pattern(#"(?:\bport|端口号?|listen(?:ing|s)? on|on) ?(?:number|is|of|:|=|为|是|用)? ?:?(\d{2,5})\b(?! ?(?:replicas?|instances?|%|rps|个))"#)
    private static let replicaCount = Pattern(#"(?<![\w./-])x ?(\d+)(?![\w.])|(\d+) ?(?:x )?(?:replicas?|instances?|copies|pods?|nodes?|containers?|processes|workers?)\b|(\d+) ?(?:个|台|份)? ?(?:副本|实例|节点|容器|pod|进程|worker)"#)
    private static let scaleTarget = Pattern(#"\b(?:to|=|at) ?(\d+)\b(?! ?(?:%|percent|minutes?|seconds?|hours?))|(?:到|至|成|为) ?(\d+)(?! ?(?:%|分钟|秒|小时))|\bx ?(\d+)\b"#)
    private static let batchSize = Pattern(#"(\d+) (?:instances? |replicas? |pods? )?(?:at a time|per batch|in each batch|each batch)|\bbatch(?:es)?(?: size)?(?: of)? ?:? ?(\d+)|每批 ?(\d+)|每次 ?(\d+) ?个"#)
    private static let nextPeriod = Pattern(#"\b(?:next|coming|upcoming|following) (day|week|month|hour|24 hours)\b|\b(tomorrow)\b|(明天|下周|下个?星期|下个?月|未来一天|未来一周|下一周)"#)
    private static let retentionCue = ["keep", "retain", "retention", "保留", "保存", "留"]
    private static let olderThanCue = ["older than", "over", "more than", "before", "keep", "last", "超过", "保留", "最近"]
    private static let olderThanAfter = ["ago", "old", "以前", "之前", "前的", "前"]

    static func periodSeconds(_ word: String) -> Int? {
        switch word {
        case "day", "tomorrow", "24 hours", "明天", "未来一天": 86400
        case "week", "下周", "下星期", "下个星期", "未来一周", "下一周": 604_800
        case "month", "下月", "下个月": 2_592_000
        case "hour": 3600
        default: nil
        }
    }

    private static let bounds = Pattern(#"\bbetween (\d+) and (\d+)\b|\bfrom (\d+) to (\d+)\b|(\d+) ?(?:-|~|to|到|至) ?(\d+) ?(?:replicas|instances|pods|个|台|副本|实例)"#)
    private static let lowerBound = Pattern(#"\b(?:min(?:imum)?|at least|no fewer than|no less than|floor of|floor)(?: of)?(?: replicas| instances)? ?:? ?=? ?(\d+)\b|(?:最少|最小|至少|最低|下限)(?:是|为)?(?:副本数?|实例数?)? ?:? ?(\d+)"#)
    private static let upperBound = Pattern(#"\b(?:max(?:imum)?|at most|up to|no more than|not more than|cap(?:ped)? at|ceiling of|ceiling)(?: of)?(?: replicas| instances)? ?:? ?=? ?(\d+)\b|(?:最多|最大|至多|最高|不超过|上限|封顶)(?:是|为)?(?:副本数?|实例数?)? ?:? ?(\d+)"#)

    private func readBounds(_ reading: inout RequestReading, into result: inout Result, names: Set<String>) {
        for match in Self.bounds.matches(in: reading.text) where reading.isFree(match.location, match.length) {
            let numbers = match.groups.dropFirst().compactMap { $0.flatMap(Int.init) }
            guard numbers.count == 2 else { continue }
            reading.take(match.location, match.length)
            result.values["min_replicas"] = .integer(min(numbers[0], numbers[1]))
            result.values["max_replicas"] = .integer(max(numbers[0], numbers[1]))
            result.evidence += 2
            return
        }
        if let low = reading.first([Self.lowerBound]).flatMap(Int.init) {
            result.values["min_replicas"] = .integer(low)
            result.evidence += 1
        }
        if let high = reading.first([Self.upperBound]).flatMap(Int.init) {
            result.values["max_replicas"] = .integer(high)
            result.evidence += 1
        }
    }

    // MARK: Switches

    /// Each boolean parameter with the phrases that set it false and (optionally) true.
    private static let switches: [(String, Pattern, Pattern?)] = [
        ("auto_rollback",
         Pattern(#"\b(?:no|without|skip|disable|disabling|turn off)(?: the)? (?:auto(?:matic)?[- ]?|automatically )?roll ?-?backs?\b|\b(?:don't|do not|never|dont)(?: automatically| auto)? roll(?: it)? ?-?back\b|\b(?:don't|do not|never|dont|no) auto-?roll ?-?back\b|(?:不要|不需要|无需|别|禁止|禁用|关闭|不用|不)(?: ?自动)? ?回滚"#),
         Pattern(#"\b(?:auto(?:matic)?[- ]?roll ?-?back|roll ?-?back automatically|with rollback|roll (?:it )?back (?:automatically )?(?:if|on|when))\b|(?:自动回滚|失败(?:就|则|时)?回滚)"#)),
        ("auto_promote",
         Pattern(#"\b(?:no|without|skip|disable)(?: the)? auto(?:matic)?[- ]?promot\w*|\b(?:don't|do not|never|dont) (?:auto(?:matically)?[- ]?)?promot\w*|\bmanual(?:ly)? promot\w*|\bpromot\w* manually\b|\bwait for (?:me|my|approval|manual)|(?:不要|不需要|无需|别|禁止|不)(?: ?自动)? ?(?:全量|推广|晋升|提升|promote|放量)|手动 ?(?:全量|推广|晋升|promote|确认|放量)"#),
         Pattern(#"\bauto(?:matically)?[- ]?promot\w*|\bpromot\w* automatically\b|自动 ?(?:全量|推广|晋升|promote|放量)"#)),
        ("rolling",
         Pattern(#"\ball at once\b|\bat (?:the same|once)\b|\bsimultaneous(?:ly)?\b|\bnot? rolling\b|\bnon-rolling\b|\bwithout rolling\b|\bin one go\b|\ball together\b|\bat the same time\b|\bhard restart\b|一次性|同时|全部一起|一起重启|不要滚动|非滚动|不滚动|全部重启"#),
         Pattern(#"\b(?:one|1) (?:instance |replica |pod )?(?:by|at a) (?:one|1|time)\b|\brolling\b|逐个|滚动|依次|一个一个|挨个"#)),
        ("keep_data",
         Pattern(#"\b(?:delete|remove|wipe|drop|purge|destroy|erase|including|and|with) (?:its |the |all |their |all of its |all the )?(?:data|volumes?|storage|files)\b|\b(?:don't|do not|no need to) keep (?:the |its )?data\b|\bwithout keeping\b|(?:删除|清除|清空|删掉|不保留|不要保留|连同|包括)(?: ?所有| ?它的| ?其)? ?(?:数据|存储|文件)|数据也?(?:一起|一并)?(?:删|清)|数据(?:也)?不要了|不要数据|数据不用留"#),
         Pattern(#"\bkeep(?:ing)? (?:the |its |all )?(?:data|volumes?|files)\b|\b(?:but )?(?:preserve|retain) (?:the |its )?data\b|保留(?: ?所有| ?它的| ?其)? ?数据"#)),
        ("restart",
         Pattern(#"\b(?:without|no|don't|do not|dont|skip|avoid|no need to)(?: a| the| any)? restart(?:ing)?\b|\bno restart\b|(?:不要|不需要|无需|别|不用|不|先不|暂不) ?重启"#),
         Pattern(#"\b(?:and|then) restart\b|\brestart (?:it|after|afterwards)\b|(?:并|然后|再)重启"#)),
    ]

    // MARK: Secrets and targets

    private static let secretName = [
        Pattern(#"\b(?:secret|credential|credentials|password|key|token|certificate|cert)(?: named| called|:)? ["`']?([a-z0-9][\w.-]*[_-][\w.-]+)["`']?"#),
        Pattern(#"(?<![\w.-])([a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?![\w.-])"#),
        Pattern(#"\b([a-z0-9]+(?:[-_][a-z0-9]+)+) (?:secret|password|key|token|certificate|cert|credentials?)\b"#),
        Pattern(#"(?<![\w.])([a-z][a-z0-9]*(?:-[a-z0-9]+)*-(?:password|passwd|key|token|secret|cert|certificate|credentials?))(?![\w.])"#),
        Pattern(#"\b([a-z0-9][\w.-]*) (?:secret)\b"#),
        Pattern(#"\b(?:rotate|rotating|regenerate|renew|轮换|更换) (?:the )?([a-z0-9]+(?:[-_][a-z0-9]+)+)(?![\w.'-])(?! (?:service|svc|app)\b)"#),
    ]
    private static let secretKind = Pattern(#"\b(?:(api|db|database|tls|ssl|jwt|access|admin|root|redis|postgres|mysql|smtp|signing|encryption|session|oauth|webhook|registry|deploy|service|master|private) ?[- ]?)?(password|passwd|key|token|certificate|cert|secret)s?\b|(数据库|api|管理员|root)? ?(密码|密钥|令牌|证书|token|key|秘钥)"#)

    private func readSecret(_ reading: inout RequestReading) -> String? {
        if let name = reading.first(Self.secretName, where: { Self.isName($0) }) { return Self.trimmed(name) }
        for match in Self.secretKind.matches(in: reading.text) where reading.isFree(match.location, match.length) {
            reading.take(match.location, match.length)
            let chineseKinds = ["密码": "password", "密钥": "key", "秘钥": "key", "令牌": "token", "证书": "certificate"]
            let chinesePrefixes = ["数据库": "db", "管理员": "admin"]
            let prefix = match[1] ?? match[3].map { chinesePrefixes[$0] ?? $0 }
            let kind = match[2] ?? match[4].map { chineseKinds[$0] ?? $0 } ?? "secret"
            let normalizedPrefix = prefix == "database" ? "db" : prefix
            // "a secret", "the key" alone name nothing: the question asks which.
            if normalizedPrefix == nil { continue }
            return [normalizedPrefix, kind].compactMap { $0 }.joined(separator: "-")
        }
        return nil
    }

    private static let deployTarget = Pattern(#"\b(?:deploy|ship|release|push|roll out)(?: it| the (?:result|build|code|app))?(?: out)? (?:to|into|onto|on) (?:the )?([a-z0-9][\w.-]*)(?: service)?|(?:部署到|发布到|上线到|更新到) ?([a-z0-9][\w.-]*)"#)

    // MARK: Helpers

    /// A command as written: trailing punctuation and quotes go, a leading `./` stays.
    static func trimmedCommand(_ text: String) -> String {
        var command = text.trimmingCharacters(in: CharacterSet(charactersIn: " \"'`"))
        while let last = command.last, ",;:!?".contains(last) || (last == "." && !command.hasSuffix("..")) { command.removeLast() }
        return command
    }

    static func trimmed(_ text: String) -> String {
        text.trimmingCharacters(in: CharacterSet(charactersIn: " .,;:!?)(\"'`"))
    }

    static func number(_ value: Double) -> JSONValue {
        value.rounded() == value && abs(value) < 1e15 ? .integer(Int(value)) : .number(value)
    }

    static func format(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(value)
    }
}
