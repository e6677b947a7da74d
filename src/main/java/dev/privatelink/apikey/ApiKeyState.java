package dev.privatelink.apikey;

public enum ApiKeyState {
    ACTIVE, REVOKED
}
