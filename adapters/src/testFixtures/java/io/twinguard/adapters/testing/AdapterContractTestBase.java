package io.twinguard.adapters.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.AdapterFailure;
import io.twinguard.adapters.AdapterResponse;
import io.twinguard.adapters.BlockCall;
import io.twinguard.adapters.BlockKind;
import io.twinguard.adapters.BlockRef;
import io.twinguard.adapters.EventStream;
import io.twinguard.adapters.Health;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Adapter} implementation passes: extend it in the implementation's test,
 * give it a working adapter, a call it answers, and an adapter whose target fails, and every test
 * here runs against that implementation. Futures are awaited with {@link Await} (bounded).
 */
public abstract class AdapterContractTestBase {

  /** A fresh Vert.x per test, closed after it. */
  protected Vertx vertx;

  private final List<Adapter> created = new ArrayList<>();

  /** A new adapter whose target works. */
  protected abstract Adapter newAdapter(Vertx vertx) throws Exception;

  /** A call the working adapter answers. */
  protected abstract BlockCall validCall();

  /** A payload for the valid call's operation that the adapter cannot map (a required value missing). */
  protected abstract byte[] unmappablePayload();

  /** A new adapter whose target fails in its typical way (legacy API down, model crashing). */
  protected abstract Adapter newAdapterWhoseTargetFails(Vertx vertx) throws Exception;

  /** The failure {@link #newAdapterWhoseTargetFails} gives for the valid call. */
  protected abstract Class<? extends AdapterFailure> targetFailure();

  /**
   * Whether the adapter offers gateway events. When false, the event tests check only that
   * subscribing is refused; when true, override {@link #subscription}, {@link #emit} and
   * {@link #eventCapacity}.
   */
  protected boolean supportsEvents() {
    return false;
  }

  /** A subscription to the adapter's gateway events. */
  protected BlockCall subscription() {
    throw new UnsupportedOperationException("override subscription() when supportsEvents()");
  }

  /** Makes the adapter's source (the device, the server) emit {@code count} events. */
  protected void emit(int count) throws Exception {
    throw new UnsupportedOperationException("override emit() when supportsEvents(): " + count);
  }

  /** The most events the adapter keeps for a subscriber that does not read. */
  protected int eventCapacity() {
    throw new UnsupportedOperationException("override eventCapacity() when supportsEvents()");
  }

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void closeAll() {
    created.forEach(adapter -> Await.result(adapter.close()));
    Await.result(vertx.close());
  }

  private Adapter adapter() throws Exception {
    Adapter adapter = newAdapter(vertx);
    created.add(adapter);
    return adapter;
  }

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
      Adapter failing = newAdapterWhoseTargetFails(vertx);
      created.add(failing);

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

  @Nested
  class Events {
    @Test
    void subscribe_whenBlockHasNoEvents_failsWithUnsupported() throws Exception {
      assumeFalse(supportsEvents(), "the adapter offers events");

      assertInstanceOf(AdapterFailure.Unsupported.class, Await.failure(adapter().subscribe(validCall())));
    }

    @Test
    void subscribe_whenReaderReads_deliversEveryEvent() throws Exception {
      assumeTrue(supportsEvents(), "the adapter offers no events");
      EventStream stream = Await.result(adapter().subscribe(subscription()));
      AtomicInteger received = new AtomicInteger();
      Promise<Void> all = Promise.promise();
      stream.events().handler(event -> {
        if (received.incrementAndGet() == 3) {
          all.tryComplete();
        }
      });

      emit(3);

      Await.result(all.future());
      assertEquals(3, received.get());
      Await.result(stream.cancel());
    }

    @Test
    void subscribe_whenReaderNeverReads_endsWithSubscriberTooSlow() throws Exception {
      assumeTrue(supportsEvents(), "the adapter offers no events");
      EventStream stream = Await.result(adapter().subscribe(subscription()));
      Promise<Void> failed = Promise.promise();
      stream.events().pause();
      stream.events().exceptionHandler(failed::tryFail);
      stream.events().handler(event -> failed.tryFail("an event was delivered to a paused reader"));

      emit(eventCapacity() + 1);

      assertInstanceOf(AdapterFailure.SubscriberTooSlow.class, Await.failure(failed.future()));
    }

    @Test
    void cancel_endsTheStream() throws Exception {
      assumeTrue(supportsEvents(), "the adapter offers no events");
      EventStream stream = Await.result(adapter().subscribe(subscription()));
      Promise<Void> ended = Promise.promise();
      stream.events().endHandler(ended::tryComplete);

      Await.result(stream.cancel());

      Await.result(ended.future());
    }
  }
}
