package dev.privatelink.events.outbox;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.CompletedEventPublications;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.stereotype.Component;

/**
 * Keeps the event publication registry moving and small. Publications whose listener failed, or never
 * finished because its replica died, are handed to their listener again (the listeners are idempotent:
 * a change is recorded and fanned out once, however often it arrives); finished ones are deleted after a
 * while. Run periodically on one replica at a time by the delivery engine's scheduler.
 */
@Component
public class EventHousekeeping {

    private static final Logger log = LoggerFactory.getLogger(EventHousekeeping.class);

    private final IncompleteEventPublications incomplete;
    private final CompletedEventPublications completed;
    private final EventSettings settings;

    EventHousekeeping(IncompleteEventPublications incomplete, CompletedEventPublications completed, EventSettings settings) {
        this.incomplete = incomplete;
        this.completed = completed;
        this.settings = settings;
    }

    public Duration resubmitEvery() {
        return settings.resubmitEvery();
    }

    public void resubmitIncomplete() {
        incomplete.resubmitIncompletePublicationsOlderThan(settings.resubmitAfter());
    }

    public void purgeCompletedPublications() {
        completed.deletePublicationsOlderThan(settings.keepCompletedPublications());
        log.debug("Deleted event publications completed more than {} ago", settings.keepCompletedPublications());
    }
}
