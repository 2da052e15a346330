package dev.earshot.server.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A short-lived credential for one model, made by {@link Authenticator#issue}.
 *
 * @param value     the secret, 43 characters of base64url (32 random bytes); never null
 * @param model     the only model id it opens a session for; never null
 * @param expiresAt after this instant it opens nothing; never null
 */
public record ClientSecret(String value, String model, Instant expiresAt) {

    public ClientSecret {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** The value stays out of logs. */
    @Override
    public String toString() {
        return "ClientSecret[model=" + model + ", expiresAt=" + expiresAt + "]";
    }
}
