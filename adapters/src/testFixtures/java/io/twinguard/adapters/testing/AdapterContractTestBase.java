package io.twinguard.adapters.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.AdapterFailure;
import io.twinguard.adapters.AdapterResponse;
import io.twinguard.adapters.BlockCall;
import io.twinguard.common.twin.BlockKind;
import io.twinguard.adapters.BlockRef;
import io.twinguard.adapters.Health;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Adapter} implementation passes, as EDC's store test bases do: extend it
 * in the implementation's test, give it a working adapter, a call it answers, a payload it cannot
 * map and an adapter whose target fails (and, for gateway events, the hooks of
 * {@link AdapterEventsContract}), and every test here runs against that implementation. Futures are
 * awaited with {@link Await} (bounded). Other modules get it from this module's test-jar.
 */
public abstract class AdapterContractTestBase extends AdapterEventsContract {

  /** A payload for the valid call's operation that the adapter cannot map (a required value missing). */
  protected abstract byte[] unmappablePayload();

  /** A new adapter whose target fails in its typical way (legacy API down, model crashing). */
  protected abstract Adapter newAdapterWhoseTargetFails(Vertx vertx) throws Exception;

  /** The failure {@link #newAdapterWhoseTargetFails} gives for the valid call. */
  protected abstract Class<? extends AdapterFailure> targetFailure();

  private AdapterResponse answer(Adapter adapter, BlockCall call) {
    return Await.result(adapter.call(call));
  }

  @Nested
  class Calls {
    @Test
    void call_whenValid_answersJsonBoundToTheArtefact() throws Exception {
      AdapterResponse response = answer(adapter(), validCall());

      assertTrue(response.status() >= 200 && response.status() < 300);
      assertEquals(AdapterResponse.JSON, response.contentType());
      Json.decodeValue(new String(response.body(), StandardCharsets.UTF_8));
      assertEquals(64, response.artefact().sha256().length());
    }

    @Test
    void call_twice_bindsTheSameArtefactAndAnswer() throws Exception {
      Adapter adapter = adapter();

      AdapterResponse first = answer(adapter, validCall());
      AdapterResponse second = answer(adapter, validCall());

      assertEquals(first.artefact(), second.artefact());
      assertArrayEquals(first.body(), second.body());
    }

    @Test
    void call_whenOperationUnknown_failsWithUnknownOperation() throws Exception {
      BlockCall call = validCall().with("no-such-operation", validCall().payload());

      assertInstanceOf(AdapterFailure.UnknownOperation.class, Await.failure(adapter().call(call)));
    }

    @Test
    void call_whenBlockUnknown_failsWithUnknownOperation() throws Exception {
      BlockCall valid = validCall();
      BlockCall call = new BlockCall(valid.targetTwinId(), new BlockRef(BlockKind.SERVICE, "no-such-block"),
          valid.operation(), valid.payload(), valid.callerId(), valid.purpose(), valid.subjects(), valid.decisionId());

      assertInstanceOf(AdapterFailure.UnknownOperation.class, Await.failure(adapter().call(call)));
    }

    @Test
    void call_whenPayloadNotJson_failsWithInvalidCall() throws Exception {
      BlockCall call = validCall().with(validCall().operation(), "{not json".getBytes(StandardCharsets.UTF_8));

      assertInstanceOf(AdapterFailure.InvalidCall.class, Await.failure(adapter().call(call)));
    }

    @Test
    void call_whenPayloadUnmappable_failsWithInvalidCall() throws Exception {
      BlockCall call = validCall().with(validCall().operation(), unmappablePayload());

      assertInstanceOf(AdapterFailure.InvalidCall.class, Await.failure(adapter().call(call)));
    }

    @Test
    void call_whenTargetFails_failsWithItsReason() throws Exception {
      Adapter failing = closeAfterTest(newAdapterWhoseTargetFails(vertx));

      assertInstanceOf(targetFailure(), Await.failure(failing.call(validCall())));
    }

    @Test
    void call_fromAnEventLoop_answers() throws Exception {
      Adapter adapter = adapter();
      Promise<AdapterResponse> answered = Promise.promise();

      vertx.runOnContext(v -> adapter.call(validCall()).onComplete(answered));

      assertEquals(answer(adapter, validCall()).artefact(), Await.result(answered.future()).artefact());
    }

    @Test
    void call_whenCallsOverlap_answersEachOrRefusesAsOverloaded() throws Exception {
      Adapter adapter = adapter();
      List<Future<AdapterResponse>> calls = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        calls.add(adapter.call(validCall()));
      }

      int answered = 0;
      for (Future<AdapterResponse> call : calls) {
        Await.settle(call);
        if (call.succeeded()) {
          answered++;
        } else {
          assertInstanceOf(AdapterFailure.Overloaded.class, Await.failure(call));
        }
      }
      assertTrue(answered >= 1, "at least one of the overlapping calls is answered");
    }
  }

  @Nested
  class Lifecycle {
    @Test
    void health_whenTargetWorks_isUp() throws Exception {
      Health health = Await.result(adapter().health());

      assertTrue(health.up(), health.detail());
    }

    @Test
    void call_afterClose_failsWithClosed() throws Exception {
      Adapter adapter = adapter();

      Await.result(adapter.close());

      assertInstanceOf(AdapterFailure.Closed.class, Await.failure(adapter.call(validCall())));
    }

    @Test
    void health_afterClose_isDown() throws Exception {
      Adapter adapter = adapter();

      Await.result(adapter.close());

      assertFalse(Await.result(adapter.health()).up());
    }

    @Test
    void close_twice_succeeds() throws Exception {
      Adapter adapter = adapter();

      Await.result(adapter.close());
      Await.result(adapter.close());

      assertInstanceOf(AdapterFailure.Closed.class, Await.failure(adapter.call(validCall())));
    }
  }
}
