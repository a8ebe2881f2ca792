package io.twinguard.examples.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A use case's PlantUML sequence diagram, drawn from its audit records alone: a call is an arrow
 * from the caller to the broker, the forwarding to the target when there was one, and the answer
 * back with the decision (reasons, redactions, refusal); a consent change an arrow to the consent
 * service; a registry or mode change an arrow from the operator. Every arrow links to its record
 * ({@code records/N.json}) and its inclusion proof ({@code proofs/N.json}).
 */
final class SequenceDiagram {

  private static final String BROKER = "broker";
  private static final String CONSENT = "consent service";

  private final StringBuilder arrows = new StringBuilder();
  private final Map<String, String> participants = new LinkedHashMap<>();

  private SequenceDiagram() {}

  /** The PlantUML source of {@code useCase}'s diagram. */
  static String of(UseCaseReport useCase) {
    SequenceDiagram d = new SequenceDiagram();
    useCase.evidence().forEach(d::add);
    StringBuilder text = new StringBuilder("@startuml\n")
        .append("skinparam shadowing false\nskinparam monochrome true\nskinparam defaultFontName sans-serif\n")
        .append("skinparam sequenceMessageAlign left\nhide footbox\n")
        .append("title ").append(useCase.id()).append(": ").append(useCase.title()).append('\n');
    d.participants.forEach((name, alias) -> text.append("participant \"").append(name).append("\" as ")
        .append(alias).append('\n'));
    return text.append(d.arrows).append("@enduml\n").toString();
  }

  private void add(Evidence e) {
    JsonObject r = e.record();
    switch (e.kind()) {
      case "decision" -> decision(e, r);
      case "forwarding" -> arrow(BROKER, name(r.getString("target")), "->", e, "command written ahead: leases "
          + String.join(", ", strings(r.getJsonArray("actuators"))) + " at priority " + r.getValue("priority"));
      case "consent" -> consent(e, r);
      case "registry" -> arrow("operator", BROKER, "->", e, "admin API: " + r.getString("action")
          + (r.getString("twin") == null ? "" : " " + r.getString("twin")));
      default -> arrow(BROKER, BROKER, "->", e, e.kind() + " record");
    }
  }

  private void decision(Evidence e, JsonObject r) {
    String caller = r.getString("caller") == null ? "unknown caller" : name(r.getString("caller"));
    String target = r.getString("target") == null ? "?" : name(r.getString("target"));
    JsonObject block = r.getJsonObject("block", new JsonObject());
    arrow(caller, BROKER, "->", e, r.getString("operation", "?") + " " + block.getString("kind", "") + "/"
        + block.getString("name", "") + " for " + r.getString("purpose", "?")
        + (r.getJsonArray("subjects", new JsonArray()).isEmpty() ? "" : " about "
            + String.join(", ", strings(r.getJsonArray("subjects")))));
    if (r.getValue("upstream_status") != null) {
      arrow(BROKER, target, "->", e, "forwarded (signed by the broker)");
      arrow(target, BROKER, "-->", e, String.valueOf(r.getValue("upstream_status")));
    }
    StringBuilder answer = new StringBuilder().append(r.getValue("status")).append(' ').append(r.getString("decision"));
    r.getJsonArray("reasons", new JsonArray()).stream().map(JsonObject.class::cast)
        .forEach(reason -> answer.append(", ").append(reason.getString("policy")).append('/').append(reason.getString("code")));
    r.getJsonArray("obligations", new JsonArray()).stream().map(JsonObject.class::cast)
        .filter(o -> "redact".equals(o.getString("type")) && !o.getJsonArray("fields", new JsonArray()).isEmpty())
        .forEach(o -> answer.append(", redacted ").append(String.join(" ", strings(o.getJsonArray("fields")))));
    if (r.getString("problem") != null && r.getJsonArray("reasons", new JsonArray()).isEmpty()) {
      String problem = r.getString("problem");
      answer.append(", ").append(problem.substring(problem.lastIndexOf('/') + 1));
    }
    arrow(BROKER, caller, "-->", e, answer.toString());
  }

  private void consent(Evidence e, JsonObject r) {
    String subject = r.getString("subject");
    String actor = r.getString("actor", "");
    String what = r.getString("event") + " v" + r.getValue("version") + " (" + r.getString("recipient_org") + ")";
    if (actor.equals(subject)) {
      arrow(subject, CONSENT, "->", e, what);
    } else {
      arrow(BROKER, CONSENT, "->", e, what + " asked by " + name(actor));
    }
  }

  private void arrow(String from, String to, String kind, Evidence e, String text) {
    String label = "[[records/" + e.index() + ".json #" + e.index() + "]] " + clean(text)
        + " [[proofs/" + e.index() + ".json proof]]";
    arrows.append(alias(from)).append(' ').append(kind).append(' ').append(alias(to)).append(" : ").append(label)
        .append('\n');
  }

  private String alias(String name) {
    return participants.computeIfAbsent(name, n -> "p" + participants.size());
  }

  /** The twin's name: the last segment of its SPIFFE ID. */
  private static String name(String spiffeId) {
    return spiffeId.substring(spiffeId.lastIndexOf('/') + 1);
  }

  /** Text safe in a PlantUML message: no link or line syntax. */
  private static String clean(String text) {
    return text.replace("[", "(").replace("]", ")").replace("\n", " ").replace("\\", "/");
  }

  private static List<String> strings(JsonArray array) {
    return array == null ? List.of() : array.stream().map(String::valueOf).toList();
  }
}
