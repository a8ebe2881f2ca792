package io.twinguard.broker.arbitration;

import io.twinguard.broker.call.Decided;
import io.twinguard.broker.call.Leased;
import io.twinguard.broker.call.Resolved;
import io.twinguard.broker.call.Step;
import io.twinguard.broker.refusal.ActuatorLeased;
import io.twinguard.common.twin.BlockKind;
import io.vertx.core.Future;
import java.util.List;

/**
 * Leases the actuators a gateway command moves to its caller, at the priority the policies gave
 * the call; a command that a higher-priority holder blocks is refused, naming the holder. Calls
 * that move nothing pass with no lease.
 */
public final class Arbitrate implements Step<Decided, Leased> {

  private final ActuatorLeases leases;

  public Arbitrate(ActuatorLeases leases) {
    this.leases = leases;
  }

  @Override
  public Future<Leased> apply(Decided decided) {
    Resolved call = decided.resolved();
    if (call.block().kind() != BlockKind.GATEWAY || !call.operation().command() || call.block().actuators().isEmpty()) {
      return Future.succeededFuture(new Leased(decided, List.of()));
    }
    List<String> actuators = call.block().actuators().stream().map(a -> key(call.target().id(), a)).toList();
    int priority = decided.allow().priority();
    LeaseResult lease = leases.acquire(call.caller().id(), actuators, priority);
    if (lease instanceof LeaseResult.Refused refused) {
      String actuator = refused.actuator().substring(refused.actuator().indexOf('#') + 1);
      return new ActuatorLeased(actuator, refused.holder(), refused.holderPriority(), priority, refused.until())
          .fail();
    }
    return Future.succeededFuture(new Leased(decided, actuators));
  }

  /** Gives up the leases of a command that did not take effect, so they block nobody. */
  public void release(Leased leased) {
    if (!leased.actuators().isEmpty()) {
      leases.release(leased.resolved().caller().id(), leased.actuators());
    }
  }

  private static String key(String twinId, String actuator) {
    return twinId + "#" + actuator;
  }
}
