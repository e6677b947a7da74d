package dev.privatelink.service;

/** A service's tier; Azure Private Link is offered for {@link #PRODUCTION} services only. */
public enum Tier {
    PRODUCTION, DEVELOPMENT
}
