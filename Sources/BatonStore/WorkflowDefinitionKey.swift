/// What names a workflow definition: its document's `namespace`, `name` and `version`.
public struct WorkflowDefinitionKey: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public var namespace: String
    public var name: String
    public var version: String

    public init(namespace: String, name: String, version: String) {
        self.namespace = namespace
        self.name = name
        self.version = version
    }

    /// `namespace/name@version`.
    public var description: String { "\(namespace)/\(name)@\(version)" }

    /// Orders by namespace, name, then version by ``compareVersions(_:_:)``.
    public static func < (lhs: WorkflowDefinitionKey, rhs: WorkflowDefinitionKey) -> Bool {
        if lhs.namespace != rhs.namespace { return lhs.namespace < rhs.namespace }
        if lhs.name != rhs.name { return lhs.name < rhs.name }
        return compareVersions(lhs.version, rhs.version) < 0
    }

    /// Compares two versions as semantic versions (`1.10.0` after `1.9.0`; a pre-release such as
    /// `1.0.0-rc.1` before its release), falling back to text order for parts that are not numbers.
    /// - Returns: a negative number when `lhs` comes first, zero when equal, positive otherwise.
    public static func compareVersions(_ lhs: String, _ rhs: String) -> Int {
        func split(_ version: String) -> (core: [Substring], preRelease: Substring?) {
            let withoutBuild = version.split(separator: "+", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let parts = withoutBuild.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
            return (parts.first?.split(separator: ".") ?? [], parts.count > 1 ? parts[1] : nil)
        }
        func compare(_ a: [Substring], _ b: [Substring]) -> Int {
            for (x, y) in zip(a, b) where x != y {
                switch (Int(x), Int(y)) {
                case let (i?, j?): return i < j ? -1 : 1
                case (.some, nil): return -1
                case (nil, .some): return 1
                case (nil, nil): return x < y ? -1 : 1
                }
            }
            return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
        }
        let (left, right) = (split(lhs), split(rhs))
        let core = compare(left.core, right.core)
        if core != 0 { return core }
        switch (left.preRelease, right.preRelease) {
        case (nil, nil): return lhs == rhs ? 0 : (lhs < rhs ? -1 : 1)
        case (nil, .some): return 1
        case (.some, nil): return -1
        case let (a?, b?): return compare(a.split(separator: "."), b.split(separator: "."))
        }
    }
}
