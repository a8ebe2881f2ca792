package io.twinguard.adapters.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The declarative mapping on its own: renames, restructuring, arrays, units, the allow-list. */
class JsonMappingTest {

  private static FieldRule rule(String from, String to) {
    return new FieldRule(from, to, Optional.empty(), List.of(), false);
  }

  @Test
  void apply_movesValuesBetweenPointersAndDropsTheRest() throws Exception {
    JsonObject source = new JsonObject().put("a", new JsonObject().put("b", 1)).put("secret", "x");

    JsonObject result = JsonMapping.apply(List.of(rule("/a/b", "/x/y/z")), source);

    assertEquals(new JsonObject().put("x", new JsonObject().put("y", new JsonObject().put("z", 1))), result);
  }

  @Test
  void apply_withEach_mapsEveryElement() throws Exception {
    JsonObject source = new JsonObject().put("items", new JsonArray()
        .add(new JsonObject().put("n", "a").put("min", 2)).add(new JsonObject().put("n", "b").put("min", 0.5)));
    FieldRule each = new FieldRule("/items", "/out", Optional.empty(), List.of(
        rule("/n", "/name"),
        new FieldRule("/min", "/s", Optional.of(UnitConversion.of("min", "s")), List.of(), false)), false);

    JsonObject result = JsonMapping.apply(List.of(each), source);

    assertEquals(new JsonObject().put("out", new JsonArray()
        .add(new JsonObject().put("name", "a").put("s", 120.0))
        .add(new JsonObject().put("name", "b").put("s", 30.0))), result);
  }

  @Test
  void apply_whenRequiredValueMissing_failsNamingThePointer() {
    JsonMapping.MappingException e = assertThrows(JsonMapping.MappingException.class,
        () -> JsonMapping.apply(List.of(rule("/a", "/b")), new JsonObject()));

    assertEquals("no value at /a", e.getMessage());
  }

  @Test
  void apply_whenOptionalValueMissing_skipsIt() throws Exception {
    FieldRule optional = new FieldRule("/a", "/b", Optional.empty(), List.of(), true);

    assertEquals(new JsonObject(), JsonMapping.apply(List.of(optional), new JsonObject()));
  }

  @Test
  void apply_whenConvertedValueIsNotANumber_fails() {
    FieldRule converted = new FieldRule("/t", "/c", Optional.of(UnitConversion.of("[degF]", "Cel")), List.of(), false);

    assertThrows(JsonMapping.MappingException.class, () -> JsonMapping.apply(List.of(converted), new JsonObject().put("t", "hot")));
  }
}
