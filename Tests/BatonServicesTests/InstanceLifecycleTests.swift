import BatonServices
import Testing

@Suite struct InstanceLifecycleTests {
    let t0 = ContinuousClock.now
    let check = HealthCheck(probe: .http(path: "/health", port: nil), interval: .seconds(1), timeout: .seconds(1), retries: 3, startPeriod: .seconds(5))

    @Test func withoutHealthCheckAStartedProcessRunsAndTakesTraffic() {
        var instance = InstanceLifecycle(healthCheck: nil, restart: RestartPolicy())
        #expect(instance.begin() == [.launch])
        #expect(instance.launched(at: t0) == [.addToTraffic])
        #expect(instance.status == .running)
        #expect(instance.isReady)
    }

    @Test func withAHealthCheckTrafficWaitsForTheFirstPassingCheck() {
        var instance = InstanceLifecycle(healthCheck: check, restart: RestartPolicy())
        _ = instance.begin()
        #expect(instance.launched(at: t0) == [])
        #expect(instance.status == .starting)
        #expect(!instance.isReady)
        #expect(instance.checked(passed: true, detail: "HTTP 200", at: t0 + .seconds(1)) == [.addToTraffic])
        #expect(instance.status == .healthy)
        #expect(instance.checked(passed: true, detail: "HTTP 200", at: t0 + .seconds(2)) == [])
    }

    @Test func failuresInTheStartPeriodDoNotCountButLaterOnesRestartTheInstance() {
        var instance = InstanceLifecycle(healthCheck: check, restart: RestartPolicy())
        _ = instance.begin()
        _ = instance.launched(at: t0)
        for second in 1...4 {
            #expect(instance.checked(passed: false, detail: "refused", at: t0 + .seconds(second)) == [])
        }
        #expect(instance.failedChecksInARow == 0)
        #expect(instance.checked(passed: false, detail: "HTTP 503", at: t0 + .seconds(6)) == [])
        #expect(instance.checked(passed: false, detail: "HTTP 503", at: t0 + .seconds(7)) == [])
        let actions = instance.checked(passed: false, detail: "HTTP 503", at: t0 + .seconds(8))
        #expect(actions == [.stopProcess(reason: "unhealthy after 3 failed checks: HTTP 503")])
        #expect(instance.status == .unhealthy)
        // Stopped by the supervisor for being unhealthy: restarted as after a failure, whatever its code.
        #expect(instance.exited(.exited(0), at: t0 + .seconds(9)) == [.restartAfter(.seconds(1))])
        #expect(instance.status == .restarting)
        #expect(instance.restarts == 1)
        #expect(instance.lastEvent == "unhealthy after 3 failed checks: HTTP 503")
    }

    @Test func whileStartingFailuresSoonerThanTheIntervalCountOncePerInterval() {
        let quick = HealthCheck(probe: .http(path: "/health", port: nil), interval: .seconds(1), timeout: .seconds(1), retries: 3)
        var instance = InstanceLifecycle(healthCheck: quick, restart: RestartPolicy())
        _ = instance.begin()
        _ = instance.launched(at: t0)
        // The runner's ramp-up: checks at 0, 25, 75, 175, 375 and 775 ms.
        for milliseconds in [0, 25, 75, 175, 375, 775] {
            #expect(instance.checked(passed: false, detail: "refused", at: t0 + .milliseconds(milliseconds)) == [])
        }
        #expect(instance.failedChecksInARow == 1)
        #expect(instance.status == .starting)
        #expect(instance.checked(passed: false, detail: "refused", at: t0 + .milliseconds(1575)) == [])
        #expect(instance.checked(passed: false, detail: "refused", at: t0 + .milliseconds(2000)) == [])
        #expect(instance.failedChecksInARow == 2)
        #expect(instance.checked(passed: false, detail: "refused", at: t0 + .milliseconds(2575)) == [.stopProcess(reason: "unhealthy after 3 failed checks: refused")])
    }

    @Test func checksOfAProcessBeingStoppedForBeingUnhealthyDoNotCount() {
        var instance = InstanceLifecycle(healthCheck: check, restart: RestartPolicy())
        _ = instance.begin()
        _ = instance.launched(at: t0)
        _ = instance.checked(passed: true, detail: "", at: t0 + .seconds(1))
        for second in 10...11 { _ = instance.checked(passed: false, detail: "x", at: t0 + .seconds(second)) }
        #expect(instance.checked(passed: false, detail: "x", at: t0 + .seconds(12)) == [.removeFromTraffic, .stopProcess(reason: "unhealthy after 3 failed checks: x")])
        // The process takes its time to stop: neither a pass nor another failure changes anything.
        #expect(instance.checked(passed: true, detail: "", at: t0 + .seconds(13)) == [])
        #expect(instance.checked(passed: false, detail: "y", at: t0 + .seconds(14)) == [])
        #expect(instance.status == .unhealthy && !instance.inTraffic)
        #expect(instance.lastEvent == "unhealthy after 3 failed checks: x")
        #expect(instance.exited(.signaled(9), at: t0 + .seconds(15)) == [.restartAfter(.seconds(1))])
    }

    @Test func aHealthyInstanceThatTurnsUnhealthyLeavesTrafficFirst() {
        var instance = InstanceLifecycle(healthCheck: check, restart: RestartPolicy())
        _ = instance.begin()
        _ = instance.launched(at: t0)
        _ = instance.checked(passed: true, detail: "", at: t0 + .seconds(1))
        _ = instance.checked(passed: false, detail: "x", at: t0 + .seconds(10))
        _ = instance.checked(passed: false, detail: "x", at: t0 + .seconds(11))
        #expect(instance.checked(passed: false, detail: "x", at: t0 + .seconds(12)) == [.removeFromTraffic, .stopProcess(reason: "unhealthy after 3 failed checks: x")])
    }

    @Test func crashesAreRestartedWithADoublingBackoffUpToItsMaximum() {
        var instance = InstanceLifecycle(
            healthCheck: nil, restart: RestartPolicy(condition: .always, initialBackoff: .milliseconds(100), maximumBackoff: .milliseconds(500)))
        _ = instance.begin()
        var waits: [Duration] = []
        var now = t0
        for _ in 1...5 {
            _ = instance.launched(at: now)
            now += .milliseconds(10)
            let actions = instance.exited(.exited(1), at: now)
            guard case .restartAfter(let wait) = actions.last else {
                Issue.record("expected a restart, got \(actions)")
                return
            }
            waits.append(wait)
            #expect(instance.backoffElapsed() == [.launch])
        }
        #expect(waits == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(500), .milliseconds(500)])
        #expect(instance.restarts == 5)
    }

    @Test func theBackoffStartsOverAfterTheInstanceRanLongEnough() {
        var instance = InstanceLifecycle(healthCheck: nil, restart: RestartPolicy(initialBackoff: .seconds(1), resetAfter: .seconds(60)))
        _ = instance.begin()
        _ = instance.launched(at: t0)
        _ = instance.exited(.exited(1), at: t0 + .seconds(1))
        _ = instance.backoffElapsed()
        _ = instance.launched(at: t0 + .seconds(2))
        #expect(instance.exited(.exited(1), at: t0 + .seconds(3)).last == .restartAfter(.seconds(2)))
        _ = instance.backoffElapsed()
        _ = instance.launched(at: t0 + .seconds(5))
        #expect(instance.exited(.exited(1), at: t0 + .seconds(70)).last == .restartAfter(.seconds(1)))
    }

    @Test(arguments: [
        (RestartPolicy.Condition.always, InstanceLifecycle.Exit.exited(0), true),
        (.always, .exited(3), true),
        (.onFailure, .exited(0), false),
        (.onFailure, .signaled(9), true),
        (.onFailure, .notStarted("no such file"), true),
        (.never, .exited(1), false),
    ])
    func theRestartPolicyDecides(_ condition: RestartPolicy.Condition, _ exit: InstanceLifecycle.Exit, _ restarts: Bool) {
        var instance = InstanceLifecycle(healthCheck: nil, restart: RestartPolicy(condition: condition))
        _ = instance.begin()
        _ = instance.launched(at: t0)
        let actions = instance.exited(exit, at: t0 + .seconds(1))
        if restarts {
            #expect(actions.last == .restartAfter(.seconds(1)))
            #expect(instance.status == .restarting)
        } else {
            #expect(actions.last == .finish)
            #expect(instance.status == (exit.isFailure ? .crashed : .stopped))
        }
    }

    @Test func afterItsAttemptsAnInstanceIsLeftCrashedSayingWhy() {
        var instance = InstanceLifecycle(healthCheck: nil, restart: RestartPolicy(condition: .onFailure, maximumAttempts: 2))
        _ = instance.begin()
        for _ in 1...2 {
            _ = instance.launched(at: t0)
            #expect(instance.exited(.exited(2), at: t0 + .seconds(1)).last == .restartAfter(instance.restart.backoff(forAttempt: instance.restartsInARow)))
            _ = instance.backoffElapsed()
        }
        _ = instance.launched(at: t0)
        #expect(instance.exited(.exited(2), at: t0 + .seconds(1)) == [.removeFromTraffic, .finish])
        #expect(instance.status == .crashed)
        #expect(instance.lastEvent == "exited with code 2; gave up after 2 restarts in a row")
    }

    @Test func aStopEndsTheInstanceWithoutARestart() {
        var instance = InstanceLifecycle(healthCheck: check, restart: RestartPolicy())
        _ = instance.begin()
        _ = instance.launched(at: t0)
        _ = instance.checked(passed: true, detail: "", at: t0 + .seconds(1))
        #expect(instance.stopRequested(processRunning: true) == [.removeFromTraffic, .stopProcess(reason: "stop requested")])
        #expect(instance.status == .stopping)
        #expect(instance.checked(passed: false, detail: "", at: t0 + .seconds(20)) == [])
        #expect(instance.exited(.signaled(15), at: t0 + .seconds(21)) == [.finish])
        #expect(instance.status == .stopped)
        #expect(instance.stopRequested(processRunning: false) == [])
    }

    @Test func aStopDuringTheBackoffEndsAtOnce() {
        var instance = InstanceLifecycle(healthCheck: nil, restart: RestartPolicy())
        _ = instance.begin()
        _ = instance.launched(at: t0)
        _ = instance.exited(.exited(1), at: t0 + .seconds(1))
        #expect(instance.stopRequested(processRunning: false) == [.finish])
        #expect(instance.backoffElapsed() == [])
        #expect(instance.status == .stopped)
    }

    @Test func goingOverTheMemoryLimitRestartsLikeAFailure() {
        var instance = InstanceLifecycle(healthCheck: nil, restart: RestartPolicy(condition: .onFailure))
        _ = instance.begin()
        _ = instance.launched(at: t0)
        #expect(instance.violated("memory 300M above the limit 256M") == [.removeFromTraffic, .stopProcess(reason: "memory 300M above the limit 256M")])
        #expect(instance.violated("again") == [])
        #expect(instance.exited(.signaled(15), at: t0 + .seconds(1)).last == .restartAfter(.seconds(1)))
        #expect(instance.lastEvent == "memory 300M above the limit 256M")
    }
}
