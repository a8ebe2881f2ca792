package io.twinguard.common.problem;

import java.net.URI;

/**
 * Every RFC 9457 problem type twinguard answers with, in one place: a stable type URI, a title and
 * an HTTP status. Clients switch on the type URI; the title never changes for a type. The call
 * pipeline, the event relay, the admin API and the audit API all answer from this list.
 */
public enum ProblemType {
  BAD_REQUEST("bad-request", "Malformed request", 400),
  UNAUTHENTICATED("unauthenticated", "Caller not authenticated", 401),
  BAD_SIGNATURE("bad-signature", "HTTP message signature invalid", 401),
  REPLAY("replay", "Request replayed", 401),
  FORBIDDEN("forbidden", "Caller not allowed to use this interface", 403),
  DENIED("denied", "Denied by policy", 403),
  UNKNOWN_TWIN("unknown-twin", "Unknown twin, block or operation", 404),
  NOT_FOUND("not-found", "No such resource", 404),
  METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", 405),
  ACTUATOR_LEASED("actuator-leased", "Actuator held by a higher-priority command", 409),
  CONSENT_CONFLICT("consent-conflict", "The consent cannot change that way in its current status", 409),
  POLICY_CONFLICT("policy-conflict", "The policies cannot change that way now", 409),
  PAYLOAD_TOO_LARGE("payload-too-large", "Payload too large", 413),
  URI_TOO_LONG("uri-too-long", "Request target too long", 414),
  UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", 415),
  SCHEMA_VIOLATION("schema-violation", "Payload violates the operation's schema", 422),
  BUNDLE_REFUSED("bundle-refused", "Policy bundle refused", 422),
  HEADERS_TOO_LARGE("headers-too-large", "Request headers too large", 431),
  TARGET_UNAVAILABLE("target-unavailable", "Target twin unavailable", 502),
  POLICY_UNAVAILABLE("policy-unavailable", "Policy engine unavailable", 503),
  AUDIT_UNAVAILABLE("audit-unavailable", "Audit log unavailable", 503),
  ADAPTER_UNAVAILABLE("adapter-unavailable", "Target's adapter cannot serve calls now", 503),
  SUBSCRIBER_TOO_SLOW("subscriber-too-slow", "Subscriber read its events too slowly", 503),
  IDENTITY_UNAVAILABLE("identity-unavailable", "Identity provider unavailable", 503),
  CLUSTER_UNAVAILABLE("cluster-unavailable", "Shared broker state unavailable", 503),
  // access tokens (RFC 9068 JWTs of the identity provider) and their sender constraint: one type per reason
  TOKEN_MALFORMED("token-malformed", "Access token malformed", 401),
  TOKEN_ALGORITHM_NOT_ALLOWED("token-algorithm-not-allowed", "Access token algorithm not allowed", 401),
  TOKEN_UNKNOWN_KEY("token-unknown-key", "Access token signed by a key the identity provider does not list", 401),
  TOKEN_KEY_MISMATCH("token-key-mismatch", "Access token key unfit for its algorithm", 401),
  TOKEN_BAD_SIGNATURE("token-bad-signature", "Access token signature invalid", 401),
  TOKEN_MISSING_CLAIM("token-missing-claim", "Access token lacks a required claim", 401),
  TOKEN_WRONG_ISSUER("token-wrong-issuer", "Access token of another issuer", 401),
  TOKEN_WRONG_AUDIENCE("token-wrong-audience", "Access token for another audience", 401),
  TOKEN_EXPIRED("token-expired", "Access token expired", 401),
  TOKEN_NOT_YET_VALID("token-not-yet-valid", "Access token not valid yet", 401),
  TOKEN_UNBOUND("token-unbound", "Access token not sender-constrained", 401),
  TOKEN_WRONG_SCHEME("token-wrong-scheme", "Authorization scheme does not fit the token's binding", 401),
  DPOP_PROOF_MISSING("dpop-proof-missing", "DPoP proof missing", 401),
  DPOP_PROOF_INVALID("dpop-proof-invalid", "DPoP proof invalid", 401),
  DPOP_REQUEST_MISMATCH("dpop-request-mismatch", "DPoP proof made for another request", 401),
  DPOP_TOKEN_HASH_MISMATCH("dpop-token-hash-mismatch", "DPoP proof made for another access token", 401),
  DPOP_KEY_MISMATCH("dpop-key-mismatch", "DPoP proof signed by another key than the token's", 401),
  DPOP_PROOF_STALE("dpop-proof-stale", "DPoP proof outside its time window", 401),
  DPOP_REPLAY("dpop-replay", "DPoP proof replayed", 401),
  TOKEN_CERTIFICATE_MISSING("token-certificate-missing", "Certificate-bound access token without its certificate", 401),
  TOKEN_CERTIFICATE_MISMATCH("token-certificate-mismatch", "Access token bound to another certificate", 401),
  TOKEN_UNKNOWN_CLIENT("token-unknown-client", "Access token of a client that is no registered twin", 403),
  AUTH_METHOD_NOT_ALLOWED("auth-method-not-allowed", "The twin may not authenticate this way", 403),
  ROLE_REQUIRED("role-required", "The asker lacks the role this interface requires", 403),
  INTERNAL("internal", "Internal error", 500);

  /** The base under which every type URI lives; resolvable documentation is served there. */
  public static final String BASE = "https://twinguard.io/problems/";

  private final URI type;
  private final String title;
  private final int status;

  ProblemType(String slug, String title, int status) {
    this.type = URI.create(BASE + slug);
    this.title = title;
    this.status = status;
  }

  public URI type() {
    return type;
  }

  public String title() {
    return title;
  }

  public int status() {
    return status;
  }
}
