package io.twinguard.tests.consent;

import static io.twinguard.tests.consent.ConsentCity.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.query.AuditQuery;
import io.twinguard.audit.query.ProvedRecord;
import io.twinguard.audit.query.QueryService;
import io.twinguard.broker.forward.SseParser;
import io.twinguard.consent.ChangeOutcome;
import io.twinguard.consent.ConsentTerms;
import io.twinguard.consent.LegalBasis;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An open event subscription follows a withdrawal from the next event: the room subscribes to the
 * HVAC vents' events about the occupant, who consented, so the events carry her; once her
 * withdrawal is acknowledged, no event decided after that carries her any more: the subscription
 * names her, so the first event decided without her consent revokes it. The broker decides
 * a subscription's events one after another, each recorded before the next is decided, so among
 * the audit records appended after the acknowledgement at most the first can belong to an event
 * decided before it.
 */
class EventWithdrawalTest {

  static final String OCCUPANT = "citizen-ada";
  static final String ROOM_ID = "spiffe://city.example/twin/room-12";

  static ConsentCity city;
  static ConsentCity.Node node;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    city = ConsentCity.start(dir, Map.of(), EventWithdrawalTest::ventsAboutPeople);
    node = city.broker(Map.of());
  }

  /**
   * Declares that the vents' block touches location data: the example registry names the category
   * only in its {@code fields}, and the policies release a field only when the block's {@code
   * data_categories} make the call one about personal data, so without it the occupant is redacted
   * whatever the consents say.
   */
  private static JsonObject ventsAboutPeople(JsonObject registry) {
    for (Object twin : registry.getJsonArray("twins")) {
      JsonObject declared = (JsonObject) twin;
      if (declared.getString("id").endsWith("/hvac-room-12")) {
        declared.getJsonArray("blocks").stream().map(JsonObject.class::cast)
            .filter(block -> "vents".equals(block.getString("name")))
            .forEach(block -> block.put("data_categories", new JsonArray().add("pd:Location")));
      }
    }
    return registry;
  }

  @AfterAll
  static void stop() throws Exception {
    if (city != null) {
      city.close();
    }
  }

  @Test
  void withdraw_duringOpenSubscription_laterEventsNoLongerCarryTheSubject() throws Exception {
    ChangeOutcome.Changed given = assertInstanceOf(ChangeOutcome.Changed.class, await(node.consent().service()
        .give(new ConsentTerms(OCCUPANT, "city-buildings", "city-buildings", null, List.of("dpv:ServiceProvision"),
            List.of("pd:Location"), List.of("dpv:Use"), LegalBasis.CONSENT, null), OCCUPANT)));
    HttpClientResponse stream = await(node.client(city, ConsentCity.ROOM)
        .subscribe("hvac-room-12/gateway/vents", "dpv:ServiceProvision", OCCUPANT));
    assertEquals(200, stream.statusCode());
    List<JsonObject> events = new CopyOnWriteArrayList<>();
    SseParser parser = new SseParser();
    stream.handler(chunk -> parser.feed(chunk.toString()).forEach(event -> events.add(new JsonObject(event))));
    CompletableFuture<Void> ended = new CompletableFuture<>();
    stream.endHandler(end -> ended.complete(null));
    stream.resume();
    until(() -> events.stream().anyMatch(EventWithdrawalTest::carriesOccupant), "an event carries the occupant");

    AtomicLong lastBeforeAck = new AtomicLong(-1);
    await(node.consent().service().withdraw(OCCUPANT, given.consent().id())
        .compose(withdrawn -> records().map(all -> {
          lastBeforeAck.set(all.get(all.size() - 1).index());
          return withdrawn;
        })));
    List<JsonObject> after = eventRecords(lastBeforeAck.get(), Long.MAX_VALUE, 1);
    until(ended::isDone, "the subscription, which names her, is revoked once an event is decided without her consent");

    List<JsonObject> before = eventRecords(-1, lastBeforeAck.get(), 1);
    assertTrue(before.stream().anyMatch(EventWithdrawalTest::releasesOccupant),
        "before the withdrawal the records show events released with the occupant: " + before);
    assertEquals(List.of(), after.subList(1, after.size()).stream().filter(EventWithdrawalTest::releasesOccupant).toList(),
        "events decided after the acknowledgement and released with the occupant");
    assertEquals("https://twinguard.io/problems/denied", events.get(events.size() - 1).getString("type"),
        "the stream's last event says why it ended: " + events);
  }

  /**
   * The subscription's event records after audit index {@code after} up to {@code upTo}, oldest
   * first, once there are at least {@code atLeast} (polled every 50 ms for at most a minute).
   */
  private static List<JsonObject> eventRecords(long after, long upTo, int atLeast) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (true) {
      List<JsonObject> found = new ArrayList<>();
      for (ProvedRecord record : await(records())) {
        JsonObject json = record.record();
        if (record.index() > after && record.index() <= upTo && "events".equals(json.getString("operation"))
            && ROOM_ID.equals(json.getString("caller")) && json.getJsonArray("subjects").contains(OCCUPANT)) {
          found.add(json);
        }
      }
      if (found.size() >= atLeast) {
        return found;
      }
      assertTrue(System.nanoTime() < deadline, "event records after " + after + ": " + found.size());
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  /** Whether the record is of an event released without redacting the occupant. */
  private static boolean releasesOccupant(JsonObject record) {
    return "allow".equals(record.getString("decision")) && !redactsOccupant(record);
  }

  private static boolean carriesOccupant(JsonObject event) {
    return OCCUPANT.equals(event.getValue("occupant"));
  }

  private static boolean redactsOccupant(JsonObject record) {
    return record.getJsonArray("obligations", new JsonArray()).stream()
        .map(JsonObject.class::cast)
        .anyMatch(o -> "redact".equals(o.getString("type"))
            && o.getJsonArray("fields", new JsonArray()).contains("/occupant"));
  }

  /** The occupant's records in the audit log, oldest first. */
  private static Future<List<ProvedRecord>> records() {
    return new QueryService(city.log)
        .query(AuditQuery.all().withSubject(OCCUPANT).withPage(Optional.empty(), AuditQuery.MAX_LIMIT))
        .map(page -> page.records());
  }

  /** Polls the condition every 10 ms for at most a minute. */
  private static void until(BooleanSupplier condition, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
      TimeUnit.MILLISECONDS.sleep(10);
    }
  }
}
