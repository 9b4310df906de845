/// The compiled programs of an ``ExpressionEvaluator``, by expression and bound arguments, with a
/// small pool of idle `jq_state`s for each, since a `jq_state` runs one evaluation at a time.
///
/// A plain value: the evaluator keeps it in a `Mutex` and compiles and runs programs outside the lock.
/// At most `capacity` expressions are kept; the least recently used one goes first. Expressions are
/// keyed by their text exactly as the caller gave it (`${ .a }` and `.a` are two keys for the same
/// program), so that a hit costs one hash and no parsing.
struct ProgramCache {
    /// What the cache knows of one expression.
    struct Entry {
        /// The jq program of the expression: the text without `${ }`.
        let program: String
        /// The expression arguments the expression mentions.
        let mentioned: ExpressionArguments.Names
        /// Whether it mentions `$ENV`, which Baton does not provide.
        let mentionsEnvironment: Bool
        /// One variant per set of bound arguments it was compiled with.
        var variants: [Variant]
        var lastUse: UInt64
    }

    struct Variant {
        let bound: ExpressionArguments.Names
        var idle: [JQProgram] = []
        /// Why the expression does not compile with these arguments, when it does not.
        var failure: ExpressionError?
    }

    /// The outcome of looking an expression up.
    enum Lookup {
        /// An idle program, now checked out.
        case program(JQProgram)
        /// The expression is known not to compile with these arguments.
        case failure(ExpressionError)
        /// The expression is known, but no idle program is compiled for these arguments.
        case compile(program: String, mentioned: ExpressionArguments.Names, mentionsEnvironment: Bool)
        /// The expression is not in the cache.
        case unknown
    }

    let capacity: Int
    let programsPerVariant: Int
    private var entries: [String: Entry] = [:]
    private var clock: UInt64 = 0
    private(set) var compilations = 0
    private(set) var hits = 0

    init(capacity: Int, programsPerVariant: Int) {
        self.capacity = max(1, capacity)
        self.programsPerVariant = max(1, programsPerVariant)
    }

    var count: Int { entries.count }

    /// Looks up `expression` for the arguments `available`, checking out an idle program if there is one.
    mutating func lookUp(_ expression: String, available: ExpressionArguments.Names) -> Lookup {
        guard let slot = entries.index(forKey: expression) else { return .unknown }
        clock &+= 1
        entries.values[slot].lastUse = clock
        let mentioned = entries.values[slot].mentioned
        let bound = mentioned.intersection(available)
        if let index = entries.values[slot].variants.firstIndex(where: { $0.bound == bound }) {
            if let failure = entries.values[slot].variants[index].failure {
                hits += 1
                return .failure(failure)
            }
            if let program = entries.values[slot].variants[index].idle.popLast() {
                hits += 1
                return .program(program)
            }
        }
        return .compile(
            program: entries.values[slot].program, mentioned: mentioned, mentionsEnvironment: entries.values[slot].mentionsEnvironment)
    }

    /// Records a compilation: creates the entry if need be (evicting the least recently used one
    /// when full) and, for a failure, remembers it. Returns the programs evicted, for the caller to
    /// release outside the lock.
    mutating func recordCompilation(
        _ expression: String, program: String, mentioned: ExpressionArguments.Names, mentionsEnvironment: Bool,
        bound: ExpressionArguments.Names, failure: ExpressionError?
    ) -> [JQProgram] {
        compilations += 1
        clock &+= 1
        var evicted: [JQProgram] = []
        if entries[expression] == nil {
            if entries.count >= capacity, let oldest = entries.min(by: { $0.value.lastUse < $1.value.lastUse })?.key {
                evicted = entries.removeValue(forKey: oldest).map { $0.variants.flatMap(\.idle) } ?? []
            }
            entries[expression] = Entry(program: program, mentioned: mentioned, mentionsEnvironment: mentionsEnvironment, variants: [], lastUse: clock)
        }
        if let failure {
            modifyVariant(expression, bound: bound) { $0.failure = failure }
        }
        return evicted
    }

    /// Hands a program back after use. Returns it when there is no room (or its expression was
    /// evicted meanwhile), for the caller to release outside the lock.
    mutating func checkIn(_ program: JQProgram, expression: String, bound: ExpressionArguments.Names) -> JQProgram? {
        let limit = programsPerVariant
        var kept = false
        modifyVariant(expression, bound: bound) { variant in
            if variant.idle.count < limit {
                variant.idle.append(program)
                kept = true
            }
        }
        return kept ? nil : program
    }

    private mutating func modifyVariant(_ expression: String, bound: ExpressionArguments.Names, _ body: (inout Variant) -> Void) {
        guard let slot = entries.index(forKey: expression) else { return }
        if let index = entries.values[slot].variants.firstIndex(where: { $0.bound == bound }) {
            body(&entries.values[slot].variants[index])
        } else {
            var variant = Variant(bound: bound)
            body(&variant)
            entries.values[slot].variants.append(variant)
        }
    }
}
