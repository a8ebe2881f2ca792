package io.twinguard.consent.portal;

import io.twinguard.audit.log.AuditLog;
import io.twinguard.common.problem.ProblemType;
import io.twinguard.consent.ConsentService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.oauth2.OAuth2Auth;
import io.vertx.ext.auth.oauth2.OAuth2Options;
import io.vertx.ext.auth.oauth2.providers.OpenIDConnectAuth;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CSRFHandler;
import io.vertx.ext.web.handler.OAuth2AuthHandler;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.sstore.LocalSessionStore;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The citizen portal and API, as Vert.x {@link Router}s for the broker to mount at its public path
 * ({@code router.route("/consent/*").subRouter(portal.router())}), one per server instance; every
 * router of one portal shares its login client, its sessions and its CSRF secret.
 *
 * <p>Pages: {@code /requests}, {@code /consents}, {@code /history}; people log in through Keycloak
 * (authorization code with PKCE S256, public client) and must hold the realm role {@code citizen}.
 * API: {@code /api/v1/...} ({@code /api/v1/openapi.yaml}), by the same session or through the
 * {@link CitizenAuthenticator}. Every change is a POST checked against a CSRF token (double submit,
 * bound to the session) unless it comes with the authenticator's credentials and no session. Every
 * answer carries a strict Content-Security-Policy; all assets are served from this jar.
 */
public final class ConsentPortal {

  /** The Content-Security-Policy of every answer. */
  public static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
      + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private static final String CITIZEN = "twinguard.citizen";

  private final Vertx vertx;
  private final ConsentService service;
  private final PortalData data;
  private final PortalConfig config;
  private final SubjectMapper subjects;
  private final OAuth2Auth oidc;
  private final CitizenAuthenticator apps;
  private final String csrfSecret;

  private ConsentPortal(Vertx vertx, ConsentService service, AuditLog log, PortalConfig config,
      SubjectMapper subjects, OAuth2Auth oidc, CitizenAuthenticator apps) {
    this.vertx = vertx;
    this.service = service;
    this.data = new PortalData(service, log);
    this.config = config;
    this.subjects = subjects;
    this.oidc = oidc;
    this.apps = apps;
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.csrfSecret = Base64.getEncoder().encodeToString(secret);
  }

  /**
   * Discovers the realm (OpenID Connect discovery) and makes the portal.
   *
   * @throws IllegalStateException (in the future) when the realm cannot be discovered
   */
  public static Future<ConsentPortal> create(Vertx vertx, ConsentService service, AuditLog log, PortalConfig config,
      SubjectMapper subjects, CitizenAuthenticator apps) {
    return OpenIDConnectAuth.discover(vertx, new OAuth2Options().setClientId(config.clientId())
            .setSite(config.issuer().toString()))
        .map(oidc -> new ConsentPortal(vertx, service, log, config, subjects, oidc, apps));
  }

  /** A new router serving the portal and the API; mount one per HTTP server instance. */
  public Router router() {
    String base = config.publicUrl().getPath();
    Router router = Router.router(vertx);
    router.route().handler(ConsentPortal::headers);
    router.route("/assets/*").handler(StaticHandler.create("io/twinguard/consent/portal/assets")
        .setDirectoryListing(false).setIncludeHidden(false));
    router.get("/api/v1/openapi.yaml").handler(StaticHandler.create("io/twinguard/consent/portal/api")
        .setIndexPage("openapi.yaml"));
    router.get("/api/v1/receipt-keys").handler(ctx -> Answers.json(ctx, service.receiptKeys()));
    router.route().handler(SessionHandler.create(LocalSessionStore.create(vertx))
        .setCookieSecureFlag(true).setCookieHttpOnlyFlag(true).setCookieSameSite(CookieSameSite.LAX));
    router.route().handler(BodyHandler.create().setBodyLimit(16 * 1024));
    CSRFHandler csrf = CSRFHandler.create(vertx, csrfSecret).setCookieSecure(true);

    Router api = Router.router(vertx);
    api.route().handler(ctx -> apiCitizen(ctx, csrf));
    new ApiRoutes(service, data, config, ConsentPortal::citizen).mount(api);
    router.route("/api/v1/*").subRouter(api);

    OAuth2AuthHandler login = OAuth2AuthHandler.create(vertx, oidc, config.callbackUrl())
        .pkceVerifierLength(64).withScope("openid");
    login.setupCallback(router.get("/callback"));
    router.route().handler(login);
    router.route().handler(ctx -> sessionCitizen(ctx).ifPresent(c -> csrf.handle(ctx)));
    new PageRoutes(service, data, base, ConsentPortal::citizen).mount(router);
    return router;
  }

  private static void headers(RoutingContext ctx) {
    ctx.response().putHeader("content-security-policy", CSP)
        .putHeader("x-content-type-options", "nosniff")
        .putHeader("referrer-policy", "no-referrer")
        .putHeader("cache-control", "no-store");
    ctx.next();
  }

  private void apiCitizen(RoutingContext ctx, CSRFHandler csrf) {
    if (ctx.user() != null) {
      sessionCitizen(ctx).ifPresent(c -> csrf.handle(ctx));
      return;
    }
    apps.authenticate(ctx).onComplete(ar -> {
      CitizenAuthenticator.Outcome outcome = ar.succeeded() ? ar.result()
          : new CitizenAuthenticator.Outcome.Unavailable("the credentials could not be checked");
      if (outcome instanceof CitizenAuthenticator.Outcome.Accepted accepted) {
        ctx.put(CITIZEN, accepted.citizen());
        ctx.next();
      } else if (outcome instanceof CitizenAuthenticator.Outcome.Rejected rejected) {
        unauthenticated(ctx, rejected.detail());
      } else if (outcome instanceof CitizenAuthenticator.Outcome.NotCitizen notCitizen) {
        Answers.problem(ctx, ProblemType.FORBIDDEN, notCitizen.detail());
      } else if (outcome instanceof CitizenAuthenticator.Outcome.Unavailable unavailable) {
        Answers.problem(ctx, ProblemType.IDENTITY_UNAVAILABLE, unavailable.detail());
      } else {
        unauthenticated(ctx, "log in to the portal or present a citizen's access token (DPoP or certificate-bound)");
      }
    });
  }

  private static void unauthenticated(RoutingContext ctx, String detail) {
    ctx.response().putHeader("www-authenticate", "DPoP algs=\"ES256 EdDSA RS256\", Bearer");
    Answers.problem(ctx, ProblemType.UNAUTHENTICATED, detail);
  }

  /** The citizen of a logged-in user with the role citizen; otherwise 403 answered and empty. */
  private java.util.Optional<Citizen> sessionCitizen(RoutingContext ctx) {
    User user = ctx.user();
    JsonObject access = claims(user);
    JsonArray roles = access.getJsonObject("realm_access", new JsonObject()).getJsonArray("roles", new JsonArray());
    String sub = user.subject() != null ? user.subject() : access.getString("sub");
    if (sub == null || !roles.contains("citizen")) {
      Answers.problem(ctx, ProblemType.FORBIDDEN, "the consent portal is for citizens");
      return java.util.Optional.empty();
    }
    String name = access.getString("name", access.getString("preferred_username", "citizen"));
    Citizen citizen = new Citizen(subjects.subjectOf(config.issuer().toString(), sub), name);
    ctx.put(CITIZEN, citizen);
    return java.util.Optional.of(citizen);
  }

  /**
   * The access token's claims: the decoded token Vert.x keeps, else the payload of the token the
   * client itself received from the token endpoint over its back channel (so not re-verified).
   */
  private static JsonObject claims(User user) {
    JsonObject decoded = user.attributes().getJsonObject("accessToken");
    if (decoded != null && decoded.containsKey("realm_access")) {
      return decoded;
    }
    String token = user.principal().getString("access_token", "");
    String[] parts = token.split("\\.");
    if (parts.length != 3) {
      return new JsonObject();
    }
    try {
      return new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      return new JsonObject();
    }
  }

  private static Citizen citizen(RoutingContext ctx) {
    return ctx.get(CITIZEN);
  }
}
