package io.twinguard.common.settings;

import io.twinguard.common.settings.internal.Check;
import io.twinguard.common.settings.internal.InvalidValue;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The consent service and the citizen portal ({@code consent.*}). The loader fills in the key
 * files when their settings are empty ({@code data_dir/consent-receipt-key.pem} and {@code
 * data_dir/consent-subject-key}).
 *
 * @param cacheEntries the most (subject, organisation) entries the consent lookup caches, 1 or more
 * @param ackTtlMs how long, in milliseconds, a withdrawal waits for every broker on the database to
 *     drop it from its cache, 4 or more; a broker that cannot renew its liveness within half of it
 *     stops using its cache
 * @param noticeAttempts how many times a withdrawal notice is sent before it counts as unconfirmed
 * @param noticeBackoffMs the wait, in milliseconds, before a notice's second attempt (doubled before
 *     each further one), 0 or more
 * @param noticeTimeoutMs the longest one notice attempt may take, in milliseconds, 1 or more
 * @param receiptKeyFile the Ed25519 key (PKCS#8 PEM) that signs consent receipts, created on first use
 * @param subjectKeyFile the secret (32 random bytes) that maps a Keycloak user to a pseudonymous
 *     subject id, created on first use; every broker on one database needs the same one
 * @param portal whether the broker serves the citizen portal and API (when {@code
 *     identity.keycloak_url} is set)
 * @param portalPath where the broker serves them: a path of one or more segments, no trailing slash
 * @param publicUrl the portal's address as browsers reach it; empty: {@code
 *     https://<listen.host>:<listen.port><portal_path>}
 * @param webClientId the Keycloak public client of the web pages (authorization code with PKCE)
 * @param jurisdiction the controller's jurisdiction in exported Kantara receipts
 * @param privacyPolicyUrl the controller's privacy policy in exported Kantara receipts; empty: the
 *     portal's address
 * @throws IllegalArgumentException naming the setting when a value is out of range
 */
public record ConsentSettings(
    int cacheEntries,
    int ackTtlMs,
    int noticeAttempts,
    int noticeBackoffMs,
    int noticeTimeoutMs,
    Path receiptKeyFile,
    Path subjectKeyFile,
    boolean portal,
    String portalPath,
    Optional<URI> publicUrl,
    String webClientId,
    String jurisdiction,
    Optional<String> privacyPolicyUrl) {

  public ConsentSettings {
    Check.atLeast("cache_entries", cacheEntries, 1);
    Check.atLeast("ack_ttl_ms", ackTtlMs, 4);
    Check.atLeast("notice_attempts", noticeAttempts, 1);
    Check.atLeast("notice_backoff_ms", noticeBackoffMs, 0);
    Check.atLeast("notice_timeout_ms", noticeTimeoutMs, 1);
    Check.present("receipt_key_file", receiptKeyFile);
    Check.present("subject_key_file", subjectKeyFile);
    Check.text("portal_path", portalPath);
    if (!portalPath.matches("(/[A-Za-z0-9._~-]+)+")) {
      throw InvalidValue.of("portal_path", "must be a path such as /consent (segments of letters, digits, '.', "
          + "'_', '~', '-'; no trailing slash)", portalPath);
    }
    Check.present("public_url", publicUrl);
    publicUrl.ifPresent(url -> {
      if (!"https".equals(url.getScheme()) || url.getHost() == null || url.toString().endsWith("/")) {
        throw InvalidValue.of("public_url", "must be an absolute https URL without a trailing slash", url);
      }
    });
    Check.text("web_client_id", webClientId);
    Check.text("jurisdiction", jurisdiction);
    Check.present("privacy_policy_url", privacyPolicyUrl);
  }

  /** {@link #ackTtlMs} as a duration. */
  public Duration ackTtl() {
    return Duration.ofMillis(ackTtlMs);
  }

  /** {@link #noticeBackoffMs} as a duration. */
  public Duration noticeBackoff() {
    return Duration.ofMillis(noticeBackoffMs);
  }

  /** {@link #noticeTimeoutMs} as a duration. */
  public Duration noticeTimeout() {
    return Duration.ofMillis(noticeTimeoutMs);
  }
}
