package io.twinguard.broker.validation;

import io.twinguard.broker.call.Step;
import io.twinguard.broker.call.Verified;
import io.twinguard.broker.refusal.SchemaViolation;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/** Checks the payload against the operation's JSON Schema, compiled with the registry snapshot. */
public final class ValidatePayload implements Step<Verified, Verified> {

  @Override
  public Future<Verified> apply(Verified verified) {
    Buffer body = verified.ingress().body();
    String text = body.length() == 0 ? "{}" : body.toString();
    List<String> violations = verified.resolved().catalog().schemas()
        .violations(verified.resolved().target(), verified.resolved().block(), verified.resolved().operation(), text);
    if (!violations.isEmpty()) {
      return new SchemaViolation("the payload does not satisfy the schema of "
          + verified.ingress().operation() + ": " + violations.get(0), violations).fail();
    }
    return Future.succeededFuture(verified);
  }
}
