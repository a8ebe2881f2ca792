package io.twinguard.signing.httpsig;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RawHttpTest {

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void parse_originFormRequestWithLfLines_takesAuthorityFromHost() {
    HttpRequest request = (HttpRequest) RawHttp.parse(
        ascii("PUT /a/b?x=1 HTTP/1.1\nHost: Example.com:8443\nX-Twin: a\nX-Twin: b\n\nbody\r\n"), "https");

    assertEquals("PUT", request.method());
    assertEquals(URI.create("https://Example.com:8443/a/b?x=1"), request.targetUri());
    assertEquals(List.of("a", "b"), request.fields().values("x-twin"));
    assertArrayEquals(ascii("body\r\n"), request.body());
  }

  @Test
  void parse_absoluteFormRequest_keepsItsUri() {
    HttpRequest request = (HttpRequest) RawHttp.parse(
        ascii("GET http://proxy.example/x HTTP/1.1\r\nHost: other.example\r\n\r\n"), "https");

    assertEquals(URI.create("http://proxy.example/x"), request.targetUri());
    assertEquals(0, request.body().length);
  }

  @Test
  void parse_response_readsStatusFieldsAndBody() {
    HttpResponse response = (HttpResponse) RawHttp.parse(
        ascii("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\n\r\n{}"), "https");

    assertEquals(503, response.status());
    assertEquals("5", response.fields().combined("retry-after").orElseThrow());
    assertArrayEquals(ascii("{}"), response.body());
  }

  @Test
  void parse_requestWithoutHost_isRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> RawHttp.parse(ascii("GET /x HTTP/1.1\r\nAccept: */*\r\n\r\n"), "https"));
  }

  @Test
  void parse_garbage_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> RawHttp.parse(ascii("hello\r\n\r\n"), "https"));
    assertThrows(IllegalArgumentException.class, () -> RawHttp.parse(ascii(""), "https"));
    assertThrows(IllegalArgumentException.class,
        () -> RawHttp.parse(ascii("GET /x HTTP/1.1\r\nno colon here\r\n\r\n"), "https"));
  }
}
