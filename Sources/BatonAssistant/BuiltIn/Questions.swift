import BatonWorkflow

/// The clarifying question for missing parameters, in the request's language: what the plan
/// will do, and each missing value with what it is.
enum Questions {
    private static let chineseLabels: [String: String] = [
        "name": "名称", "service": "服务名", "command": "启动命令", "image": "镜像", "version": "新版本",
        "replicas": "实例数", "max_replicas": "最大实例数", "database": "数据库名", "engine": "数据库类型（postgres、mysql、mongodb 或 redis）",
        "secret": "要轮换的密钥名", "settings": "要修改的配置（键=值）", "repository": "代码仓库地址", "cron": "执行时间（如 每天凌晨2点）",
        "target": "目标服务或 URL",
    ]

    static func ask(for missing: [String], template: WorkflowTemplate, language: RequestLanguage) -> String {
        var items: [String] = []
        var listed = Set<String>()
        let alternatives = template.oneOf.filter { group in group.allSatisfy(missing.contains) }
        for name in missing where !listed.contains(name) {
            if let group = alternatives.first(where: { $0.contains(name) }) {
                items.append(group.map { label($0, template: template, language: language) }.joined(separator: language == .zh ? " 或 " : " or "))
                listed.formUnion(group)
            } else {
                items.append(label(name, template: template, language: language))
                listed.insert(name)
            }
        }
        if language == .zh {
            return "要执行「\(template.workflow.document.title ?? template.summary)」，还需要：\(items.joined(separator: "；"))。请补充。"
        }
        return "To \(lowercasedFirst(template.summary.split(separator: ".").first.map(String.init) ?? template.summary)) I need: \(items.joined(separator: "; ")). What should \(items.count == 1 ? "it" : "they") be?"
    }

    private static func label(_ name: String, template: WorkflowTemplate, language: RequestLanguage) -> String {
        if language == .zh { return "\(chineseLabels[name] ?? name)（\(name)）" }
        if let description = template.parameter(name)?.description { return "\(name) (\(description))" }
        return name
    }

    private static func lowercasedFirst(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.lowercased() + text.dropFirst()
    }
}
