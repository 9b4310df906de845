extension ServiceError.Code {
    /// Something the operation needs is not installed on this machine (503): a database
    /// engine's programs. The message says what to install.
    public static let unavailable = ServiceError.Code(name: "unavailable", status: 503)
}
