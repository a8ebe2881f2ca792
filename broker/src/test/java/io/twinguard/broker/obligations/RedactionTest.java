package io.twinguard.broker.obligations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactionTest {

  static final JsonObject ROOM = new JsonObject("""
      {"room": "r-12", "temperature": 21.5,
       "occupant": {"name": "Ada", "condition": "claustrophobia"},
       "visitors": ["v-1", "v-2"], "a/b": 1, "m~n": 2}
      """);

  @Test
  void apply_removeMode_dropsNamedFieldsAndLeavesInputAlone() {
    Redaction.Result result = Redaction.apply(ROOM, List.of("/occupant/condition", "/visitors/0"), Redaction.Mode.REMOVE);

    JsonObject out = (JsonObject) result.json();
    assertEquals(new JsonObject().put("name", "Ada"), out.getJsonObject("occupant"));
    assertEquals(List.of("v-2"), out.getJsonArray("visitors").getList());
    assertEquals(List.of("/occupant/condition", "/visitors/0"), result.redacted());
    assertEquals("claustrophobia", ROOM.getJsonObject("occupant").getString("condition"));
  }

  @Test
  void apply_maskMode_replacesValue() {
    JsonObject out = (JsonObject) Redaction.apply(ROOM, List.of("/occupant"), Redaction.Mode.MASK).json();

    assertEquals(Redaction.MASK, out.getString("occupant"));
    assertEquals(21.5, out.getDouble("temperature"));
  }

  @Test
  void apply_escapedPointerTokens_followRfc6901() {
    JsonObject out = (JsonObject) Redaction.apply(ROOM, List.of("/a~1b", "/m~0n"), Redaction.Mode.REMOVE).json();

    assertEquals(List.of("room", "temperature", "occupant", "visitors"), List.copyOf(out.fieldNames()));
  }

  @Test
  void apply_pointerToAbsentField_isNotRedactedAndNotAnError() {
    Redaction.Result result = Redaction.apply(ROOM, List.of("/nothing/here", "/visitors/7"), Redaction.Mode.REMOVE);

    assertEquals(ROOM, result.json());
    assertEquals(List.of(), result.redacted());
  }

  @Test
  void apply_invalidOrRootPointer_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> Redaction.apply(ROOM, List.of("occupant"), Redaction.Mode.REMOVE));
    assertThrows(IllegalArgumentException.class, () -> Redaction.apply(ROOM, List.of(""), Redaction.Mode.REMOVE));
  }
}
