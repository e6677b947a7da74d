package dev.privatelink.service;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

import dev.privatelink.cloud.CloudProvider;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.springframework.data.domain.AbstractAggregateRoot;

/** A customer's managed database instance in one cloud region: what private endpoints lead to. */
@Entity
@Table(name = "service")
public class DatabaseService extends AbstractAggregateRoot<DatabaseService> {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] KEY_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    @Id
    private UUID id;
    private UUID organizationId;
    private String name;
    private CloudProvider provider;
    private String region;
    @Enumerated(EnumType.STRING)
    private Tier tier;
    @Enumerated(EnumType.STRING)
    private ServiceState state;
    private String serviceKey;
    private Instant createdAt;
    private Instant updatedAt;
    @Version
    private Long version;

    protected DatabaseService() {
    }

    public static DatabaseService create(UUID organizationId, String name, CloudProvider provider, String region,
                                         Tier tier, Instant now) {
        DatabaseService service = new DatabaseService();
        service.id = UUID.randomUUID();
        service.organizationId = organizationId;
        service.name = name;
        service.provider = provider;
        service.region = region;
        service.tier = tier;
        service.state = ServiceState.RUNNING;
        service.serviceKey = newServiceKey();
        service.createdAt = now;
        service.updatedAt = now;
        return service;
    }

    /** Ten characters of [a-z0-9] (~51 bits): the first label of the private DNS hostname. */
    private static String newServiceKey() {
        char[] key = new char[10];
        key[0] = KEY_ALPHABET[RANDOM.nextInt(26)]; // a DNS label reads better starting with a letter
        for (int i = 1; i < key.length; i++) {
            key[i] = KEY_ALPHABET[RANDOM.nextInt(KEY_ALPHABET.length)];
        }
        return new String(key);
    }

    public void rename(String newName, Instant now) {
        this.name = newName;
        this.updatedAt = now;
    }

    /** About to be deleted: delete it through the repository to publish {@link ServiceDeleted}. */
    public void deleting() {
        registerEvent(new ServiceDeleted(id, organizationId, provider, region));
    }

    /** Records a change made elsewhere (allow list) so that the ETag and updatedAt move. */
    public void touch(Instant now) {
        this.updatedAt = now;
    }

    public UUID id() {
        return id;
    }

    public UUID organizationId() {
        return organizationId;
    }

    public String name() {
        return name;
    }

    public CloudProvider provider() {
        return provider;
    }

    public String region() {
        return region;
    }

    public Tier tier() {
        return tier;
    }

    public ServiceState state() {
        return state;
    }

    public String serviceKey() {
        return serviceKey;
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
