/// Word lists of the built-in planner.
enum Lexicon {
    /// English words that name what is done, how or when — never the service it is done to.
    /// Service names are often English nouns (search, checkout, orders, gateway), so nouns of
    /// things a service could be called are not here.
    static let english: Set<String> = [
        // Operations and the verbs of requests.
        "deploy", "deployed", "deploying", "redeploy", "start", "started", "starting", "enable", "enabled", "disable", "create", "provision",
        "spin", "launch", "set", "setup", "configure", "find", "figure", "look", "looking", "undo", "revert", "roll", "rollback", "rolled",
        "update", "upgrade", "release", "ship", "push", "promote", "restore", "backup", "back", "rotate", "restart", "reboot", "bounce", "stop",
        "halt", "pause", "kill", "shut", "shutdown", "remove", "delete", "drop", "destroy", "scale", "resize", "display", "print", "tail",
        "list", "fetch", "grep", "view", "verify", "inspect", "diagnose", "investigate", "analyze", "analyse", "audit", "scan", "recommend",
        "suggest", "forecast", "predict", "clean", "cleanup", "purge", "prune", "schedule", "execute", "exec", "build", "compile", "stress",
        "benchmark", "hit", "send", "bring", "take", "try", "help", "switch", "move", "change", "apply", "add", "install", "decommission",
        "tear", "provisioned", "generate", "regenerate", "reset", "replace", "keep", "keeps", "kept", "crashed", "crashing", "crashes",
        "failing", "failed", "fails", "returning", "returns", "throwing", "timing", "broke", "broken", "works", "working", "went", "happened",
        "happening", "wrong", "slow", "healthy", "unhealthy", "passing", "based", "shows", "showing", "give", "giving", "want", "wanted",
        "think", "know", "sure", "ensure", "make", "made", "needs", "needed", "trigger", "kick", "fire", "load", "test", "tests", "testing",
        "run", "runs", "running", "ran", "used", "using", "uses", "watch", "observe", "monitor", "report", "tell", "explain", "fix", "repair", "recover", "retry",
        "file", "files", "bump", "hammer", "heads", "black", "friday", "prep", "flip", "dropped", "mess", "climbing", "spiking",
        "nuke", "wipe", "ship", "bring", "pull", "grab", "fetch", "pausing", "paused", "tls", "ssl", "jwt", "screenshot", "blast", "dig", "pick", "picks", "edit", "edited", "stuck", "hang", "hangs", "hanging", "busy", "snapshot",
        "yesterday's", "today's", "tonight's", "last night's", "picked", "tried", "seems", "looks", "getting", "gets", "put", "puts",
        "double", "triple", "halve", "increase", "decrease", "reduce", "raise", "lower", "boost", "grow", "shrink", "cut", "turn",
        // Adjectives and other words around names.
        "new", "old", "latest", "newest", "previous", "prior", "earlier", "last", "current", "whole", "entire", "standalone", "single",
        "fresh", "good", "bad", "exposed", "open", "weak", "default", "recent", "most", "least", "quick", "simple", "full", "partial", "stable",
        "everything", "anything", "nothing", "someone", "somebody", "please", "kindly", "currently", "automatically", "manually", "again",
        "first", "second", "third", "next", "another", "other", "same", "both", "either", "neither", "few", "many", "much", "several",
        "recommendations", "recommendation", "capacity", "usage", "history", "forecasts", "performance", "latency", "traffic",
        "errors", "error", "warnings", "warning", "logs", "log", "secret", "secrets", "password", "passwords", "key", "keys", "token",
        "tokens", "certificate", "cert", "credentials", "config", "settings", "variable", "variables", "value", "values", "job", "jobs",
        "task", "tasks", "script", "command", "commands", "ci", "pipeline", "repo", "repository", "branch", "commit", "code", "data",
        "backups", "revision", "revisions", "rollout", "deployment", "deploys", "releases", "canary", "blue", "green", "percent", "health", "status", "state", "root", "cause", "issue", "issues", "problem", "problems", "incident", "outage", "http", "https",
        "background", "cron", "nightly", "daily", "weekly",
        "monthly", "hourly", "am", "pm", "midnight", "noon", "tonight", "today", "tomorrow", "yesterday", "week", "month", "year", "ago",
        "cpu", "memory", "ram", "disk", "storage", "port", "ports", "image", "images", "tag", "label", "labels", "instance", "instances",
        "replica", "replicas", "copy", "copies", "night", "morning", "evening", "line", "lines", "node", "nodes", "container", "containers", "pod", "pods", "unit", "units", "team",
    ]

    /// Things a request about services does not act on: personal devices, accounts and chores,
    /// writing and conversation. A request about one of them, with no word of services in it,
    /// is out of scope.
    static let outOfScopeEnglish: Set<String> = [
        "poem", "poems", "song", "songs", "story", "stories", "joke", "jokes", "essay", "recipe", "recipes", "weather", "forecast's",
        "pizza", "food", "dinner", "lunch", "breakfast", "restaurant", "flight", "flights", "hotel", "ticket", "tickets", "train", "taxi",
        "uber", "movie", "movies", "music", "playlist", "spotify", "netflix", "iphone", "android", "phone", "laptop", "computer", "pc",
        "desktop", "photo", "photos", "picture", "pictures", "wallpaper", "email", "e-mail", "emails", "inbox", "mail", "letter", "linkedin",
        "facebook", "instagram", "twitter", "tiktok", "wechat", "whatsapp", "profile", "headline", "account", "birthday", "gift", "alarm",
        "reminder", "calendar", "meeting", "appointment", "doctor", "vacation", "holiday", "homework", "book", "books", "novel", "language",
        "translate", "translation", "grammar", "people", "person", "friend", "friends", "wife", "husband", "kids", "dog", "cat",
        "car", "house", "garden", "shopping", "groceries", "price", "stock", "stocks", "bitcoin", "crypto", "game", "games", "chess", "football",
        "soccer", "basketball", "exercise", "workout", "diet", "sleep", "meaning", "life", "universe",
        "resume", "cv", "haiku", "downloads", "folder", "mac", "macbook", "bank", "router", "wifi", "printer", "vet",
    ]

    static let outOfScopeChinese: [String] = [
        "诗", "歌", "故事", "笑话", "作文", "菜谱", "食谱", "天气", "披萨", "外卖", "晚饭", "午饭", "早饭", "餐厅", "机票", "航班", "酒店", "火车票", "打车",
        "电影", "音乐", "歌单", "手机", "笔记本", "电脑", "桌面", "照片", "相片", "图片", "壁纸", "邮件", "邮箱", "微信", "聊天记录", "朋友圈", "微博", "抖音",
        "简历", "账号", "账户", "生日", "礼物", "闹钟", "提醒", "日历", "会议室", "医生", "假期", "作业", "书", "小说", "翻译", "语法", "英文", "人份", "朋友",
        "老婆", "孩子", "狗", "猫", "汽车", "房子", "花园", "购物", "价格", "股票", "比特币", "游戏", "足球", "篮球", "健身", "减肥", "睡觉", "意义", "内存条",
        "解释一下", "什么意思", "是什么", "路由器", "我家", "家里", "火锅", "饭店", "好吃", "周报", "日报", "月报", "银行", "转账", "兽医", "宠物",
    ]

    /// Phrases that make a request out of scope whatever it mentions: writing, translating,
    /// explaining.
    static let outOfScopeAlways: [String] = [
        "translate", "translation", "poem", "haiku", "write a song", "write a story", "tell me a joke", "explain this", "what does this mean",
        "meaning of", "this code", "this snippet", "this function", "my code", "翻译", "这段代码", "这段", "这个函数", "写一首", "写首", "讲个笑话", "解释一下这个", "是什么意思",
    ]

    /// Words that place a request among services, whatever else it mentions.
    static let serviceAnchors: [String] = [
        "service", "server", "cluster", "deployment", "instance", "replica", "database", "container", "pod", "app ", "application", "api",
        "服务", "数据库", "实例", "副本", "集群", "容器", "应用", "节点",
    ]
}
