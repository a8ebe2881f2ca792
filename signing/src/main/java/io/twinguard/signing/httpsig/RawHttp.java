package io.twinguard.signing.httpsig;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

/**
 * Reads an HTTP/1.1 message written out as text (start line, header lines, empty line, content),
 * for the command line and for tests. Lines may end in CRLF or LF; obsolete line folding is kept
 * and normalized when a field is used. A request in origin form ({@code POST /foo HTTP/1.1})
 * takes its authority from the Host field and the scheme given by the caller.
 */
public final class RawHttp {

  private RawHttp() {}

  /**
   * Parses one message.
   *
   * @param scheme the scheme of the target URI for origin-form requests, such as {@code https}
   * @throws IllegalArgumentException with a one-line reason when the text is not an HTTP message
   */
  public static HttpMessage parse(byte[] raw, String scheme) {
    int crlf = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    int lf = indexOf(raw, "\n\n".getBytes(StandardCharsets.US_ASCII));
    int headEnd = raw.length;
    int bodyStart = raw.length;
    if (crlf >= 0 && (lf < 0 || crlf < lf)) {
      headEnd = crlf;
      bodyStart = crlf + 4;
    } else if (lf >= 0) {
      headEnd = lf;
      bodyStart = lf + 2;
    }
    String head = new String(raw, 0, headEnd, StandardCharsets.ISO_8859_1);
    byte[] body = Arrays.copyOfRange(raw, bodyStart, raw.length);
    List<String> lines = List.of(head.split("\r?\n", -1));
    if (lines.isEmpty() || lines.get(0).isBlank()) {
      throw new IllegalArgumentException("no start line");
    }
    HttpFields fields = fields(lines.subList(1, lines.size()));
    String[] start = lines.get(0).split(" ", 3);
    if (start[0].startsWith("HTTP/")) {
      if (start.length < 2 || !start[1].matches("\\d{3}")) {
        throw new IllegalArgumentException("bad status line: " + lines.get(0));
      }
      return new HttpResponse(Integer.parseInt(start[1]), fields, body);
    }
    if (start.length != 3 || !start[2].startsWith("HTTP/")) {
      throw new IllegalArgumentException("bad request line: " + lines.get(0));
    }
    return new HttpRequest(start[0], targetUri(start[1], fields, scheme), fields, body);
  }

  private static URI targetUri(String target, HttpFields fields, String scheme) {
    try {
      if (target.startsWith("/")) {
        String host = fields.combined("host").orElseThrow(() ->
            new IllegalArgumentException("the request has no Host field"));
        return new URI(scheme + "://" + host + target);
      }
      return new URI(target);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("bad request target: " + e.getMessage(), e);
    }
  }

  private static HttpFields fields(List<String> lines) {
    LinkedHashMap<String, List<String>> map = new LinkedHashMap<>();
    String lastName = null;
    for (String line : lines) {
      if (line.isEmpty()) {
        continue;
      }
      if ((line.startsWith(" ") || line.startsWith("\t")) && lastName != null) {
        List<String> values = map.get(lastName);
        int last = values.size() - 1;
        values.set(last, values.get(last) + "\r\n" + line);
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("bad header line: " + line);
      }
      lastName = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      map.computeIfAbsent(lastName, n -> new ArrayList<>())
          .add(line.substring(colon + 1).strip());
    }
    return new HttpFields(map);
  }

  private static int indexOf(byte[] data, byte[] pattern) {
    outer:
    for (int i = 0; i + pattern.length <= data.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
