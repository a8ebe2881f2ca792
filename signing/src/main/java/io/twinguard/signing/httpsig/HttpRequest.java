package io.twinguard.signing.httpsig;

import java.net.URI;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A request: method, absolute target URI (scheme, authority, path, query), header fields, content.
 *
 * @param method the method as sent, case-sensitive ({@code POST})
 * @param targetUri the absolute target URI, for example {@code https://example.com/foo?a=b}
 * @param fields the header fields
 * @param body the content, possibly empty; copied in and out
 */
public record HttpRequest(String method, URI targetUri, HttpFields fields, byte[] body)
    implements HttpMessage {

  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /** @throws IllegalArgumentException when the method is no token or the URI is not absolute */
  public HttpRequest {
    if (method == null || !TOKEN.matcher(method).matches()) {
      throw new IllegalArgumentException("not an HTTP method: " + method);
    }
    Objects.requireNonNull(targetUri, "targetUri");
    if (!targetUri.isAbsolute() || targetUri.getHost() == null) {
      throw new IllegalArgumentException("target URI must be absolute with a host: " + targetUri);
    }
    Objects.requireNonNull(fields, "fields");
    body = body == null ? new byte[0] : body.clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public HttpRequest withFields(HttpFields newFields) {
    return new HttpRequest(method, targetUri, newFields, body);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof HttpRequest r && method.equals(r.method) && targetUri.equals(r.targetUri)
        && fields.equals(r.fields) && Arrays.equals(body, r.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, targetUri, fields, Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    return "HttpRequest[" + method + " " + targetUri + ", " + fields.lines().keySet() + ", "
        + body.length + " bytes]";
  }
}
