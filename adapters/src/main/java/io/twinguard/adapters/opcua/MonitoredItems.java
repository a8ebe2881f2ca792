package io.twinguard.adapters.opcua;

import io.twinguard.adapters.AdapterException;
import io.twinguard.adapters.AdapterFailure;
import io.twinguard.adapters.events.EventQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemSynchronizationException;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;

/** Milo's blocking subscription steps, run on worker threads. */
final class MonitoredItems {

  private MonitoredItems() {}

  /**
   * Creates an OPC UA subscription with one monitored item per field, each data change offered to
   * {@code queue} (Milo calls back on its own threads; the queue hops to its reader's context).
   *
   * @throws AdapterException {@code BadAnswer} when the server refuses an item
   */
  static OpcUaSubscription subscribe(OpcUaClient client, OpcUaSession session, OpcUaSettings settings,
      OpcUaSettings.Monitored monitored, EventQueue queue) throws UaException {
    OpcUaSubscription subscription = new OpcUaSubscription(client, Math.max(settings.samplingMs(), 10.0));
    subscription.create();
    monitored.fields().forEach((field, node) -> {
      OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(session.node(node));
      item.setSamplingInterval(settings.samplingMs());
      // between two publish responses the server keeps at most as many samples per item as the
      // stream may hold for its reader, dropping the oldest: bounded at both ends
      item.setQueueSize(UInteger.valueOf(settings.eventCapacity()));
      item.setDiscardOldest(true);
      // the first notification is the value the item was created with, not a change: a subscriber
      // gets the changes after it subscribed (the current value is what the read operation answers)
      AtomicBoolean initial = new AtomicBoolean(true);
      item.setDataValueListener((changed, value) -> {
        boolean good = value.getStatusCode() == null || value.getStatusCode().isGood();
        if (!initial.getAndSet(false) && good) {
          queue.offer(OpcUaAdapter.event(field, value));
        }
      });
      subscription.addMonitoredItem(item);
    });
    try {
      subscription.synchronizeMonitoredItems();
    } catch (MonitoredItemSynchronizationException e) {
      delete(subscription);
      throw new AdapterException(new AdapterFailure.BadAnswer("the server refused a monitored item"));
    }
    for (OpcUaMonitoredItem item : subscription.getMonitoredItems()) {
      StatusCode status = item.getCreateResult().orElse(StatusCode.BAD);
      if (!status.isGood()) {
        delete(subscription);
        throw new AdapterException(new AdapterFailure.BadAnswer("the server refused a monitored item: " + OpcUaValues.name(status)));
      }
    }
    return subscription;
  }

  /** Deletes the subscription; a session that is gone has nothing left to delete. */
  static void delete(OpcUaSubscription subscription) {
    try {
      subscription.delete();
    } catch (UaException | RuntimeException e) {
      // the server or session is gone, and the subscription with it
      return;
    }
  }
}
