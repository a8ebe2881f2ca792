package io.twinguard.broker.arbitration;

import io.vertx.core.Future;
import java.util.List;

/**
 * Where actuator leases are held: in this broker alone ({@link #local}) or shared by every broker
 * of a cluster, so that a higher-priority holder at one broker blocks a lower-priority command at
 * any other. The futures fail with a refusal when the shared store cannot be reached: the command
 * is refused rather than let through unarbitrated.
 */
public interface Leases {

  /**
   * Leases {@code actuators} to {@code caller} at {@code priority}, all or nothing, or says who
   * holds one of them.
   *
   * @param actuators actuator keys of one target twin, {@code twin id#actuator}
   */
  Future<LeaseResult> acquire(String caller, List<String> actuators, int priority);

  /** Ends {@code caller}'s leases on {@code actuators}; leases held by others stay. */
  Future<Void> release(String caller, List<String> actuators);

  /** The leases of one broker, in {@code leases}. */
  static Leases local(ActuatorLeases leases) {
    return new Leases() {
      @Override
      public Future<LeaseResult> acquire(String caller, List<String> actuators, int priority) {
        return Future.succeededFuture(leases.acquire(caller, actuators, priority));
      }

      @Override
      public Future<Void> release(String caller, List<String> actuators) {
        leases.release(caller, actuators);
        return Future.succeededFuture();
      }
    };
  }
}
