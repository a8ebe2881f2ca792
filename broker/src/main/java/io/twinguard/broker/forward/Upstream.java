package io.twinguard.broker.forward;

import io.vertx.core.buffer.Buffer;
import java.util.Objects;
import java.util.Optional;

/**
 * What the target twin answered.
 *
 * @param status the HTTP status
 * @param contentType the content type, empty when none was given
 * @param body the body
 * @param artefact for an answer through the target's adapter, the artefact that produced it
 *     ({@code sha-256:<hex>}, the model-version binding recorded with the decision); empty otherwise
 */
public record Upstream(int status, String contentType, Buffer body, Optional<String> artefact) {
  public Upstream {
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(artefact, "artefact");
  }

  /** What a twin answered at its own endpoint: no artefact. */
  public Upstream(int status, String contentType, Buffer body) {
    this(status, contentType, body, Optional.empty());
  }
}
