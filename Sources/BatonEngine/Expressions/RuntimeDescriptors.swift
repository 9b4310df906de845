import BatonWorkflow
import Foundation

/// The descriptors that runtime expressions see as `$runtime`, `$workflow`, `$task` and
/// `$authorization`, shaped exactly as OWS dsl.md describes them ("Runtime expression arguments").
///
/// Times are taken as arguments, never read from a clock here, so descriptors are reproducible.
public enum RuntimeDescriptors {
    /// The runtime's name in `$runtime.name`.
    public static let runtimeName = "Baton"
    /// Baton's version, in `$runtime.version`.
    public static let runtimeVersion = "0.1.0"

    /// `$runtime`: `name`, `version` and implementation-specific `metadata`.
    ///
    /// - Parameter metadata: key-value pairs of Baton's choosing (a tenant, feature flags); using
    ///   them makes a workflow specific to Baton.
    public static func runtime(metadata: [String: JSONValue] = [:]) -> JSONValue {
        [
            "name": .string(runtimeName),
            "version": .string(runtimeVersion),
            "metadata": .object(metadata),
        ]
    }

    /// `$workflow`: the execution's `id`, the parsed `definition`, the *raw* `input` (before the
    /// workflow's `input.from`) and `startedAt`.
    public static func workflow(id: String, definition: JSONValue, input: JSONValue, startedAt: Date) -> JSONValue {
        [
            "id": .string(id),
            "definition": definition,
            "input": input,
            "startedAt": dateTime(startedAt),
        ]
    }

    /// `$task`: the task's `name`, its `reference` (the JSON Pointer of the task in the definition,
    /// `/do/2/getPet`), its `definition` (what is under the name), its *raw* `input` (before
    /// `input.from`), its *raw* `output` (before `output.as`; null until the task has one) and
    /// `startedAt`.
    public static func task(
        name: String, reference: DocumentPath, definition: JSONValue, input: JSONValue, output: JSONValue? = nil, startedAt: Date
    ) -> JSONValue {
        [
            "name": .string(name),
            "reference": .string(reference.jsonPointer),
            "definition": definition,
            "input": input,
            "output": output ?? .null,
            "startedAt": dateTime(startedAt),
        ]
    }

    /// `$authorization`: the resolved `scheme` (`Bearer`, `Basic`) and `parameter` (the token or
    /// credentials) of the task's authentication.
    public static func authorization(scheme: String, parameter: String) -> JSONValue {
        ["scheme": .string(scheme), "parameter": .string(parameter)]
    }

    /// A DateTime descriptor: `iso8601` in UTC with `Z` (with milliseconds when the time has any,
    /// `2022-01-01T08:00:00.123Z`), and `epoch.seconds` and `epoch.milliseconds` as integers.
    /// Times are truncated to the millisecond, towards the past, so the three always agree.
    public static func dateTime(_ date: Date) -> JSONValue {
        // Round to the microsecond first, so that a Double such as 1641024000.1229999 (meaning .123)
        // does not lose a millisecond, then truncate to the millisecond.
        let microseconds = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let milliseconds = floorDivide(microseconds, 1000)
        let seconds = floorDivide(milliseconds, 1000)
        return [
            "iso8601": .string(iso8601(seconds: seconds, millisecond: Int(milliseconds - seconds * 1000))),
            "epoch": ["seconds": .integer(Int(seconds)), "milliseconds": .integer(Int(milliseconds))],
        ]
    }

    private static func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }

    /// `YYYY-MM-DDTHH:MM:SS[.mmm]Z` for seconds since the Unix epoch, by the proleptic Gregorian
    /// calendar (days-to-civil, after Howard Hinnant's algorithm), without locale or time zone data.
    private static func iso8601(seconds: Int64, millisecond: Int) -> String {
        let days = floorDivide(seconds, 86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        let shifted = days + 719_468
        let era = floorDivide(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1)
        let month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
        let year = Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0))

        var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
        text += "T" + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if millisecond != 0 { text += "." + pad(millisecond, 3) }
        return text + "Z"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(abs(value))
        let padded = String(repeating: "0", count: max(0, width - digits.count)) + digits
        return value < 0 ? "-" + padded : padded
    }
}
