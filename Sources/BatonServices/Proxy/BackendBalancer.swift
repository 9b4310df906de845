/// Chooses the backend of each new connection by smooth weighted round robin (nginx's
/// algorithm): over any run of `Σweights` choices each backend gets exactly its weight, and the
/// choices are interleaved rather than bunched (weights 5, 1, 1 give a a b a c a a), so a canary
/// with weight 1 of 10 gets every tenth connection from the first ten on.
///
/// A value type without I/O: the proxy keeps one under its lock and tests drive it directly.
struct BackendBalancer: Sendable {
    private(set) var backends: [ProxyBackend]
    private var currentWeights: [Int]

    init(_ backends: [ProxyBackend] = []) {
        self.backends = backends
        currentWeights = Array(repeating: 0, count: backends.count)
    }

    /// Replaces the set. The interleaving starts afresh, so a new set's first `Σweights`
    /// choices already follow the new weights exactly.
    mutating func replace(with backends: [ProxyBackend]) {
        self = BackendBalancer(backends)
    }

    /// The backend a new connection goes to, followed by the ones to try, in order, when
    /// connecting to it fails: the other backends of non-zero weight, from the one after the
    /// choice round the set. Empty when no backend has weight.
    mutating func nextCandidates() -> [ProxyBackend] {
        var total = 0
        var best: Int?
        for index in backends.indices where backends[index].weight > 0 {
            currentWeights[index] += backends[index].weight
            total += backends[index].weight
            if best.map({ currentWeights[index] > currentWeights[$0] }) ?? true { best = index }
        }
        guard let best else { return [] }
        currentWeights[best] -= total
        var candidates = [backends[best]]
        for offset in 1..<max(backends.count, 1) {
            let backend = backends[(best + offset) % backends.count]
            if backend.weight > 0 { candidates.append(backend) }
        }
        return candidates
    }
}
