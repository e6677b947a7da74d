package dev.privatelink.apikey.internal;

public enum ApiKeyState {
    ACTIVE, REVOKED
}
