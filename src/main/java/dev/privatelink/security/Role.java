package dev.privatelink.security;

/** What an API key may do. */
public enum Role {
    /** Reads and writes everything in its organization. */
    ADMIN,
    /** Reads everything in its organization, writes nothing. */
    DEVELOPER,
    /** Platform-wide: creates organizations and keys, manages platform resources, reads everything. */
    OPERATOR
}
