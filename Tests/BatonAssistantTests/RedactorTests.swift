import BatonAssistant
import BatonEngine
import BatonWorkflow
import Testing

@Suite("Redaction before text goes to a model")
struct RedactorTests {
    /// Text with a secret in it, and the secret that must not survive.
    struct Case: Sendable, CustomTestStringConvertible {
        var text: String
        var hidden: [String]
        var testDescription: String { text }
    }

    static let secretCases: [Case] = [
        Case(text: "deploy api with PASSWORD=hunter2 and port 8080", hidden: ["hunter2"]),
        Case(text: #"set env {"token": "abc123def456", "replicas": 3}"#, hidden: ["abc123def456"]),
        Case(text: "db:\n  password: Sup3rS3cret!\n  port: 5432", hidden: ["Sup3rS3cret!"]),
        Case(text: "run migrate --password 'p@ss w0rd' --verbose", hidden: ["p@ss w0rd"]),
        Case(text: "run migrate --password=Zx9!qq --verbose", hidden: ["Zx9!qq"]),
        Case(text: "connect to postgres://admin:S3cretPass@db.internal:5432/shop", hidden: ["S3cretPass"]),
        Case(text: "mysql://root:toor@10.0.0.5/app", hidden: ["toor", "10.0.0.5"]),
        Case(text: "curl -H 'Authorization: Bearer eyJhbGciOi.abc123.def456xyz' https://api", hidden: ["eyJhbGciOi.abc123.def456xyz"]),
        Case(text: "use OpenAI key sk-proj-AbCdEfGhIjKlMnOpQrStUv123456 for the bot", hidden: ["sk-proj-AbCdEfGhIjKlMnOpQrStUv123456"]),
        Case(text: "clone with ghp_1234567890abcdefghijABCDEFGHIJ123456", hidden: ["ghp_1234567890abcdefghijABCDEFGHIJ123456"]),
        Case(text: "aws creds AKIAIOSFODNN7EXAMPLE in us-east-1", hidden: ["AKIAIOSFODNN7EXAMPLE"]),
        Case(text: "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", hidden: ["wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"]),
        Case(text: "api_key: 'q1w2e3r4t5'", hidden: ["q1w2e3r4t5"]),
        Case(text: "apiKey=Abc-123-Xyz", hidden: ["Abc-123-Xyz"]),
        Case(text: "stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc", hidden: ["sk_live_4eC39HqLyjWDarjtT1zdp7dc"]),
        Case(text: "the password is hunter2.", hidden: ["hunter2"]),
        Case(text: "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7\nabcDEF==\n-----END RSA PRIVATE KEY-----\nthanks", hidden: ["MIIEpAIBAAKCAQEA7", "abcDEF=="]),
        Case(text: "部署 shop，数据库密码是 mima123456，端口 3000", hidden: ["mima123456"]),
        Case(text: "把令牌：tok_998877665544 配置到 billing 服务", hidden: ["tok_998877665544"]),
        Case(text: "口令=Qwerty!2024，不要告诉别人", hidden: ["Qwerty!2024"]),
        Case(text: "把告警发到 ops@example.com 和 李雷 <lilei@corp.cn>", hidden: ["ops@example.com", "lilei@corp.cn"]),
        Case(text: "the upstream is 192.168.1.20:8080 and the backup 2001:db8::8a2e:370:7334", hidden: ["192.168.1.20", "2001:db8::8a2e:370:7334"]),
        Case(text: "服务器地址 172.16.0.3，管理员邮箱 admin@baton.dev", hidden: ["172.16.0.3", "admin@baton.dev"]),
        Case(text: "client_secret: \"x-y-z-1-2-3\"", hidden: ["x-y-z-1-2-3"]),
        Case(text: "服务器地址172.16.0.3，邮箱admin@baton.dev吧", hidden: ["172.16.0.3", "admin@baton.dev"]),
        Case(text: "用令牌ghp_1234567890abcdefghijABCDEFGHIJ123456克隆仓库", hidden: ["ghp_1234567890abcdefghijABCDEFGHIJ123456"]),
        Case(text: "连接postgres://app:pw123456@db:5432/shop，密钥AKIAIOSFODNN7EXAMPLE", hidden: ["pw123456", "AKIAIOSFODNN7EXAMPLE"]),
        Case(text: "备用地址是fe80::1ff:fe23:4567:890a，记得更新", hidden: ["fe80::1ff:fe23:4567:890a"]),
        Case(text: "SLACK xoxb-123456789012-abcdefghijkl", hidden: ["xoxb-123456789012-abcdefghijkl"]),
    ]

    @Test("secrets, tokens, keys and addresses are replaced by placeholders", arguments: secretCases)
    func hides(_ example: Case) {
        var session = Redactor().session()
        let redacted = session.redact(example.text)
        for value in example.hidden {
            #expect(!redacted.contains(value), "\(value) survived in: \(redacted)")
        }
        #expect(redacted.contains("⟦"))
        #expect(session.restore(redacted) == example.text)
    }

    static let ordinary: [String] = [
        "upgrade checkout to version 1.4.2 with a 10% canary for 30 minutes",
        "deploy shop from image ghcr.io/acme/shop:1.4 on port 3000 with 2 replicas",
        "back up the orders database every night at 2am (0 2 * * *) and keep 7 days",
        "scale api to 5 replicas if the error rate is above 1% for 10m",
        "把 checkout 升级到 v2.3.1，金丝雀 10%，观察半小时",
        "每天凌晨2点备份 orders 数据库，保留 30 天，存到 s3://backups/orders",
        "restart the worker at 10:30:00 and tail the last 200 lines of its log",
        "set the health path to /healthz and the timeout to 5s; cache: redis",
        "listen on 127.0.0.1:8080 and [::1]:8080",
        "the key metric is p99 latency; the monkey test passed; keyword search works",
        "the password is required for the admin user",
        "password: ${ $secrets.db.password }",
        "把 checkout 的副本数调到3个，版本v1.4.2，端口8080，超时30秒",
    ]

    @Test("ordinary text (versions, ports, durations, cron, loopback, words) is left alone", arguments: ordinary)
    func keepsOrdinaryText(_ text: String) {
        var session = Redactor().session()
        #expect(session.redact(text) == text)
    }

    @Test("the same value gets the same placeholder within a session, kinds are numbered apart")
    func stablePlaceholders() {
        var session = Redactor().session()
        let first = session.redact("PASSWORD=hunter22 and mail ops@example.com")
        let second = session.redact("again: token=hunter22, and ops@example.com, and token=other999")
        #expect(first == "PASSWORD=⟦SECRET_1⟧ and mail ⟦EMAIL_1⟧")
        #expect(second == "again: token=⟦SECRET_1⟧, and ⟦EMAIL_1⟧, and token=⟦SECRET_2⟧")
        #expect(session.placeholders == ["⟦SECRET_1⟧": "hunter22", "⟦EMAIL_1⟧": "ops@example.com", "⟦SECRET_2⟧": "other999"])
    }

    @Test("a value hidden once stays hidden wherever it shows up again in the session, even without its name")
    func hiddenValuesStayHidden() {
        var session = Redactor().session()
        _ = session.redact("DB_PASSWORD=Hunter2-Pa55")
        #expect(session.redact("input.database: `Hunter2-Pa55` is not one of `none`, `postgres`") == "input.database: `⟦SECRET_1⟧` is not one of `none`, `postgres`")
    }

    @Test("values of the secret store are hidden wherever they occur, structured secrets too")
    func secretStoreValues() {
        let store = SecretStore(values: ["db": ["username": "shopuser", "password": "plainword"], "short": "abc"])
        var session = Redactor(secrets: store).session()
        let redacted = session.redact("log in as shopuser with plainword; abc is too short to hide")
        #expect(redacted == "log in as ⟦SECRET_1⟧ with ⟦SECRET_2⟧; abc is too short to hide"
            || redacted == "log in as ⟦SECRET_2⟧ with ⟦SECRET_1⟧; abc is too short to hide")
    }

    @Test("e-mail and IP addresses can be left in")
    func addressesOptional() {
        var session = Redactor(options: Redactor.Options(emailAddresses: false, ipAddresses: false)).session()
        let text = "notify ops@example.com about 10.1.2.3"
        #expect(session.redact(text) == text)
    }

    @Test("placeholders in a parsed answer are restored in strings and keys; unknown ones stay")
    func restoresJSON() throws {
        var session = Redactor().session()
        _ = session.redact("PASSWORD=hunter22 for ops@example.com")
        let answer = try JSONValue(jsonText: #"{"env": {"PW": "⟦SECRET_1⟧", "⟦EMAIL_1⟧": ["x ⟦SECRET_1⟧ y", "⟦SECRET_9⟧"]}, "n": 3}"#)
        #expect(session.restore(answer) == ["env": ["PW": "hunter22", "ops@example.com": ["x hunter22 y", "⟦SECRET_9⟧"]], "n": 3])
    }
}
