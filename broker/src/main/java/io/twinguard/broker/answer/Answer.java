package io.twinguard.broker.answer;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.util.Objects;

/**
 * What the broker answers, signed: status, headers (with {@code Twin-Decision-Id}, Content-Digest
 * and the broker's RFC 9421 signature) and body.
 *
 * @param decisionId the decision the answer belongs to
 */
public record Answer(String decisionId, int status, MultiMap headers, Buffer body) {
  public Answer {
    Objects.requireNonNull(decisionId, "decisionId");
    headers = MultiMap.caseInsensitiveMultiMap().addAll(headers);
    Objects.requireNonNull(body, "body");
  }

  @Override
  public MultiMap headers() {
    return MultiMap.caseInsensitiveMultiMap().addAll(headers);
  }

  /** Writes the answer, unless the response was already closed by the caller. */
  public void writeTo(HttpServerResponse response) {
    if (response.closed() || response.ended()) {
      return;
    }
    response.setStatusCode(status);
    response.headers().addAll(headers);
    response.end(body);
  }
}
