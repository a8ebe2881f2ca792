package io.twinguard.audit.query;

import io.vertx.core.json.JsonObject;

/**
 * The RFC 9457 problems the audit API answers with. The broker's ProblemType will own the list
 * once the API is mounted there.
 */
public enum Problem {
  BAD_REQUEST("bad-request", "Bad request", 400),
  NOT_FOUND("not-found", "Not found", 404),
  INTERNAL("internal", "Internal error", 500);

  private static final String BASE = "https://twinguard.example/problems/audit/";

  private final String type;
  private final String title;
  private final int status;

  Problem(String type, String title, int status) {
    this.type = BASE + type;
    this.title = title;
    this.status = status;
  }

  public int status() {
    return status;
  }

  /** The problem+json body; {@code detail} must hold no secret or personal data. */
  public JsonObject body(String detail) {
    return new JsonObject()
        .put("type", type)
        .put("title", title)
        .put("status", status)
        .put("detail", detail);
  }
}
