package io.twinguard.tests.consent;

import static io.twinguard.tests.consent.ConsentCity.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.query.AuditQuery;
import io.twinguard.audit.query.ProvedRecord;
import io.twinguard.audit.query.QueryService;
import io.twinguard.consent.ChangeOutcome;
import io.twinguard.consent.Consent;
import io.twinguard.consent.ConsentService;
import io.twinguard.consent.ConsentStatus;
import io.twinguard.consent.store.NoticeStore;
import io.twinguard.examples.demo.Ecosystem;
import io.twinguard.examples.demo.TwinClient;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Withdrawal propagation end to end through a broker: a denied call asks the citizen, the grant
 * lets the building and the room (both of city-buildings) read her data, and her withdrawal sends
 * each of them a notice signed by the broker (RFC 9421) at its registered endpoint. The building
 * verifies and acknowledges it; the room verifies but never confirms, so after the configured
 * attempts its notice is unconfirmed. Both outcomes are in the audit log and in the notice table.
 */
class WithdrawalNoticeTest {

  static final String SUBJECT = "citizen-notice-test";
  static final String HEALTH = "citizen-ada/data/health/read";

  static ConsentCity city;
  static ConsentCity.Node node;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    city = ConsentCity.start(dir, Map.of(), UnaryOperator.identity());
    node = city.broker(Map.of());
  }

  @AfterAll
  static void stop() throws Exception {
    if (city != null) {
      city.close();
    }
  }

  @Test
  void withdraw_afterTwoTwinsReceivedData_notifiesBoth_oneConfirmsOneNever() throws Exception {
    ConsentService service = node.consent().service();
    TwinClient building = node.client(city, ConsentCity.BUILDING);
    TwinClient room = node.client(city, ConsentCity.ROOM);
    assertEquals(403, read(building).status(), "no consent yet");
    Consent requested = await(service.consentsOf(SUBJECT)).get(0);
    assertEquals(ConsentStatus.REQUESTED, requested.status());
    assertEquals("city-buildings", requested.recipientOrg());
    assertInstanceOf(ChangeOutcome.Changed.class, await(service.grant(SUBJECT, requested.id(), null)));
    assertEquals(200, read(building).status());
    assertEquals(200, read(room).status());

    ChangeOutcome.Changed withdrawn = assertInstanceOf(ChangeOutcome.Changed.class,
        await(service.withdraw(SUBJECT, requested.id())));
    List<NoticeStore.Notice> notices = settled(service, requested.id());

    assertEquals(403, read(building).status(), "the withdrawal is in force");
    NoticeStore.Notice toBuilding = notice(notices, ConsentCity.BUILDING);
    NoticeStore.Notice toRoom = notice(notices, ConsentCity.ROOM);
    assertEquals(List.of("confirmed", 1), List.of(toBuilding.state(), toBuilding.attempts()));
    assertEquals(List.of("unconfirmed", 3), List.of(toRoom.state(), toRoom.attempts()));
    assertEquals(1, city.buildingNotices.verified.size());
    assertEquals(3, city.roomNotices.verified.size(), "every attempt arrives signed; none is confirmed");
    assertEquals(List.of(), city.buildingNotices.refused);
    NoticeEndpoint.Received notice = city.buildingNotices.verified.get(0);
    assertEquals(Ecosystem.BROKER_ID, notice.keyId());
    assertEquals(new JsonObject().put("type", "consent-withdrawn").put("consent_id", requested.id())
        .put("version", withdrawn.consent().version()).put("status", "withdrawn").put("subject", SUBJECT)
        .put("recipient_org", "city-buildings").put("purposes", List.of("dpv:ServiceProvision"))
        .put("data_categories", List.of("pd:MentalHealth"))
        .put("withdrawn_at", withdrawn.consent().toJson().getString("withdrawn_at")), notice.body());
    List<String> events = consentEvents();
    assertTrue(events.contains("notice_confirmed") && events.contains("notice_unconfirmed"), events.toString());
  }

  private static TwinClient.Answer read(TwinClient twin) throws Exception {
    return await(twin.call(HEALTH, "dpv:ServiceProvision", SUBJECT, null, false));
  }

  /** The notices once none is pending any more (each twin's outcome is recorded). */
  private static List<NoticeStore.Notice> settled(ConsentService service, String consentId) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    List<NoticeStore.Notice> notices = await(service.notices(SUBJECT, consentId));
    while ((notices.size() < 2 || notices.stream().anyMatch(n -> n.state().equals("pending")))
        && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(20);
      notices = await(service.notices(SUBJECT, consentId));
    }
    return notices;
  }

  private static NoticeStore.Notice notice(List<NoticeStore.Notice> notices, String twin) {
    return notices.stream().filter(n -> n.twin().equals("spiffe://city.example/twin/" + twin)).findFirst()
        .orElseThrow(() -> new AssertionError("no notice to " + twin + " in " + notices));
  }

  private static List<String> consentEvents() throws Exception {
    return await(new QueryService(city.log).query(AuditQuery.all().withSubject(SUBJECT)
            .withPage(Optional.empty(), 100)))
        .records().stream().map(ProvedRecord::record)
        .filter(r -> "consent".equals(r.getString("kind")))
        .map(r -> r.getString("event")).toList();
  }
}
