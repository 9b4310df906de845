import Foundation

/// A database or cache engine Baton provisions as a service of its own (`database-deploy`): its
/// usual port, the server program, and what to install when that program is missing.
public enum DatabaseEngine: String, Sendable, Hashable, CaseIterable {
    case postgres, mysql, mongodb, redis, memcached

    /// The port clients expect by default.
    public var usualPort: Int {
        switch self {
        case .postgres: 5432
        case .mysql: 3306
        case .mongodb: 27017
        case .redis: 6379
        case .memcached: 11211
        }
    }

    /// The server program, by its name on `PATH`.
    var serverProgram: String {
        switch self {
        case .postgres: "postgres"
        case .mysql: "mysqld"
        case .mongodb: "mongod"
        case .redis: "redis-server"
        case .memcached: "memcached"
        }
    }

    /// The user the server runs as when Baton runs as root (the servers refuse root, or should
    /// not have it): the one the Debian package creates.
    var serviceUser: String? {
        switch self {
        case .postgres: "postgres"
        case .mysql: "mysql"
        case .mongodb: "mongodb"
        case .redis: "redis"
        case .memcached: "memcache"
        }
    }

    /// The URL scheme dependents get in `url`.
    var scheme: String {
        switch self {
        case .postgres: "postgres"
        case .mysql: "mysql"
        case .mongodb: "mongodb"
        case .redis: "redis"
        case .memcached: "memcached"
        }
    }

    /// What to do when the server program is missing, on Debian or Ubuntu.
    public var installHint: String {
        switch self {
        case .postgres: "install PostgreSQL: `apt-get install postgresql` (Baton uses /usr/lib/postgresql/<version>/bin, newest version first, then PATH)"
        case .mysql: "install MySQL (MariaDB on Debian): `apt-get install default-mysql-server`"
        case .mongodb:
            "MongoDB is not packaged by Debian: install `mongodb-org` from MongoDB's own repository (https://www.mongodb.com/docs/manual/administration/install-on-linux/) or put `mongod` on PATH"
        case .redis: "install Redis: `apt-get install redis-server`"
        case .memcached: "install memcached: `apt-get install memcached`"
        }
    }
}
