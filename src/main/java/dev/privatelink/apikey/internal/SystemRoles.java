package dev.privatelink.apikey.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import dev.privatelink.security.Role;

/**
 * Our roles as ClickHouse Cloud's key API names them: each is a system role with a fixed UUID
 * ({@code assignedRoles}, {@code assignedRoleIds}); ADMIN and DEVELOPER also have the legacy names
 * {@code admin} and {@code developer} ({@code roles}).
 */
enum SystemRoles {
    ADMIN(Role.ADMIN, SystemRoles.ADMIN_ID, "Admin", "admin"),
    DEVELOPER(Role.DEVELOPER, SystemRoles.DEVELOPER_ID, "Developer", "developer"),
    OPERATOR(Role.OPERATOR, SystemRoles.OPERATOR_ID, "Operator", null);

    static final String ADMIN_ID = "3c1f6e52-7a4b-4d0e-9b8a-1f2e3d4c5b01";
    static final String DEVELOPER_ID = "3c1f6e52-7a4b-4d0e-9b8a-1f2e3d4c5b02";
    static final String OPERATOR_ID = "3c1f6e52-7a4b-4d0e-9b8a-1f2e3d4c5b03";

    private final Role role;
    private final UUID id;
    private final String displayName;
    private final String legacyName;

    SystemRoles(Role role, String id, String displayName, String legacyName) {
        this.role = role;
        this.id = UUID.fromString(id);
        this.displayName = displayName;
        this.legacyName = legacyName;
    }

    static SystemRoles of(Role role) {
        return Arrays.stream(values()).filter(r -> r.role == role).findFirst().orElseThrow();
    }

    static Optional<Role> byId(UUID id) {
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).map(r -> r.role).findFirst();
    }

    static Optional<Role> byLegacyName(String name) {
        return Arrays.stream(values()).filter(r -> r.legacyName != null && r.legacyName.equals(name.toLowerCase(Locale.ROOT)))
                .map(r -> r.role).findFirst();
    }

    UUID id() {
        return id;
    }

    String displayName() {
        return displayName;
    }

    /** {@code admin} or {@code developer}; none for OPERATOR, which ClickHouse Cloud has no name for. */
    Optional<String> legacyName() {
        return Optional.ofNullable(legacyName);
    }
}
