package io.twinguard.signing.httpsig;

/**
 * The parts of an HTTP message that signatures cover, independent of any HTTP library: the broker
 * adapts Vert.x requests and responses to {@link HttpRequest} and {@link HttpResponse}.
 */
public sealed interface HttpMessage permits HttpRequest, HttpResponse {

  /** The header fields. */
  HttpFields fields();

  /** The content; a fresh copy. */
  byte[] body();

  /** The same message with other header fields. */
  HttpMessage withFields(HttpFields fields);
}
