package io.twinguard.signing.httpsig;

import java.util.Arrays;
import java.util.Objects;

/**
 * A response: status code, header fields, content.
 *
 * @param status the three-digit status code
 * @param fields the header fields
 * @param body the content, possibly empty; copied in and out
 */
public record HttpResponse(int status, HttpFields fields, byte[] body) implements HttpMessage {

  /** @throws IllegalArgumentException when the status is not in 100..599 */
  public HttpResponse {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("not an HTTP status code: " + status);
    }
    Objects.requireNonNull(fields, "fields");
    body = body == null ? new byte[0] : body.clone();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public HttpResponse withFields(HttpFields newFields) {
    return new HttpResponse(status, newFields, body);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof HttpResponse r && status == r.status && fields.equals(r.fields)
        && Arrays.equals(body, r.body);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, fields, Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    return "HttpResponse[" + status + ", " + fields.lines().keySet() + ", " + body.length + " bytes]";
  }
}
