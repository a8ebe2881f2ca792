package io.twinguard.broker.serve;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.broker.call.Catalog;
import io.twinguard.broker.consent.CitizenTokens;
import io.twinguard.broker.consent.ConsentSource;
import io.twinguard.broker.consent.RealmKeys;
import io.twinguard.broker.consent.RegistryEndpoints;
import io.twinguard.broker.consent.ServiceConsents;
import io.twinguard.broker.identity.BrokerIdentity;
import io.twinguard.broker.server.Api;
import io.twinguard.common.settings.ConsentSettings;
import io.twinguard.common.settings.IdentitySettings;
import io.twinguard.common.settings.TwinguardSettings;
import io.twinguard.consent.ConsentConfig;
import io.twinguard.consent.ConsentService;
import io.twinguard.consent.portal.ConsentPortal;
import io.twinguard.consent.portal.PortalConfig;
import io.twinguard.consent.portal.PseudonymousSubjects;
import io.twinguard.consent.propagate.NoticeSigning;
import io.twinguard.consent.receipt.ReceiptKey;
import io.twinguard.signing.oauth.AccessTokenVerifier;
import io.twinguard.signing.oauth.ReplayCache;
import io.twinguard.signing.oauth.TokenExpectations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The consent module as {@code twinguard serve} runs it: the consent service on the audit log's
 * database, its lookup as the broker's consent source (denials' {@code request_consent} obligations
 * become requests), withdrawal notices to each twin's registered {@code notifications} URL signed
 * with the broker's key and sent with its certificate, and, when {@code consent.portal} is on and
 * {@code identity.keycloak_url} is set, the citizen portal and API mounted at {@code
 * consent.portal_path} of the broker's HTTPS server, citizen apps authenticated by Keycloak access
 * tokens.
 */
public final class ConsentWiring {

  /** How many DPoP proof ids the citizen API remembers against replay. */
  private static final int PROOF_MEMORY = 100_000;

  private final ConsentService service;
  private final List<Api> apis;
  private final String description;
  private final HttpClient notices;
  private final WebClient realm;

  private ConsentWiring(ConsentService service, List<Api> apis, String description, HttpClient notices,
      WebClient realm) {
    this.service = service;
    this.apis = apis;
    this.description = description;
    this.notices = notices;
    this.realm = realm;
  }

  /**
   * Opens the consent service and, when it is on, the portal.
   *
   * @param catalog the registry in force, asked for each twin's notification endpoint per notice
   * @throws IllegalStateException (in the future) naming the setting to fix: a key file that cannot
   *     be read or made, a realm that cannot be discovered, a portal address that cannot be derived
   */
  public static Future<ConsentWiring> open(Vertx vertx, TwinguardSettings settings, BrokerIdentity identity,
      AuditLog log, Supplier<Catalog> catalog, Clock clock) {
    ConsentSettings consent = settings.consent();
    URI publicUrl;
    try {
      publicUrl = publicUrl(settings);
    } catch (IllegalStateException e) {
      return Future.failedFuture(e);
    }
    HttpClient client = vertx.createHttpClient(new HttpClientOptions()
        .setSsl(true)
        // twins' certificates name SPIFFE IDs, not hosts: the registry's URL and the ecosystem CA decide
        .setVerifyHost(false)
        .setKeyCertOptions(identity.keyCertOptions())
        .setTrustOptions(identity.caTrustOptions())
        .setConnectTimeout(consent.noticeTimeoutMs()));
    WebClient web = WebClient.create(vertx);
    return vertx.executeBlocking(() -> new Keys(ReceiptKey.loadOrCreate(consent.receiptKeyFile()),
            PseudonymousSubjects.loadOrCreate(consent.subjectKeyFile())))
        .compose(keys -> ConsentService.open(vertx, log,
                new ConsentConfig(keys.receipts(), identity.spiffeId(), publicUrl + "/consents", consent.cacheEntries(),
                    consent.ackTtl(), consent.noticeAttempts(), consent.noticeBackoff(), consent.noticeTimeout(), clock),
                Optional.of(new ConsentService.Propagation(new RegistryEndpoints(catalog),
                    new NoticeSigning(identity.signer(), identity.spiffeId(), client))))
            .compose(service -> portal(vertx, settings, service, log, keys.subjects(), publicUrl, web, clock)
                .map(apis -> new ConsentWiring(service, apis, describe(settings, apis, publicUrl), client, web))
                .recover(e -> service.close().transform(closed -> Future.failedFuture(e)))))
        .recover(e -> {
          web.close();
          return client.close().transform(closed -> Future.failedFuture(e));
        });
  }

  private record Keys(ReceiptKey receipts, PseudonymousSubjects subjects) {}

  private static Future<List<Api>> portal(Vertx vertx, TwinguardSettings settings, ConsentService service,
      AuditLog log, PseudonymousSubjects subjects, URI publicUrl, WebClient web, Clock clock) {
    ConsentSettings consent = settings.consent();
    IdentitySettings identity = settings.identity();
    if (!portalOn(settings)) {
      return Future.succeededFuture(List.of());
    }
    URI realm = identity.keycloakUrl().get();
    String issuer = realm.toString();
    CitizenTokens apps = new CitizenTokens(new RealmKeys(web, realm, identity.jwksRefetchFloor(), clock),
        new AccessTokenVerifier(TokenExpectations.of(issuer, identity.audience()), clock,
            new ReplayCache(clock, PROOF_MEMORY)),
        subjects, issuer, publicUrl);
    PortalConfig config = new PortalConfig(realm, consent.webClientId(), publicUrl, consent.jurisdiction(),
        consent.privacyPolicyUrl().orElse(publicUrl.toString()));
    return ConsentPortal.create(vertx, service, log, config, subjects, apps)
        .<List<Api>>map(portal -> List.of((router, refuse) ->
            router.route(consent.portalPath() + "/*").subRouter(portal.router())))
        .recover(e -> Future.failedFuture(new IllegalStateException("identity.keycloak_url " + realm
            + ": the realm's OpenID configuration cannot be read (" + e.getMessage()
            + "); start Keycloak, or set consent.portal to false", e)));
  }

  /** Where browsers reach the portal: consent.public_url, else the broker's listen address and the path. */
  private static URI publicUrl(TwinguardSettings settings) {
    ConsentSettings consent = settings.consent();
    if (consent.publicUrl().isPresent()) {
      return consent.publicUrl().get();
    }
    if (settings.listen().port() == 0 && portalOn(settings)) {
      throw new IllegalStateException("consent.public_url must be set when listen.port is 0 (any free port)");
    }
    return URI.create("https://" + settings.listen().host() + ":" + settings.listen().port() + consent.portalPath());
  }

  private static boolean portalOn(TwinguardSettings settings) {
    return settings.consent().portal() && settings.identity().keycloakUrl().isPresent();
  }

  private static String describe(TwinguardSettings settings, List<Api> apis, URI publicUrl) {
    if (!apis.isEmpty()) {
      return "consent portal at " + publicUrl;
    }
    return settings.consent().portal() ? "consent portal off (identity.keycloak_url unset)" : "consent portal off";
  }

  /** The consent service. */
  public ConsentService service() {
    return service;
  }

  /** The broker's consent source: the service's lookup, denials' requests to the service. */
  public ConsentSource source() {
    return new ServiceConsents(service);
  }

  /** The portal and the citizen API to mount on the broker's server; empty when the portal is off. */
  public List<Api> apis() {
    return apis;
  }

  /** What runs, for the start-up line. */
  public String description() {
    return description;
  }

  /** Closes the service (its change feed and pool) and the clients. */
  public Future<Void> close() {
    return service.close().transform(closed -> {
      realm.close();
      return notices.close();
    });
  }
}
