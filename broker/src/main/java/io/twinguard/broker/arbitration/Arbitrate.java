package io.twinguard.broker.arbitration;

import io.twinguard.broker.call.Decided;
import io.twinguard.broker.call.Leased;
import io.twinguard.broker.call.Resolved;
import io.twinguard.broker.call.Step;
import io.twinguard.broker.refusal.ActuatorLeased;
import io.twinguard.common.twin.BlockKind;
import io.vertx.core.Future;
import java.util.List;
import java.util.logging.Logger;

/**
 * Leases the actuators a gateway command moves to its caller, at the priority the policies gave
 * the call; a command that a higher-priority holder blocks is refused, naming the holder. Calls
 * that move nothing pass with no lease.
 */
public final class Arbitrate implements Step<Decided, Leased> {

  private static final Logger LOG = Logger.getLogger(Arbitrate.class.getName());

  private final Leases leases;

  /** Arbitrates on the leases of this broker alone. */
  public Arbitrate(ActuatorLeases leases) {
    this(Leases.local(leases));
  }

  /** @param leases where leases are held: this broker's, or the cluster's */
  public Arbitrate(Leases leases) {
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
    return leases.acquire(call.caller().id(), actuators, priority).compose(lease -> {
      if (lease instanceof LeaseResult.Refused refused) {
        String actuator = refused.actuator().substring(refused.actuator().indexOf('#') + 1);
        return new ActuatorLeased(actuator, refused.holder(), refused.holderPriority(), priority,
            refused.until()).fail();
      }
      return Future.succeededFuture(new Leased(decided, actuators));
    });
  }

  /**
   * Gives up the leases of a command that did not take effect, so they block nobody. When the
   * shared leases cannot be reached they lapse after their time instead.
   */
  public void release(Leased leased) {
    if (!leased.actuators().isEmpty()) {
      leases.release(leased.resolved().caller().id(), leased.actuators())
          .onFailure(failure -> LOG.warning("leases not released, they lapse after their time: " + failure.getMessage()));
    }
  }

  private static String key(String twinId, String actuator) {
    return twinId + "#" + actuator;
  }
}
