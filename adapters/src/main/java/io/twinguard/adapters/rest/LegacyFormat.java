package io.twinguard.adapters.rest;

import io.twinguard.adapters.settings.SettingsReader;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How one broker operation maps to one version of the legacy API.
 *
 * @param method {@code GET} or {@code POST}
 * @param path the legacy path, with {@code {name}} placeholders filled from {@code params}
 * @param params path placeholder name to JSON Pointer into the request payload
 * @param query query parameter name to JSON Pointer into the request payload (skipped when absent)
 * @param request the rules that build the legacy request body from the payload (POST only)
 * @param response the rules that build the broker's response from the legacy answer
 */
public record LegacyFormat(
    String method,
    String path,
    Map<String, String> params,
    Map<String, String> query,
    List<FieldRule> request,
    List<FieldRule> response) {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)}");
  private static final Set<String> KEYS = Set.of("method", "path", "params", "query", "request", "response");

  /** @throws IllegalArgumentException when the path and its params disagree or a GET has a body */
  public LegacyFormat {
    if (!"GET".equals(method) && !"POST".equals(method)) {
      throw new IllegalArgumentException("method must be GET or POST");
    }
    Objects.requireNonNull(path, "path");
    params = Map.copyOf(params);
    query = Map.copyOf(query);
    request = List.copyOf(request);
    response = List.copyOf(response);
    if (!placeholders(path).equals(params.keySet())) {
      throw new IllegalArgumentException("params must name exactly the placeholders of the path " + placeholders(path));
    }
    if ("GET".equals(method) && !request.isEmpty()) {
      throw new IllegalArgumentException("a GET has no request body to map");
    }
  }

  /** The placeholders of a path template, in order. */
  public static Set<String> placeholders(String path) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(path);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** Reads a format, recording errors in the reader; {@code null} when it has errors. */
  static LegacyFormat read(SettingsReader r) {
    r.allowOnly(KEYS);
    String method = r.string("method");
    if (method != null && !method.equals("GET") && !method.equals("POST")) {
      r.error("method", "must be GET or POST");
    }
    String path = r.string("path");
    if (path != null && (!path.startsWith("/") || path.contains("..") || path.contains("?") || path.contains("#"))) {
      r.error("path", "must start with '/' and hold no '..', '?' or '#'");
    }
    Map<String, String> params = pointers(r.child("params"));
    Map<String, String> query = pointers(r.child("query"));
    if (path != null && !placeholders(path).equals(params.keySet())) {
      r.error("params", "must name exactly the placeholders of the path " + placeholders(path));
    }
    List<FieldRule> request = r.list("request", FieldRule::read);
    if ("GET".equals(method) && !request.isEmpty()) {
      r.error("request", "a GET has no request body to map");
    }
    if (!r.has("response")) {
      r.error("response", "required: the rules that build the answer (nothing unmapped is released)");
    }
    List<FieldRule> response = r.list("response", FieldRule::read);
    if (r.failed()) {
      return null;
    }
    return new LegacyFormat(method, path, params, query, request, response);
  }

  private static Map<String, String> pointers(SettingsReader r) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : r.keys()) {
      Object value = r.raw(name);
      if (!(value instanceof String pointer) || !pointer.startsWith("/")) {
        r.error(name, "must be a JSON Pointer into the request, such as /stop");
      } else {
        out.put(name, pointer);
      }
    }
    return out;
  }
}
