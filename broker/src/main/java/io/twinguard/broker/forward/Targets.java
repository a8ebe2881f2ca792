package io.twinguard.broker.forward;

import io.twinguard.broker.refusal.AdapterFailed;
import io.vertx.core.Future;

/**
 * Where allowed calls go: the target twins. Both methods fail with a {@link
 * io.twinguard.broker.refusal.Refused}: {@link io.twinguard.broker.refusal.Refusal.TargetUnavailable}
 * when the target cannot be reached, does not answer in time, or is not who the registry says, and
 * {@link io.twinguard.broker.refusal.AdapterFailed} when the target's adapter could not answer.
 */
public interface Targets {

  /** Sends one call; the future holds the target's answer. */
  Future<Upstream> call(TargetCall call);

  /** Opens a gateway block's event stream; the future holds it, paused until its reader is ready. */
  Future<EventStream> events(TargetCall subscription);
}
