import ArgumentParser
import Foundation

// Parsed by hand rather than with `AsyncParsableCommand.main()` so that usage errors exit with
// status 2 (ArgumentParser's own is 64); help and version requests still exit with 0.
let command: BatonCTK
do {
    command = try BatonCTK.parse()
} catch {
    if BatonCTK.exitCode(for: error) == .success { BatonCTK.exit(withError: error) }
    BatonCTK.printError(BatonCTK.fullMessage(for: error))
    exit(2)
}
exit(await command.runSuite())
