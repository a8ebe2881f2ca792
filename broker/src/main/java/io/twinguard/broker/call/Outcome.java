package io.twinguard.broker.call;

import io.twinguard.broker.refusal.Refusal;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.Objects;

/** How a call ends: the target's answer released to the caller, or a refusal. */
public sealed interface Outcome {

  String decisionId();

  /** The HTTP status the caller receives. */
  int status();

  /** The target's answer, after obligations, as the caller receives it (signed by the broker). */
  record Released(String decisionId, int status, MultiMap headers, Buffer body) implements Outcome {
    public Released {
      Objects.requireNonNull(decisionId, "decisionId");
      headers = MultiMap.caseInsensitiveMultiMap().addAll(headers);
      body = body.copy();
    }

    @Override
    public MultiMap headers() {
      return MultiMap.caseInsensitiveMultiMap().addAll(headers);
    }

    @Override
    public Buffer body() {
      return body.copy();
    }
  }

  /** A refusal, answered with its RFC 9457 problem. */
  record Refused(String decisionId, Refusal refusal) implements Outcome {
    public Refused {
      Objects.requireNonNull(decisionId, "decisionId");
      Objects.requireNonNull(refusal, "refusal");
    }

    @Override
    public int status() {
      return refusal.problem().status();
    }
  }
}
