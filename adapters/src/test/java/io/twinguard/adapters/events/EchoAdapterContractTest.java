package io.twinguard.adapters.events;

import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.AdapterFailure;
import io.twinguard.adapters.BlockCall;
import io.twinguard.adapters.BlockRef;
import io.twinguard.adapters.testing.AdapterContractTestBase;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The contract, events included, against an in-memory adapter over {@link EventQueue}: checks the
 * contract's event tests and the queue's back-pressure before a real event adapter (MQTT, OPC UA)
 * relies on them.
 */
class EchoAdapterContractTest extends AdapterContractTestBase {

  private static final int CAPACITY = 8;

  private EchoAdapter adapter;

  @Override
  protected Adapter newAdapter(Vertx vertx) {
    adapter = new EchoAdapter(vertx, true, CAPACITY);
    return adapter;
  }

  @Override
  protected BlockCall validCall() {
    return call(EchoAdapter.ECHO, "echo", "{\"text\":\"hi\"}");
  }

  private static BlockCall call(BlockRef block, String operation, String payload) {
    return new BlockCall("spiffe://city.example/twin/echo", block, operation, payload.getBytes(StandardCharsets.UTF_8),
        "spiffe://city.example/twin/room-12", "dpv:ServiceProvision", List.of(), "d-3");
  }

  @Override
  protected byte[] unmappablePayload() {
    return "{}".getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected Adapter newAdapterWhoseTargetFails(Vertx vertx) {
    return new EchoAdapter(vertx, false, CAPACITY);
  }

  @Override
  protected Class<? extends AdapterFailure> targetFailure() {
    return AdapterFailure.Unreachable.class;
  }

  @Override
  protected boolean supportsEvents() {
    return true;
  }

  @Override
  protected BlockCall subscription() {
    return call(EchoAdapter.TICKS, "events", "");
  }

  @Override
  protected void emit(int count) throws InterruptedException {
    adapter.emit(count);
  }

  @Override
  protected void loseSource() {
    adapter.loseSource();
  }

  @Override
  protected int eventCapacity() {
    return CAPACITY;
  }
}
