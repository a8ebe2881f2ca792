package io.twinguard.examples.report;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceDiagramTest {

  private static Evidence evidence(long index, JsonObject record) {
    return new Evidence(index, record, new JsonObject(), true);
  }

  private static final JsonObject DENIED = new JsonObject().put("kind", "decision")
      .put("caller", "spiffe://city.example/twin/farm-north").put("target", "spiffe://city.example/twin/irrigation-tank")
      .put("block", new JsonObject().put("kind", "gateway").put("name", "valve-south")).put("operation", "open")
      .put("purpose", "dpv:ServiceProvision").put("decision", "deny").put("status", 403)
      .put("reasons", new JsonArray().add(new JsonObject().put("policy", "sharing").put("code", "allocation_not_held")
          .put("message", "valve:south [allotted] to another member")));

  private static final JsonObject REDACTED = DENIED.copy().put("decision", "allow").put("status", 200)
      .put("upstream_status", 200).put("reasons", new JsonArray()).put("obligations", new JsonArray()
          .add(new JsonObject().put("type", "redact").put("fields", new JsonArray().add("/farms/south/crop"))));

  private static final JsonObject GIVEN = new JsonObject().put("kind", "consent").put("subject", "citizen-ada")
      .put("actor", "citizen-ada").put("event", "given").put("version", 2).put("recipient_org", "city-buildings");

  @Test
  void of_recordsOfAUseCase_everyArrowLinksItsRecordAndProof() throws IOException {
    UseCaseReport useCase = new UseCaseReport("UC3", "two farms", null,
        List.of(evidence(15, DENIED), evidence(16, REDACTED), evidence(17, GIVEN)));

    String uml = SequenceDiagram.of(useCase);
    String svg = Svg.render(uml);

    long arrows = uml.lines().filter(l -> l.contains(" -> ") || l.contains(" --> ")).count();
    long linked = uml.lines().filter(l -> l.matches("p\\d+ -?-> p\\d+ : \\[\\[records/\\d+\\.json #\\d+\\]\\] .*"
        + "\\[\\[proofs/\\d+\\.json proof\\]\\]")).count();
    assertTrue(arrows == 2 + 4 + 1 && linked == arrows, uml);
    assertTrue(uml.contains("403 deny, sharing/allocation_not_held"), uml);
    assertTrue(uml.contains("200 allow, redacted /farms/south/crop"), uml);
    assertTrue(svg.contains("href=\"records/16.json\"") && svg.contains("href=\"proofs/17.json\""), svg);
  }

  @Test
  void render_notADiagram_isRefusedNotDrawnAsAnErrorImage() {
    assertThrows(IOException.class, () -> Svg.render("@startuml\nthis is -> not : [[ a diagram\n@@@\n@enduml\n"));
  }
}
