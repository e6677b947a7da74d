package dev.privatelink.events.audit;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.hibernate.event.spi.PostDeleteEvent;
import org.hibernate.event.spi.PostDeleteEventListener;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostInsertEventListener;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.event.spi.PostUpdateEventListener;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.jpa.boot.spi.IntegratorProvider;
import org.hibernate.jpa.boot.spi.JpaSettings;
import org.hibernate.persister.entity.EntityPersister;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The field changes of entities (organizations, services, registrations, API keys, endpoint services)
 * made by an audited request's transaction, as Hibernate writes them. Bookkeeping fields are left out,
 * and so is anything secret: a field whose name speaks of a secret, hash, password, token or credential
 * is never recorded.
 */
final class EntityChanges implements PostInsertEventListener, PostUpdateEventListener, PostDeleteEventListener {

    private static final Set<String> BOOKKEEPING = Set.of("version", "updatedAt", "lastUsedAt", "eventSequence");
    private static final Pattern SECRET = Pattern.compile("(?i).*(secret|hash|password|token|credential).*");
    /** Entities whose API name differs from the class name. */
    private static final Map<String, String> RESOURCE_TYPES = Map.of(
            "DatabaseService", "service",
            "EndpointRegistration", "privateEndpoint",
            "ReverseEndpoint", "reversePrivateEndpoint");

    private final JsonMapper json;

    EntityChanges(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void onPostInsert(PostInsertEvent event) {
        record(event.getPersister(), event.getEntity(), event.getId(), null, event.getState(), null);
    }

    @Override
    public void onPostUpdate(PostUpdateEvent event) {
        record(event.getPersister(), event.getEntity(), event.getId(), event.getOldState(), event.getState(),
                event.getDirtyProperties());
    }

    @Override
    public void onPostDelete(PostDeleteEvent event) {
        record(event.getPersister(), event.getEntity(), event.getId(), event.getDeletedState(), null, null);
    }

    private void record(EntityPersister persister, Object entity, Object id, Object[] before, Object[] after, int[] dirty) {
        AuditSynchronization audit = AuditSynchronization.current().orElse(null);
        if (audit == null) {
            return;
        }
        String[] names = persister.getPropertyNames();
        Object[] state = after != null ? after : before;
        String simpleName = persister.getMappedClass().getSimpleName();
        String type = RESOURCE_TYPES.getOrDefault(simpleName,
                simpleName.substring(0, 1).toLowerCase(Locale.ROOT) + simpleName.substring(1));
        UUID organization = organizationOf(names, state, simpleName, id);
        List<Integer> indexes = dirty != null ? java.util.Arrays.stream(dirty).boxed().toList()
                : java.util.stream.IntStream.range(0, names.length).boxed().toList();
        for (int i : indexes) {
            String field = names[i];
            if (BOOKKEEPING.contains(field) || SECRET.matcher(field).matches()) {
                continue;
            }
            JsonNode was = before == null ? null : value(before[i]);
            JsonNode is = after == null ? null : value(after[i]);
            if ((was != null && !was.isNull()) || (is != null && !is.isNull())) {
                audit.changed(type, String.valueOf(id), organization, field, was, is);
            }
        }
    }

    private static UUID organizationOf(String[] names, Object[] state, String simpleName, Object id) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals("organizationId") && state[i] instanceof UUID organization) {
                return organization;
            }
        }
        return simpleName.equals("Organization") && id instanceof UUID organization ? organization : null;
    }

    private JsonNode value(Object value) {
        return value == null ? null : json.valueToTree(value);
    }

    @Override
    public boolean requiresPostCommitHandling(EntityPersister persister) {
        return false;
    }

    /** Registers the listener with Hibernate when the persistence unit starts. */
    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        HibernatePropertiesCustomizer auditedEntityChanges(JsonMapper json) {
            EntityChanges listener = new EntityChanges(json);
            Integrator integrator = new Integrator() {
                @Override
                public void integrate(org.hibernate.boot.Metadata metadata,
                                      org.hibernate.boot.spi.BootstrapContext bootstrapContext,
                                      org.hibernate.engine.spi.SessionFactoryImplementor sessionFactory) {
                    EventListenerRegistry listeners = sessionFactory.getEventListenerRegistry();
                    listeners.appendListeners(EventType.POST_INSERT, listener);
                    listeners.appendListeners(EventType.POST_UPDATE, listener);
                    listeners.appendListeners(EventType.POST_DELETE, listener);
                }
            };
            return properties -> properties.put(JpaSettings.INTEGRATOR_PROVIDER, (IntegratorProvider) () -> List.of(integrator));
        }
    }
}
