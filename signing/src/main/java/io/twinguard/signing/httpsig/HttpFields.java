package io.twinguard.signing.httpsig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An immutable multimap of HTTP field lines: lower-cased names in first-seen order, each with its
 * values in the order they occurred.
 *
 * @param lines the field values by lower-cased name
 */
public record HttpFields(Map<String, List<String>> lines) {

  private static final Pattern OBS_FOLD = Pattern.compile("\\r?\\n[ \\t]+");

  /** Copies {@code lines}, lower-casing names and merging names that differ only in case. */
  public HttpFields {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    lines.forEach((name, values) -> {
      List<String> target = copy.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>());
      values.forEach(v -> target.add(Objects.requireNonNull(v, "field value")));
    });
    copy.replaceAll((name, values) -> List.copyOf(values));
    lines = Collections.unmodifiableMap(copy);
  }

  /** No fields. */
  public static HttpFields empty() {
    return new HttpFields(Map.of());
  }

  /**
   * Fields from alternating names and values: {@code of("Host", "example.com", "Date", "...")}.
   *
   * @throws IllegalArgumentException when an odd number of strings is given
   */
  public static HttpFields of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must come in pairs");
    }
    HttpFields fields = empty();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      fields = fields.with(namesAndValues[i], namesAndValues[i + 1]);
    }
    return fields;
  }

  /** These fields plus one more field line; existing lines of the same name are kept. */
  public HttpFields with(String name, String value) {
    Map<String, List<String>> copy = new LinkedHashMap<>(lines);
    List<String> values = new ArrayList<>(copy.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()));
    values.add(value);
    copy.put(name.toLowerCase(Locale.ROOT), values);
    return new HttpFields(copy);
  }

  /** These fields without any line named {@code name}. */
  public HttpFields without(String name) {
    Map<String, List<String>> copy = new LinkedHashMap<>(lines);
    copy.remove(name.toLowerCase(Locale.ROOT));
    return new HttpFields(copy);
  }

  /** The values of every line named {@code name} (any case), in order; empty when absent. */
  public List<String> values(String name) {
    return lines.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  /**
   * The field's combined value as RFC 9421 section 2.1 defines it: each line trimmed, obsolete
   * line folding replaced by one space, lines joined with {@code ", "}.
   */
  public Optional<String> combined(String name) {
    List<String> values = values(name);
    if (values.isEmpty()) {
      return Optional.empty();
    }
    List<String> cleaned = new ArrayList<>(values.size());
    for (String value : values) {
      cleaned.add(OBS_FOLD.matcher(value.strip()).replaceAll(" "));
    }
    return Optional.of(String.join(", ", cleaned));
  }
}
