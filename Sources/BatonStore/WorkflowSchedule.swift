import BatonWorkflow
import Foundation

/// When a workflow definition starts runs by itself: its document's `schedule` (`cron`, `every`,
/// `after` or `on`) kept as written, the next time it fires and the last time it did. One per
/// definition.
public struct WorkflowSchedule: Sendable, Hashable {
    public var definition: WorkflowDefinitionKey
    /// The document's `schedule` object, as is.
    public var specification: JSONValue
    /// When it fires next; nil for schedules that fire on events only (`on`) or no more.
    public var nextFireAt: Date?
    /// When it last fired.
    public var lastFiredAt: Date?

    public init(definition: WorkflowDefinitionKey, specification: JSONValue, nextFireAt: Date?, lastFiredAt: Date? = nil) {
        self.definition = definition
        self.specification = specification
        self.nextFireAt = nextFireAt
        self.lastFiredAt = lastFiredAt
    }
}
