package io.twinguard.examples.usecases;

import io.twinguard.audit.query.AuditQuery;
import io.twinguard.audit.query.ProvedRecord;
import io.twinguard.audit.query.QueryPage;
import io.twinguard.examples.demo.TwinClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Plays a use case's steps through the broker and prints each: what was asked, the answer, the
 * decision and its reasons, the obligations applied (redactions) and the audit record, read back
 * from the log. A step whose outcome differs from the expected one throws {@link StepFailed}.
 */
final class Script {

  /** How long a step waits for its record to be covered by a signed checkpoint. */
  private static final long RECORD_WAIT_MS = 20_000;
  private static final long POLL_MS = 25;

  /**
   * A call's answer and its decision record.
   *
   * @param answer the broker's answer
   * @param record the decision record, as read from the audit log
   * @param index the record's leaf index
   */
  record Outcome(TwinClient.Answer answer, JsonObject record, long index) {
    JsonObject json() {
      return answer.json();
    }
  }

  final City city;
  private final PrintWriter out;
  private final String useCase;
  private int steps;

  Script(City city, PrintWriter out, String useCase) {
    this.city = city;
    this.out = out;
    this.useCase = useCase;
  }

  /** Prints a line of the story (what is about to happen, outside the broker). */
  void tell(String line) {
    out.printf("    %s%n", line);
    out.flush();
  }

  /**
   * Plays a call of {@code caller} to {@code path} ({@code twin/kind/block/operation}) and checks
   * its status.
   *
   * @param subjects comma-separated data subjects, or null
   * @param payload the JSON payload, or null
   */
  Outcome call(String step, String caller, String path, String purpose, String subjects, JsonObject payload,
      boolean sign, int expectedStatus) throws Exception {
    steps++;
    out.printf("  %s.%d %s%n", useCase, steps, step);
    out.printf("      asked:    %s -> %s for %s%s%s%n", caller, path, purpose,
        subjects == null ? "" : " about " + subjects, sign ? " (signed)" : "");
    TwinClient.Answer answer = City.await(city.client(caller).call(path, purpose, subjects, payload, sign));
    String decisionId = answer.headers().get("twin-decision-id");
    ProvedRecord proved = decisionId == null ? null : City.await(record(decisionId));
    JsonObject record = proved == null ? new JsonObject() : proved.record();
    out.printf("      answer:   %d %s%n", answer.status(), summary(answer));
    out.printf("      decision: %s%s%n", record.getString("decision", "none"), reasons(record));
    JsonArray obligations = applied(record);
    if (!obligations.isEmpty()) {
      out.printf("      applied:  %s%n", obligations.encode());
    }
    if (proved != null) {
      out.printf("      record:   #%d %s%n", proved.index(), decisionId);
    }
    out.flush();
    expect(step, answer.status() == expectedStatus, "status " + expectedStatus,
        "status " + answer.status() + " " + summary(answer));
    return new Outcome(answer, record, proved == null ? -1 : proved.index());
  }

  /** Fails the step unless {@code holds}. */
  void expect(String step, boolean holds, String expected, String actual) {
    if (!holds) {
      out.printf("      FAILED:   expected %s, got %s%n", expected, actual);
      out.flush();
      throw new StepFailed(useCase, step, expected, actual);
    }
  }

  /** Fails the step unless the record's reasons include {@code policy/code}. */
  void expectReason(String step, Outcome outcome, String policy, String code) {
    boolean found = outcome.record().getJsonArray("reasons", new JsonArray()).stream().map(JsonObject.class::cast)
        .anyMatch(r -> policy.equals(r.getString("policy")) && code.equals(r.getString("code")));
    expect(step, found, "the reason " + policy + "/" + code, "reasons" + reasons(outcome.record()));
  }

  /** The record of {@code decisionId} once a signed checkpoint covers it (polled, bounded). */
  Future<ProvedRecord> record(String decisionId) {
    AuditQuery byId = new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.of(decisionId), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), AuditQuery.MAX_LIMIT);
    // the call's own decision record is its last (a command has a forwarding record before it)
    return poll(() -> city.query.query(byId), page -> page.records().stream()
        .anyMatch(r -> "decision".equals(r.record().getString("kind"))), RECORD_WAIT_MS / POLL_MS)
        .map(page -> page.records().stream().filter(r -> "decision".equals(r.record().getString("kind")))
            .reduce((a, b) -> b).orElseThrow());
  }

  private Future<QueryPage> poll(Supplier<Future<QueryPage>> ask, Predicate<QueryPage> done,
      long attempts) {
    return ask.get().compose(page -> {
      if (done.test(page)) {
        return Future.succeededFuture(page);
      }
      if (attempts <= 0) {
        return Future.failedFuture(useCase + ": no signed checkpoint covered the record in " + RECORD_WAIT_MS + " ms");
      }
      Promise<QueryPage> next = Promise.promise();
      city.vertx.setTimer(POLL_MS, id -> poll(ask, done, attempts - 1).onComplete(next));
      return next.future();
    });
  }

  /** The obligations the broker applied, without redactions that found nothing to remove. */
  static JsonArray applied(JsonObject record) {
    JsonArray applied = new JsonArray();
    record.getJsonArray("obligations", new JsonArray()).stream().map(JsonObject.class::cast)
        .filter(o -> !"redact".equals(o.getString("type")) || !o.getJsonArray("fields", new JsonArray()).isEmpty())
        .forEach(applied::add);
    return applied;
  }

  static String reasons(JsonObject record) {
    JsonArray reasons = record.getJsonArray("reasons", new JsonArray());
    StringBuilder text = new StringBuilder();
    for (Object reason : reasons) {
      JsonObject r = (JsonObject) reason;
      text.append(" - ").append(r.getString("policy")).append('/').append(r.getString("code"))
          .append(": ").append(r.getString("message"));
    }
    return text.toString();
  }

  static String summary(TwinClient.Answer answer) {
    JsonObject json;
    try {
      json = answer.json();
    } catch (RuntimeException e) {
      return "(" + answer.body().length() + " bytes)";
    }
    if (json.containsKey("type") && json.containsKey("title")) {
      return json.getString("title") + ": " + json.getString("detail", "");
    }
    return json.encode();
  }
}
