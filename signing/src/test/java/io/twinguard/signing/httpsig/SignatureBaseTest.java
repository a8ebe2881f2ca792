package io.twinguard.signing.httpsig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Component values from the examples of RFC 9421 section 2. */
class SignatureBaseTest {

  private static String line(HttpMessage message, ComponentId component) throws Exception {
    String base = SignatureBase.build(message, SignatureParams.builder(List.of(component)).build());
    return base.substring(0, base.indexOf('\n'));
  }

  private static HttpRequest get(String uri) {
    return new HttpRequest("GET", URI.create(uri), HttpFields.empty(), null);
  }

  @Test
  void derivedComponents_section22Examples_haveTheRfcValues() throws Exception {
    HttpRequest request = new HttpRequest("POST", URI.create("https://www.example.com/path?param=value"),
        HttpFields.of("Host", "www.example.com"), null);

    assertEquals("\"@method\": POST", line(request, ComponentId.METHOD));
    assertEquals("\"@target-uri\": https://www.example.com/path?param=value",
        line(request, ComponentId.TARGET_URI));
    assertEquals("\"@authority\": www.example.com", line(request, ComponentId.AUTHORITY));
    assertEquals("\"@scheme\": https", line(request, ComponentId.SCHEME));
    assertEquals("\"@path\": /path", line(request, ComponentId.PATH));
    assertEquals("\"@query\": ?param=value", line(request, ComponentId.QUERY));
  }

  @Test
  void authority_isLowerCasedAndKeepsOnlyNonDefaultPorts() throws Exception {
    assertEquals("\"@authority\": www.example.com",
        line(get("https://WWW.Example.com:443/"), ComponentId.AUTHORITY));
    assertEquals("\"@authority\": www.example.com:8443",
        line(get("https://www.example.com:8443/"), ComponentId.AUTHORITY));
    assertEquals("\"@authority\": www.example.com",
        line(get("HTTP://www.example.com:80/"), ComponentId.AUTHORITY));
  }

  @Test
  void pathAndQuery_emptyOnes_normalizeToSlashAndQuestionMark() throws Exception {
    assertEquals("\"@path\": /", line(get("https://example.com"), ComponentId.PATH));
    assertEquals("\"@query\": ?", line(get("https://example.com/x"), ComponentId.QUERY));
    assertEquals("\"@query\": ?queryString", line(get("https://example.com/path?queryString"),
        ComponentId.QUERY));
    assertEquals("\"@query\": ?param=value&foo=bar&baz=bat%2Dman",
        line(get("https://example.com/path?param=value&foo=bar&baz=bat%2Dman"), ComponentId.QUERY));
  }

  @Test
  void queryParam_section228Examples_areDecodedAndReencoded() throws Exception {
    HttpRequest simple = get("https://www.example.com/path?param=value&foo=bar&baz=batman&qux=");
    HttpRequest encoded = get("https://www.example.com/parameters?var=this%20is%20a%20big%0Amultiline%20value"
        + "&bar=with+plus+whitespace&fa%C3%A7ade%22%3A%20=something");

    assertEquals("\"@query-param\";name=\"baz\": batman", line(simple, ComponentId.queryParam("baz")));
    assertEquals("\"@query-param\";name=\"qux\": ", line(simple, ComponentId.queryParam("qux")));
    assertEquals("\"@query-param\";name=\"var\": this%20is%20a%20big%0Amultiline%20value",
        line(encoded, ComponentId.queryParam("var")));
    assertEquals("\"@query-param\";name=\"bar\": with%20plus%20whitespace",
        line(encoded, ComponentId.queryParam("bar")));
    assertEquals("\"@query-param\";name=\"fa%C3%A7ade%22%3A%20\": something",
        line(encoded, ComponentId.queryParam("fa%C3%A7ade%22%3A%20")));
  }

  @Test
  void fields_section21Examples_areTrimmedUnfoldedAndCombined() throws Exception {
    HttpMessage message = RawHttp.parse(("GET / HTTP/1.1\r\n"
        + "Host: www.example.com\r\n"
        + "X-OWS-Header:   Leading and trailing whitespace.   \r\n"
        + "X-Obs-Fold-Header: Obsolete\r\n    line folding.\r\n"
        + "Cache-Control: max-age=60\r\n"
        + "Cache-Control:    must-revalidate\r\n"
        + "Example-Dict:  a=1,    b=2;x=1;y=2,   c=(a   b   c)\r\n"
        + "X-Empty-Header: \r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII), "https");

    assertEquals("\"x-ows-header\": Leading and trailing whitespace.",
        line(message, ComponentId.field("X-OWS-Header")));
    assertEquals("\"x-obs-fold-header\": Obsolete line folding.",
        line(message, ComponentId.field("x-obs-fold-header")));
    assertEquals("\"cache-control\": max-age=60, must-revalidate",
        line(message, ComponentId.field("cache-control")));
    assertEquals("\"example-dict\": a=1,    b=2;x=1;y=2,   c=(a   b   c)",
        line(message, ComponentId.field("example-dict")));
    assertEquals("\"x-empty-header\": ", line(message, ComponentId.field("x-empty-header")));
  }

  @Test
  void status_inRequest_isRefused() {
    SignatureVerificationException e = assertThrows(SignatureVerificationException.class,
        () -> line(get("https://example.com/"), ComponentId.STATUS));

    assertEquals(SignatureVerificationException.Reason.MALFORMED_FIELD, e.reason());
  }

  @Test
  void requestComponent_inResponse_isRefused() {
    HttpResponse response = new HttpResponse(200, HttpFields.empty(), null);

    assertThrows(SignatureVerificationException.class, () -> line(response, ComponentId.METHOD));
  }

  @Test
  void signatureParams_keepParameterOrderAsGiven() {
    SignatureParams params = SignatureParams.builder(List.of(ComponentId.TARGET_URI))
        .keyid("k").alg(SignatureAlgorithm.ED25519).created(java.time.Instant.ofEpochSecond(1618884475L))
        .expires(java.time.Instant.ofEpochSecond(1618884775L)).build();

    assertEquals("(\"@target-uri\");keyid=\"k\";alg=\"ed25519\";created=1618884475;expires=1618884775",
        params.serialize());
    assertEquals(Optional.of("ed25519"), params.alg());
  }
}
