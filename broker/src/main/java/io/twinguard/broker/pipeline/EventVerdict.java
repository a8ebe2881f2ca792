package io.twinguard.broker.pipeline;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/** What becomes of one event for one subscriber, decided and recorded by {@link EventFlow#event}. */
public sealed interface EventVerdict {

  /**
   * The event goes to the subscriber.
   *
   * @param data the event's data, redacted as decided
   */
  record Deliver(Buffer data) implements EventVerdict {
    public Deliver {
      data = data.copy();
    }

    @Override
    public Buffer data() {
      return data.copy();
    }
  }

  /** The event is dropped for this subscriber (denied for its own subjects, undecidable, or not recorded). */
  record Withhold() implements EventVerdict {}

  /**
   * The subscription itself may no longer read: an event decided for the subscription's own data
   * subjects was denied (a new policy, emergency mode, a withdrawn consent). The stream is closed.
   *
   * @param problem the denial's RFC 9457 problem, its {@code instance} the event's recorded decision id
   */
  record Revoke(JsonObject problem) implements EventVerdict {
    public Revoke {
      problem = Objects.requireNonNull(problem, "problem").copy();
    }

    @Override
    public JsonObject problem() {
      return problem.copy();
    }
  }
}
