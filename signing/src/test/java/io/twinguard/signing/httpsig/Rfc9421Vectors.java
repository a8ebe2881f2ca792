package io.twinguard.signing.httpsig;

import io.twinguard.signing.keys.KeyFileException;
import io.twinguard.signing.keys.Keys;
import io.twinguard.signing.testing.TestResources;
import java.security.PrivateKey;
import java.security.PublicKey;
import org.greenbytes.http.sfv.InnerList;
import org.greenbytes.http.sfv.Parser;

/** The RFC 9421 Appendix B messages, keys and fields, read from test resources. */
final class Rfc9421Vectors {

  /** The B.2.4 signature base's Content-Digest; the RFC's test-response prints a wrong one. */
  static final String RESPONSE_DIGEST =
      "sha-512=:mEWXIS7MaLRuGgxOBdODa3xqM1XdEvxoYhvlCFJ41QJgJc4GTsPp29l5oGX69wWdXymyU0rjJuahq4l5aGgfLQ==:";

  private Rfc9421Vectors() {}

  static HttpRequest request() {
    return (HttpRequest) RawHttp.parse(TestResources.bytes("rfc9421/test-request.http"), "https");
  }

  static HttpResponse response() {
    HttpResponse response = (HttpResponse) RawHttp.parse(
        TestResources.bytes("rfc9421/test-response.http"), "https");
    return response.withFields(response.fields().without("content-digest")
        .with("Content-Digest", RESPONSE_DIGEST));
  }

  static String base(String name) {
    return TestResources.text("rfc9421/" + name + "-base.txt");
  }

  /** The Signature-Input and Signature values of an example: [input, signature]. */
  static String[] fields(String name) {
    String[] lines = TestResources.text("rfc9421/" + name + "-fields.txt").split("\n");
    return new String[] {
        lines[0].substring("Signature-Input: ".length()), lines[1].substring("Signature: ".length())};
  }

  static SignatureParams params(String name) {
    String input = fields(name)[0];
    String label = input.substring(0, input.indexOf('='));
    return SignatureParams.fromInnerList((InnerList) Parser.parseDictionary(input).get().get(label));
  }

  static HttpMessage withFields(HttpMessage message, String name) {
    String[] f = fields(name);
    return message.withFields(message.fields()
        .with(SignatureFields.SIGNATURE_INPUT, f[0]).with(SignatureFields.SIGNATURE, f[1]));
  }

  static PrivateKey ed25519Private() throws KeyFileException {
    return Keys.privateKeyFromPem(TestResources.text("rfc9421/test-key-ed25519-private.pem"), null);
  }

  static PublicKey ed25519Public() throws KeyFileException {
    return Keys.publicKeyFromPem(TestResources.text("rfc9421/test-key-ed25519-public.pem"));
  }

  static PrivateKey p256Private() throws KeyFileException {
    return Keys.privateKeyFromPem(TestResources.text("rfc9421/test-key-ecc-p256-private.pem"), null);
  }

  static PublicKey p256Public() throws KeyFileException {
    return Keys.publicKeyFromPem(TestResources.text("rfc9421/test-key-ecc-p256-public.pem"));
  }
}
