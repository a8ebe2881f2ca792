package io.twinguard.broker.adapter;

import io.twinguard.adapters.Adapter;
import io.twinguard.adapters.AdapterException;
import io.twinguard.adapters.AdapterResponse;
import io.twinguard.adapters.BlockCall;
import io.twinguard.broker.refusal.AdapterFailed;
import io.twinguard.common.twin.BlockKind;
import io.twinguard.adapters.BlockRef;
import io.twinguard.broker.forward.EventStream;
import io.twinguard.broker.forward.TargetCall;
import io.twinguard.broker.forward.Targets;
import io.twinguard.broker.forward.Upstream;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.broker.refusal.Refused;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Optional;

/**
 * The targets reached through their adapter: an allowed call becomes a {@link BlockCall} of the
 * call's registry snapshot's adapter, its answer an {@link Upstream} naming the artefact that
 * produced it. An adapter's failure becomes the refusal {@link AdapterFailed}, which knows
 * its problem; a twin whose adapter does not run is refused as unavailable.
 */
public final class AdapterTargets implements Targets {

  @Override
  public Future<Upstream> call(TargetCall call) {
    return adapter(call)
        .compose(adapter -> adapter.call(blockCall(call, call.payload())))
        .map(AdapterTargets::upstream)
        .recover(AdapterTargets::refused);
  }

  @Override
  public Future<EventStream> events(TargetCall subscription) {
    return adapter(subscription)
        .compose(adapter -> adapter.subscribe(blockCall(subscription, Buffer.buffer())))
        .<EventStream>map(AdapterEventStream::new)
        .recover(AdapterTargets::refused);
  }

  private static Future<Adapter> adapter(TargetCall call) {
    Optional<Adapter> adapter = call.adapter();
    return adapter.isPresent() ? Future.succeededFuture(adapter.get())
        : new Refusal.TargetUnavailable("the adapter of " + call.target().name() + " does not run").fail();
  }

  private static BlockCall blockCall(TargetCall call, Buffer payload) {
    return new BlockCall(call.target().id(),
        new BlockRef(BlockKind.parse(call.block().kind().wireName()), call.block().name()), call.operation(),
        payload.getBytes(), call.callerId(), call.purpose(), call.subjects(), call.decisionId());
  }

  private static Upstream upstream(AdapterResponse response) {
    return new Upstream(response.status(), response.contentType(), Buffer.buffer(response.body()),
        Optional.of(response.artefact().uri()));
  }

  private static <T> Future<T> refused(Throwable failure) {
    return failure instanceof AdapterException adapter
        ? Future.failedFuture(new Refused(new AdapterFailed(adapter.failure())))
        : Future.failedFuture(failure);
  }
}
