package io.twinguard.broker.consent;

import io.twinguard.common.yaml.Yaml;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Consents declared in a fixture file ({@code consents:} list), held in memory: for tests and
 * benchmarks that need consents without a database (and as the baseline the consent lookup is
 * measured against). {@code twinguard serve} and the demo read the consent service instead.
 * Immutable; asks nobody for a missing consent.
 */
public final class FixtureConsents implements ConsentSource {

  private final List<JsonObject> consents;

  private FixtureConsents(List<JsonObject> consents) {
    this.consents = List.copyOf(consents);
  }

  /** No consents at all: every call that touches personal data is refused for want of consent. */
  public static FixtureConsents none() {
    return new FixtureConsents(List.of());
  }

  /**
   * Reads a fixture file.
   *
   * @throws IllegalArgumentException when the text is not YAML or a consent lacks id or subject
   */
  public static FixtureConsents parseYaml(String text) {
    JsonArray items = new JsonObject(Yaml.parseMapping(text, "consent fixtures")).getJsonArray("consents", new JsonArray());
    List<JsonObject> consents = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (!(items.getValue(i) instanceof JsonObject consent)
          || consent.getString("id") == null
          || consent.getString("subject") == null) {
        throw new IllegalArgumentException("consents[" + i + "]: needs at least id and subject");
      }
      consents.add(consent.copy());
    }
    return new FixtureConsents(consents);
  }

  @Override
  public Future<List<JsonObject>> consentsOf(List<String> subjects, String recipientOrg) {
    Set<String> wanted = new HashSet<>(subjects);
    return Future.succeededFuture(consents.stream()
        .filter(consent -> wanted.contains(consent.getString("subject")))
        .filter(consent -> recipientOrg.equals(consent.getString("recipient_org")))
        .map(JsonObject::copy)
        .toList());
  }
}
