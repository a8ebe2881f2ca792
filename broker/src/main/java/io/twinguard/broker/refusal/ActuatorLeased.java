package io.twinguard.broker.refusal;

import io.twinguard.common.problem.Problem;
import io.twinguard.common.problem.ProblemType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * A higher-priority command holds an actuator the call would move.
 *
 * @param actuator the actuator's id within its twin (such as {@code door:1})
 * @param holder the SPIFFE ID of the twin holding it
 * @param holderPriority the holder's priority
 * @param priority this call's priority
 * @param until when the holder's lease ends
 */
public record ActuatorLeased(String actuator, String holder, int holderPriority, int priority, Instant until)
    implements Refusal {
  @Override
  public Problem problem() {
    Instant end = until.truncatedTo(ChronoUnit.SECONDS);
    return new Problem(ProblemType.ACTUATOR_LEASED,
        actuator + " is held by " + holder + " at priority " + holderPriority + ", above this call's "
            + priority + ", until " + end,
        Map.of("holder", holder, "holder_priority", holderPriority, "priority", priority, "until", end.toString()));
  }
}
