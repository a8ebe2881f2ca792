package io.twinguard.signing.httpsig;

import io.twinguard.signing.httpsig.SignatureVerificationException.Reason;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.greenbytes.http.sfv.Item;
import org.greenbytes.http.sfv.StringItem;

/**
 * Builds the RFC 9421 signature base (section 2.5) of a message for given signature parameters.
 *
 * <p>Implemented components: {@code @method}, {@code @target-uri}, {@code @authority},
 * {@code @scheme}, {@code @path}, {@code @query}, {@code @query-param;name}, {@code @status}, and
 * header fields without parameters. Anything else ({@code sf}, {@code key}, {@code bs},
 * {@code req}, {@code tr}, {@code @request-target}) is refused rather than guessed.
 */
public final class SignatureBase {

  private SignatureBase() {}

  /**
   * The signature base, as the exact string to sign.
   *
   * @throws SignatureVerificationException MISSING_COMPONENT when a covered component is absent,
   *     MALFORMED_FIELD when a component is not implemented or does not apply to the message
   */
  public static String build(HttpMessage message, SignatureParams params)
      throws SignatureVerificationException {
    StringBuilder base = new StringBuilder(256);
    for (ComponentId component : params.components()) {
      base.append(component.serialize()).append(": ").append(value(message, component)).append('\n');
    }
    base.append("\"@signature-params\": ").append(params.serialize());
    for (int i = 0; i < base.length(); i++) {
      char c = base.charAt(i);
      if (c > 0x7e || c < 0x20 && c != '\n') {
        throw new SignatureVerificationException(Reason.MALFORMED_FIELD,
            "the signature base would contain a non-ASCII or control character");
      }
    }
    return base.toString();
  }

  private static String value(HttpMessage message, ComponentId component)
      throws SignatureVerificationException {
    if (!component.isDerived()) {
      if (!component.parameters().isEmpty()) {
        throw malformed("component parameters " + component.parameters().serialize()
            + " are not supported on " + component.name());
      }
      return message.fields().combined(component.name()).orElseThrow(() ->
          new SignatureVerificationException(Reason.MISSING_COMPONENT,
              "covered field " + component.name() + " is absent"));
    }
    if (component.name().equals("@status")) {
      requireNoParameters(component);
      if (message instanceof HttpResponse response) {
        return Integer.toString(response.status());
      }
      throw malformed("@status cannot be used in a request");
    }
    if (!(message instanceof HttpRequest request)) {
      throw malformed(component.name() + " needs a request (req is not supported)");
    }
    URI uri = request.targetUri();
    if (component.name().equals("@query-param")) {
      return queryParam(uri, component);
    }
    requireNoParameters(component);
    return switch (component.name()) {
      case "@method" -> request.method();
      case "@target-uri" -> uri.toString();
      case "@authority" -> authority(uri);
      case "@scheme" -> uri.getScheme().toLowerCase(Locale.ROOT);
      case "@path" -> uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      case "@query" -> "?" + (uri.getRawQuery() == null ? "" : uri.getRawQuery());
      default -> throw malformed("derived component " + component.name() + " is not supported");
    };
  }

  /** Host in lower case, port only when it is not the scheme's default (RFC 9110 4.2.3). */
  private static String authority(URI uri) {
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    boolean defaultPort = port == -1 || port == 443 && scheme.equals("https")
        || port == 80 && scheme.equals("http");
    return defaultPort ? host : host + ":" + port;
  }

  private static String queryParam(URI uri, ComponentId component)
      throws SignatureVerificationException {
    Item<? extends Object> name = component.parameters().get("name");
    if (component.parameters().size() != 1 || !(name instanceof StringItem wanted)) {
      throw malformed("@query-param needs exactly one string parameter: name");
    }
    String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
    String found = null;
    Set<String> seen = new HashSet<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = encode(decode(eq < 0 ? pair : pair.substring(0, eq)));
      String value = encode(decode(eq < 0 ? "" : pair.substring(eq + 1)));
      if (key.equals(wanted.get())) {
        if (!seen.add(key)) {
          throw malformed("query parameter " + key + " occurs more than once");
        }
        found = value;
      }
    }
    if (found == null) {
      throw new SignatureVerificationException(Reason.MISSING_COMPONENT,
          "covered query parameter " + wanted.get() + " is absent");
    }
    return found;
  }

  /** application/x-www-form-urlencoded parsing: '+' is a space, percent-escapes are UTF-8. */
  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  /**
   * Percent-encodes everything but ASCII letters, digits and {@code *-._}, with upper-case hex and
   * spaces as {@code %20}, as RFC 9421 section 2.2.8's examples show.
   */
  private static String encode(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
          || c == '*' || c == '-' || c == '.' || c == '_') {
        out.write(c);
      } else {
        out.writeBytes(String.format(Locale.ROOT, "%%%02X", c).getBytes(StandardCharsets.US_ASCII));
      }
    }
    return out.toString(StandardCharsets.US_ASCII);
  }

  private static void requireNoParameters(ComponentId component) throws SignatureVerificationException {
    if (!component.parameters().isEmpty()) {
      throw malformed("component parameters " + component.parameters().serialize()
          + " are not supported on " + component.name());
    }
  }

  private static SignatureVerificationException malformed(String message) {
    return new SignatureVerificationException(Reason.MALFORMED_FIELD, message);
  }
}
