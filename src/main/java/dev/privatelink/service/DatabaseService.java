package dev.privatelink.service;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiPredicate;

import dev.privatelink.cloud.CloudProvider;
import dev.privatelink.web.ApiException;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.ColumnTransformer;
import org.springframework.data.domain.AbstractAggregateRoot;

/** A customer's managed database instance in one cloud region: what private endpoints lead to. */
@Entity
@Table(name = "service")
public class DatabaseService extends AbstractAggregateRoot<DatabaseService> {

    /** At most this many tags, as ClickHouse Cloud allows. */
    public static final int MAX_TAGS = 50;

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
    @Convert(converter = JsonListColumn.IpAccessEntries.class)
    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    private List<IpAccessEntry> ipAccessList = List.of();
    private boolean publicEndpointEnabled = true;
    @Convert(converter = JsonListColumn.Tags.class)
    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    private List<ServiceTag> tags = List.of();
    private Instant createdAt;
    private Instant updatedAt;
    @Version
    private Long version;
    /** The number of the last public-access change announced as an event. */
    private long publicAccessSequence;

    protected DatabaseService() {
    }

    public static DatabaseService create(UUID organizationId, String name, CloudProvider provider, String region,
                                         Tier tier, Instant now) {
        return create(organizationId, name, provider, region, tier, List.of(), List.of(), now);
    }

    /**
     * A new service with its IP access list and tags (a source or key given twice counts once, the last wins).
     *
     * @throws ApiException 400 when the tags are more than {@link #MAX_TAGS}
     */
    public static DatabaseService create(UUID organizationId, String name, CloudProvider provider, String region,
                                         Tier tier, List<IpAccessEntry> ipAccessList, List<ServiceTag> tags, Instant now) {
        DatabaseService service = new DatabaseService();
        service.id = UUID.randomUUID();
        service.organizationId = organizationId;
        service.name = name;
        service.provider = provider;
        service.region = region;
        service.tier = tier;
        service.state = ServiceState.RUNNING;
        service.serviceKey = newServiceKey();
        service.ipAccessList = List.copyOf(change(List.of(), List.of(), ipAccessList, IpAccessEntry::sameSource));
        service.tags = List.copyOf(change(List.of(), List.of(), tags, DatabaseService::sameKey));
        requireTagCount(service.tags);
        service.publicEndpointEnabled = true;
        service.createdAt = now;
        service.updatedAt = now;
        service.registerEvent(new ServiceCreated(service.id, organizationId, provider, region, tier, now));
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

    /**
     * Changes the public side: applies an {@code ipAccessList} patch as ClickHouse Cloud does (removals, by
     * source, first, then additions; adding a source already listed replaces its description) and turns the
     * public endpoint on or off ({@code null}: as it is). Whether closing it leaves the service reachable is
     * for the caller to check first. A change is recorded as {@link PublicAccessChanged}, published when the
     * service is saved.
     *
     * @return whether anything changed
     */
    public boolean changePublicAccess(List<IpAccessEntry> remove, List<IpAccessEntry> add, Boolean enablePublicEndpoint,
                                      Instant now) {
        List<IpAccessEntry> previousList = ipAccessList;
        boolean previouslyEnabled = publicEndpointEnabled;
        List<IpAccessEntry> changedList = List.copyOf(change(ipAccessList, remove, add, IpAccessEntry::sameSource));
        boolean enabled = enablePublicEndpoint == null ? publicEndpointEnabled : enablePublicEndpoint;
        if (changedList.equals(previousList) && enabled == previouslyEnabled) {
            return false;
        }
        ipAccessList = changedList;
        publicEndpointEnabled = enabled;
        updatedAt = now;
        publicAccessSequence++;
        registerEvent(new PublicAccessChanged(id, organizationId, provider, region, previouslyEnabled, enabled,
                previousList, changedList, now, publicAccessSequence));
        return true;
    }

    /**
     * Applies a {@code tags} patch: removals (by key) first, then additions; adding a key already
     * present replaces its value.
     *
     * @return whether the tags changed
     * @throws ApiException 400 when the service would carry more than {@link #MAX_TAGS} tags
     */
    public boolean changeTags(List<ServiceTag> remove, List<ServiceTag> add, Instant now) {
        List<ServiceTag> changed = List.copyOf(change(tags, remove, add, DatabaseService::sameKey));
        requireTagCount(changed);
        if (changed.equals(tags)) {
            return false;
        }
        tags = changed;
        updatedAt = now;
        return true;
    }

    private static <T> List<T> change(List<T> current, List<T> remove, List<T> add, BiPredicate<T, T> same) {
        List<T> result = new ArrayList<>(current);
        remove.forEach(gone -> result.removeIf(item -> same.test(item, gone)));
        for (T item : add) {
            int at = indexOf(result, item, same);
            if (at < 0) {
                result.add(item);
            } else {
                result.set(at, item);
            }
        }
        return result;
    }

    private static <T> int indexOf(List<T> items, T wanted, BiPredicate<T, T> same) {
        for (int i = 0; i < items.size(); i++) {
            if (same.test(items.get(i), wanted)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean sameKey(ServiceTag a, ServiceTag b) {
        return a.key().equals(b.key());
    }

    private static void requireTagCount(List<ServiceTag> tags) {
        if (tags.size() > MAX_TAGS) {
            throw ApiException.badRequest("a service carries at most " + MAX_TAGS + " tags; this change would leave "
                    + tags.size());
        }
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

    /** Who may reach the public endpoint while it is enabled: an empty list admits nobody, as in ClickHouse Cloud. */
    public List<IpAccessEntry> ipAccessList() {
        return ipAccessList;
    }

    /** Whether the public endpoint is on; off, the service is reachable through private endpoints only. */
    public boolean publicEndpointEnabled() {
        return publicEndpointEnabled;
    }

    /** Whether nothing public may reach it: the public endpoint is off, or its IP access list admits nobody. */
    public boolean isPrivateOnly() {
        return !publicEndpointEnabled || ipAccessList.isEmpty();
    }

    public List<ServiceTag> tags() {
        return tags;
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
