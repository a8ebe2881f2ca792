package io.twinguard.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProblemTest {

  @Test
  void toJson_carriesStandardMembersAndExtensions() {
    Problem problem = new Problem(ProblemType.DENIED, "privacy: consent missing for subject s-1")
        .with("reasons", new JsonArray().add(new JsonObject().put("policy", "privacy")));

    JsonObject json = problem.toJson("urn:uuid:1234");

    assertEquals("https://twinguard.io/problems/denied", json.getString("type"));
    assertEquals("Denied by policy", json.getString("title"));
    assertEquals(403, json.getInteger("status"));
    assertEquals("privacy: consent missing for subject s-1", json.getString("detail"));
    assertEquals("urn:uuid:1234", json.getString("instance"));
    assertEquals("privacy", json.getJsonArray("reasons").getJsonObject(0).getString("policy"));
  }

  @Test
  void constructor_extensionShadowingStandardMember_isRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> new Problem(ProblemType.INTERNAL, "x", Map.of("status", 200)));
  }

  @Test
  void everyType_hasItsOwnUri() {
    Set<String> uris = Arrays.stream(ProblemType.values())
        .map(type -> type.type().toString())
        .collect(Collectors.toSet());

    assertEquals(ProblemType.values().length, uris.size());
  }
}
