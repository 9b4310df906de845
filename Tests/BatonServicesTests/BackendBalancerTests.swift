@testable import BatonServices
import Testing

@Suite struct BackendBalancerTests {
    @Test func interleavesSmoothly() {
        var balancer = BackendBalancer([
            ProxyBackend(id: "a", port: 1, weight: 5), ProxyBackend(id: "b", port: 2, weight: 1), ProxyBackend(id: "c", port: 3, weight: 1),
        ])
        let picks = (0..<14).map { _ in balancer.nextCandidates().first?.id ?? "-" }
        #expect(picks == ["a", "a", "b", "a", "c", "a", "a", "a", "a", "b", "a", "c", "a", "a"])
    }

    @Test(arguments: [(9, 1), (3, 1), (1, 1), (7, 3)])
    func givesEachBackendExactlyItsShare(_ stable: Int, _ canary: Int) {
        var balancer = BackendBalancer([ProxyBackend(id: "stable", port: 1, weight: stable), ProxyBackend(id: "canary", port: 2, weight: canary)])
        let rounds = 10
        var counts: [String: Int] = [:]
        for _ in 0..<(rounds * (stable + canary)) {
            counts[balancer.nextCandidates()[0].id, default: 0] += 1
        }
        #expect(counts == ["stable": stable * rounds, "canary": canary * rounds])
    }

    @Test func aCanaryOfOneInTenGetsOneOfEveryTen() {
        var balancer = BackendBalancer([ProxyBackend(id: "stable", port: 1, weight: 9), ProxyBackend(id: "canary", port: 2, weight: 1)])
        for _ in 0..<5 {
            let window = (0..<10).map { _ in balancer.nextCandidates()[0].id }
            #expect(window.filter { $0 == "canary" }.count == 1)
        }
    }

    @Test func drainedBackendsAreNeverChosenNorTried() {
        var balancer = BackendBalancer([
            ProxyBackend(id: "a", port: 1, weight: 1), ProxyBackend(id: "drained", port: 2, weight: 0), ProxyBackend(id: "c", port: 3, weight: 1),
        ])
        for _ in 0..<10 {
            #expect(!balancer.nextCandidates().contains { $0.id == "drained" })
        }
    }

    @Test func failoverTriesTheOthersRoundTheSet() {
        var balancer = BackendBalancer([
            ProxyBackend(id: "a", port: 1), ProxyBackend(id: "b", port: 2), ProxyBackend(id: "c", port: 3),
        ])
        #expect(balancer.nextCandidates().map(\.id) == ["a", "b", "c"])
        #expect(balancer.nextCandidates().map(\.id) == ["b", "c", "a"])
        #expect(balancer.nextCandidates().map(\.id) == ["c", "a", "b"])
    }

    @Test func noWeightNoCandidate() {
        var empty = BackendBalancer()
        #expect(empty.nextCandidates().isEmpty)
        var drained = BackendBalancer([ProxyBackend(id: "a", port: 1, weight: 0)])
        #expect(drained.nextCandidates().isEmpty)
    }
}
