package dev.privatelink.organization;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A customer of the platform: owns services, API keys and registered private endpoints. */
@Entity
@Table(name = "organization")
public class Organization {

    @Id
    private UUID id;
    private String name;
    @Enumerated(EnumType.STRING)
    private Plan plan;
    private boolean enableCoreDumps;
    private Instant createdAt;
    private Instant updatedAt;
    @Version
    private Long version;

    protected Organization() {
    }

    public static Organization create(String name, Plan plan, Instant now) {
        Organization organization = new Organization();
        organization.id = UUID.randomUUID();
        organization.name = name;
        organization.plan = plan;
        organization.createdAt = now;
        organization.updatedAt = now;
        return organization;
    }

    public void rename(String newName, Instant now) {
        this.name = newName;
        this.updatedAt = now;
    }

    public void changePlan(Plan newPlan, Instant now) {
        this.plan = newPlan;
        this.updatedAt = now;
    }

    /**
     * Keeps ClickHouse Cloud's {@code enableCoreDumps} setting so its clients can set and read it back;
     * it concerns the databases' crash reports, which this control plane does not collect.
     */
    public void enableCoreDumps(boolean enabled, Instant now) {
        if (enabled != enableCoreDumps) {
            this.enableCoreDumps = enabled;
            this.updatedAt = now;
        }
    }

    public boolean coreDumpsEnabled() {
        return enableCoreDumps;
    }

    public UUID id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Plan plan() {
        return plan;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public long version() {
        return version == null ? 0 : version;
    }
}
