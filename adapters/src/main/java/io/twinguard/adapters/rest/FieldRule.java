package io.twinguard.adapters.rest;

import io.twinguard.adapters.settings.SettingsReader;
import io.vertx.core.json.pointer.JsonPointer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One step of a declarative JSON mapping: copy the value at {@code from} (a JSON Pointer into the
 * source) to {@code to} (a JSON Pointer into the result, intermediate objects created), converting
 * its unit or mapping each element of an array through nested rules. A mapping is an allow-list:
 * what no rule names does not reach the result.
 *
 * @param from where the value is in the source; {@code ""} is the whole source
 * @param to where it goes in the result; never the root
 * @param unit the unit conversion of a numeric value, if any
 * @param each the rules that map every element of an array value into a new object; empty when the
 *     value is copied as is
 * @param optional whether a missing source value is skipped rather than an error
 */
public record FieldRule(String from, String to, Optional<UnitConversion> unit, List<FieldRule> each, boolean optional) {

  private static final Set<String> KEYS = Set.of("from", "to", "unit", "each", "optional");

  /** @throws IllegalArgumentException when a pointer is malformed or both unit and each are given */
  public FieldRule {
    pointer(from);
    if (pointer(to).isRootPointer()) {
      throw new IllegalArgumentException("'to' must not be the root");
    }
    Objects.requireNonNull(unit, "unit");
    each = List.copyOf(each);
    if (unit.isPresent() && !each.isEmpty()) {
      throw new IllegalArgumentException("a rule converts a unit or maps each element, not both");
    }
  }

  /** Reads a rule, recording errors in the reader; {@code null} when it has errors. */
  static FieldRule read(SettingsReader r) {
    r.allowOnly(KEYS);
    String from = r.string("from");
    String to = r.string("to");
    checkPointer(r, "from", from);
    checkPointer(r, "to", to);
    Optional<UnitConversion> unit = Optional.empty();
    if (r.has("unit")) {
      SettingsReader u = r.child("unit");
      u.allowOnly(Set.of("from", "to"));
      String source = u.string("from");
      String target = u.string("to");
      if (source != null && target != null) {
        try {
          unit = Optional.of(UnitConversion.of(source, target));
        } catch (IllegalArgumentException e) {
          u.error(e.getMessage());
        }
      }
    }
    List<FieldRule> each = r.list("each", FieldRule::read);
    boolean optional = Boolean.TRUE.equals(r.raw("optional"));
    if (r.has("optional") && !(r.raw("optional") instanceof Boolean)) {
      r.error("optional", "must be true or false");
    }
    if (r.has("each") && each.isEmpty()) {
      r.error("each", "must list at least one rule");
    }
    if (from == null || to == null || each.contains(null) || r.failed()) {
      return null;
    }
    try {
      return new FieldRule(from, to, unit, each, optional);
    } catch (IllegalArgumentException e) {
      r.error(e.getMessage());
      return null;
    }
  }

  private static void checkPointer(SettingsReader r, String key, String text) {
    if (text != null) {
      try {
        pointer(text);
      } catch (IllegalArgumentException e) {
        r.error(key, "must be a JSON Pointer such as /a/b, not '" + text + "'");
      }
    }
  }

  static JsonPointer pointer(String text) {
    Objects.requireNonNull(text, "pointer");
    if (!text.isEmpty() && !text.startsWith("/")) {
      throw new IllegalArgumentException("a JSON Pointer is empty or starts with '/': '" + text + "'");
    }
    return JsonPointer.from(text);
  }
}
