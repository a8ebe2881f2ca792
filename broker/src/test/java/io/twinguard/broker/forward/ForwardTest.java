package io.twinguard.broker.forward;

import static io.twinguard.broker.fixtures.Futures.refusal;
import static io.twinguard.broker.fixtures.Futures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.twinguard.broker.call.Forwarded;
import io.twinguard.broker.call.Leased;
import io.twinguard.broker.fixtures.Calls;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.policies.Decision;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardTest {

  static final Decision.Allow ALLOW = new Decision.Allow(List.of(), 40, "rev-1");

  final List<TargetCall> sent = new ArrayList<>();
  final List<Leased> released = new ArrayList<>();

  Forward forward(Future<Upstream> answer) {
    Targets targets = new Targets() {
      @Override
      public Future<Upstream> call(TargetCall call) {
        sent.add(call);
        return answer;
      }

      @Override
      public Future<EventStream> events(TargetCall subscription) {
        throw new AssertionError("no events here");
      }
    };
    return new Forward(targets, released::add);
  }

  @Test
  void apply_sendsTheCallAsTheTargetMustSeeIt() {
    Leased leased = Calls.to("thermostat/model/heating/predict").subjects("ada")
        .json(new JsonObject().put("outdoor_c", 2)).leased(ALLOW);

    Forwarded forwarded = value(forward(Future.succeededFuture(new Upstream(200, "application/json",
        Buffer.buffer("{}")))).apply(leased));

    TargetCall call = sent.get(0);
    assertEquals("/model/heating/predict", call.path());
    assertEquals("spiffe://test.example/twin/office", call.callerId());
    assertEquals(List.of("ada"), call.subjects());
    assertEquals(leased.ingress().decisionId(), call.decisionId());
    assertEquals(new JsonObject().put("outdoor_c", 2), call.payload().toJsonObject());
    assertEquals(200, forwarded.upstream().status());
    assertEquals(List.of(), released);
  }

  @Test
  void apply_withoutPayload_sendsAnEmptyObject() {
    value(forward(Future.succeededFuture(new Upstream(200, "", Buffer.buffer())))
        .apply(Calls.to("thermostat/data/readings/read").leased(ALLOW)));

    assertEquals("{}", sent.get(0).payload().toString());
  }

  @Test
  void apply_targetUnavailable_isRefusedAndTheLeaseGivenUp() {
    Leased leased = Calls.to("thermostat/data/readings/read").leased(ALLOW);

    refusal(forward(new Refusal.TargetUnavailable("down").fail()).apply(leased), Refusal.TargetUnavailable.class);

    assertEquals(List.of(leased), released);
  }

  @Test
  void apply_targetAnsweringWithAnError_givesTheLeaseUp() {
    Leased leased = Calls.to("thermostat/data/readings/read").leased(ALLOW);

    value(forward(Future.succeededFuture(new Upstream(500, "", Buffer.buffer()))).apply(leased));

    assertEquals(List.of(leased), released);
  }
}
