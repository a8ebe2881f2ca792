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
  IDENTITY_UNAVAILABLE("identity-unavailable", "Identity provider unavailable", 503),
  CLUSTER_UNAVAILABLE("cluster-unavailable", "Shared broker state unavailable", 503),
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
