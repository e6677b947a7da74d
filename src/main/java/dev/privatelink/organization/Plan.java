package dev.privatelink.organization;

/** What an organization pays for; AWS PrivateLink needs {@link #SCALE} or above. */
public enum Plan {
    BASIC, SCALE, ENTERPRISE
}
