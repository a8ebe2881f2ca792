package io.twinguard.broker.admission;

import static io.twinguard.broker.fixtures.Futures.refusal;
import static io.twinguard.broker.fixtures.Futures.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.broker.call.Admitted;
import io.twinguard.broker.call.Authenticated;
import io.twinguard.broker.call.Ingress;
import io.twinguard.broker.fixtures.Calls;
import io.twinguard.broker.refusal.Refusal;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AdmitTest {

  static final Admit ADMIT = new Admit();
  static final String PATH = "thermostat/data/readings/read";

  @Test
  void apply_purposeAndSubjects_areAdmittedWithoutDuplicates() {
    Admitted admitted = value(ADMIT.apply(Calls.to(PATH)
        .header(Ingress.PURPOSE, "dpv:ServiceProvision")
        .header(Ingress.SUBJECTS, "ada, bob")
        .header(Ingress.SUBJECTS, "ada")
        .authenticated()));

    assertEquals("dpv:ServiceProvision", admitted.purpose());
    assertEquals(List.of("ada", "bob"), admitted.subjects());
  }

  @Test
  void apply_refusalOfTheHttpLayer_stands() {
    Authenticated authenticated = Calls.to(PATH).header(Ingress.PURPOSE, "dpv:ServiceProvision").authenticated();
    Ingress in = authenticated.ingress();
    Refusal tooLarge = new Refusal.PayloadTooLarge("too large");
    Ingress refusedByHttp = new Ingress(in.decisionId(), in.received(), in.method(), in.targetUri(), in.headers(),
        Buffer.buffer(), in.peerChain(), in.twin(), in.kind(), in.block(), in.operation(), tooLarge);

    assertSame(tooLarge, refusal(ADMIT.apply(new Authenticated(refusedByHttp, authenticated.catalog(),
        authenticated.caller())), Refusal.PayloadTooLarge.class));
  }

  @Test
  void apply_withoutPurpose_isBadRequestNamingTheHeader() {
    Refusal.BadRequest refused = refusal(ADMIT.apply(Calls.to(PATH).authenticated()), Refusal.BadRequest.class);

    assertTrue(refused.detail().contains(Ingress.PURPOSE), refused.detail());
  }

  @Test
  void apply_purposeThatIsNoDpvTerm_isBadRequest() {
    refusal(ADMIT.apply(Calls.to(PATH).header(Ingress.PURPOSE, "because I can").authenticated()),
        Refusal.BadRequest.class);
  }

  @Test
  void apply_malformedSubject_isBadRequest() {
    refusal(ADMIT.apply(Calls.to(PATH).header(Ingress.PURPOSE, "dpv:ServiceProvision")
        .header(Ingress.SUBJECTS, "ada, bob smith").authenticated()), Refusal.BadRequest.class);
  }

  @Test
  void apply_moreSubjectsThanTheLimit_isBadRequest() {
    String many = IntStream.rangeClosed(0, Subjects.MAX).mapToObj(i -> "s" + i).collect(Collectors.joining(","));

    refusal(ADMIT.apply(Calls.to(PATH).header(Ingress.PURPOSE, "dpv:ServiceProvision")
        .header(Ingress.SUBJECTS, many).authenticated()), Refusal.BadRequest.class);
  }

  @Test
  void apply_bodyThatIsNotJson_isUnsupportedMediaType() {
    Calls call = Calls.to(PATH).json(new JsonObject().put("a", 1)).contentType("text/plain")
        .header(Ingress.PURPOSE, "dpv:ServiceProvision");

    refusal(ADMIT.apply(call.authenticated()), Refusal.UnsupportedMediaType.class);
  }

  @Test
  void apply_twoHostHeaders_isBadRequest() {
    refusal(ADMIT.apply(Calls.to(PATH).header(Ingress.PURPOSE, "dpv:ServiceProvision").header("host", "a.example")
        .header("host", "b.example").authenticated()), Refusal.BadRequest.class);
  }

  @Test
  void apply_twoPurposes_isBadRequestRatherThanTheFirstWinning() {
    refusal(ADMIT.apply(Calls.to(PATH).header(Ingress.PURPOSE, "dpv:ServiceProvision")
        .header(Ingress.PURPOSE, "dpv:Marketing").authenticated()), Refusal.BadRequest.class);
  }

  @Test
  void apply_purposeLongerThanTheRecordTakes_isBadRequest() {
    refusal(ADMIT.apply(Calls.to(PATH).header(Ingress.PURPOSE, "dpv:" + "A".repeat(596)).authenticated()),
        Refusal.BadRequest.class);
  }

  @Test
  void apply_onlyCommasForSubjects_isBadRequest() {
    refusal(ADMIT.apply(Calls.to(PATH).header(Ingress.PURPOSE, "dpv:ServiceProvision")
        .header(Ingress.SUBJECTS, ",,,").authenticated()), Refusal.BadRequest.class);
  }

  @Test
  void apply_mediaTypesThatOnlyStartLikeJson_areUnsupported() {
    for (String type : List.of("application/json-seq", "application/jsonx", "application/json; charset=latin1",
        "application/json; profile=x")) {
      refusal(ADMIT.apply(Calls.to(PATH).json(new JsonObject().put("a", 1)).contentType(type)
          .header(Ingress.PURPOSE, "dpv:ServiceProvision").authenticated()), Refusal.UnsupportedMediaType.class);
    }
  }

  @Test
  void apply_jsonWithCharsetUtf8_isAdmitted() {
    value(ADMIT.apply(Calls.to(PATH).json(new JsonObject().put("a", 1)).contentType("Application/JSON; charset=UTF-8")
        .header(Ingress.PURPOSE, "dpv:ServiceProvision").authenticated()));
  }

  @Test
  void apply_bodyThatIsNotUtf8_isBadRequest() {
    Calls call = Calls.to(PATH).body(Buffer.buffer(new byte[] {'{', '"', 'm', '"', ':', '"', 'x', (byte) 0xff,
        (byte) 0xfe, '"', '}'})).header(Ingress.PURPOSE, "dpv:ServiceProvision");

    refusal(ADMIT.apply(call.authenticated()), Refusal.BadRequest.class);
  }
}
