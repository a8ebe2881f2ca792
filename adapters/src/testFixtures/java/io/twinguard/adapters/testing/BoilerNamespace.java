package io.twinguard.adapters.testing;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.core.ValueRanks;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.methods.AbstractMethodInvocationHandler;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaObjectNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilters;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.Argument;

/**
 * A small boiler plant: {@code Boiler} with the variables {@code Boiler.Temperature} (read-only,
 * changed by the test) and {@code Boiler.Setpoint}, and the method {@code Boiler.HeatDemand}
 * (outdoor temperature in, heat demand out: {@code max(0, (20 - outdoor) * 1.5)} kW). Reads of the
 * temperature are counted, so a test can wait until the server sampled a value it set.
 */
public final class BoilerNamespace extends ManagedNamespaceWithLifecycle {

  public static final String URI = "urn:city.example:boiler-plant";

  private final SubscriptionModel subscriptions;
  private final AtomicLong reads = new AtomicLong();
  private final AtomicLong items = new AtomicLong();
  private final Queue<Waiter> waiters = new ConcurrentLinkedQueue<>();
  private volatile long readsWhenItemsCreated;
  private volatile DataValue temperature = new DataValue(new Variant(21.5));

  private record Waiter(long target, CompletableFuture<Void> reached) {}

  BoilerNamespace(OpcUaServer server) {
    super(server, URI);
    subscriptions = new SubscriptionModel(server, this);
    getLifecycleManager().addLifecycle(subscriptions);
    getLifecycleManager().addStartupTask(this::addNodes);
  }

  /**
   * Sets the temperature once the server sampled the value its monitored items were created with,
   * and completes once it sampled the new one (two reads since); at once when nothing samples it
   * (no monitored item left). So each value set is exactly one data change.
   */
  public CompletableFuture<Void> setTemperature(double value) {
    if (items.get() == 0) {
      temperature = new DataValue(new Variant(value));
      return CompletableFuture.completedFuture(null);
    }
    return reads(readsWhenItemsCreated + 1).thenCompose(initialSampled -> {
      temperature = new DataValue(new Variant(value));
      return reads(reads.get() + 2);
    });
  }

  private CompletableFuture<Void> reads(long target) {
    CompletableFuture<Void> reached = new CompletableFuture<>();
    waiters.add(new Waiter(target, reached));
    release(false);
    return reached;
  }

  private void release(boolean all) {
    long count = reads.get();
    for (Waiter waiter : waiters) {
      if ((all || count >= waiter.target()) && waiters.remove(waiter)) {
        waiter.reached().complete(null);
      }
    }
  }

  private DataValue readTemperature() {
    DataValue current = temperature;
    reads.incrementAndGet();
    release(false);
    return current;
  }

  private void addNodes() {
    UaObjectNode boiler = new UaObjectNode.UaObjectNodeBuilder(getNodeContext())
        .setNodeId(newNodeId("Boiler"))
        .setBrowseName(newQualifiedName("Boiler"))
        .setDisplayName(LocalizedText.english("Boiler"))
        .setTypeDefinition(NodeIds.BaseObjectType)
        .build();
    getNodeManager().addNode(boiler);
    boiler.addReference(new Reference(boiler.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(),
        Reference.Direction.INVERSE));

    UaVariableNode temperatureNode = variable("Boiler.Temperature", AccessLevel.READ_ONLY, 21.5);
    temperatureNode.getFilterChain().addLast(AttributeFilters.getValue(context -> readTemperature()));
    boiler.addComponent(temperatureNode);
    boiler.addComponent(variable("Boiler.Setpoint", AccessLevel.READ_WRITE, 22.0));

    UaMethodNode heatDemand = UaMethodNode.builder(getNodeContext())
        .setNodeId(newNodeId("Boiler.HeatDemand"))
        .setBrowseName(newQualifiedName("HeatDemand"))
        .setDisplayName(LocalizedText.english("HeatDemand"))
        .build();
    getNodeManager().addNode(heatDemand);
    heatDemand.setInvocationHandler(new HeatDemand(heatDemand));
    boiler.addComponent(heatDemand);
  }

  private UaVariableNode variable(String id, java.util.Set<AccessLevel> access, double value) {
    UaVariableNode node = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
        .setNodeId(newNodeId(id))
        .setBrowseName(newQualifiedName(id))
        .setDisplayName(LocalizedText.english(id))
        .setDataType(NodeIds.Double)
        .setTypeDefinition(NodeIds.BaseDataVariableType)
        .setAccessLevel(access)
        .setUserAccessLevel(access)
        .setValue(new DataValue(new Variant(value)))
        .build();
    getNodeManager().addNode(node);
    return node;
  }

  private static final class HeatDemand extends AbstractMethodInvocationHandler {
    private static final Argument OUTDOOR = new Argument("outdoor_c", NodeIds.Double, ValueRanks.Scalar, null,
        LocalizedText.english("outdoor temperature, degrees Celsius"));
    private static final Argument DEMAND = new Argument("demand_kw", NodeIds.Double, ValueRanks.Scalar, null,
        LocalizedText.english("heat demand, kW"));

    HeatDemand(UaMethodNode node) {
      super(node);
    }

    @Override
    public Argument[] getInputArguments() {
      return new Argument[] {OUTDOOR};
    }

    @Override
    public Argument[] getOutputArguments() {
      return new Argument[] {DEMAND};
    }

    @Override
    protected Variant[] invoke(InvocationContext context, Variant[] inputs) {
      double outdoor = (Double) inputs[0].getValue();
      return new Variant[] {new Variant(Math.max(0.0, (20.0 - outdoor) * 1.5))};
    }
  }

  @Override
  public void onDataItemsCreated(List<DataItem> created) {
    readsWhenItemsCreated = reads.get();
    items.addAndGet(created.size());
    subscriptions.onDataItemsCreated(created);
  }

  @Override
  public void onDataItemsModified(List<DataItem> modified) {
    subscriptions.onDataItemsModified(modified);
  }

  @Override
  public void onDataItemsDeleted(List<DataItem> deleted) {
    subscriptions.onDataItemsDeleted(deleted);
    if (items.addAndGet(-deleted.size()) <= 0) {
      release(true);
    }
  }

  @Override
  public void onMonitoringModeChanged(List<MonitoredItem> items) {
    subscriptions.onMonitoringModeChanged(items);
  }
}
