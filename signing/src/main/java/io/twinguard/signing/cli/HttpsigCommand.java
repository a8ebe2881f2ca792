package io.twinguard.signing.cli;

import io.twinguard.signing.digest.ContentDigest;
import io.twinguard.signing.digest.DigestAlgorithm;
import io.twinguard.signing.httpsig.ComponentId;
import io.twinguard.signing.httpsig.HttpMessage;
import io.twinguard.signing.httpsig.HttpRequest;
import io.twinguard.signing.httpsig.KeyResolver;
import io.twinguard.signing.httpsig.MessageSigner;
import io.twinguard.signing.httpsig.MessageVerifier;
import io.twinguard.signing.httpsig.RawHttp;
import io.twinguard.signing.httpsig.SignatureFields;
import io.twinguard.signing.httpsig.SignatureParams;
import io.twinguard.signing.httpsig.SignatureVerificationException;
import io.twinguard.signing.httpsig.VerifiedSignature;
import io.twinguard.signing.keys.Keys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code twinguard httpsig}: sign and verify raw HTTP/1.1 requests with RFC 9421, to check
 * interoperability with other implementations. Exit codes: 0 signed or valid, 1 the signature
 * did not verify (the reason is printed), 2 bad usage or unusable input.
 */
@Command(name = "httpsig", mixinStandardHelpOptions = true,
    description = "RFC 9421 HTTP message signatures over a raw HTTP/1.1 request in a file.",
    subcommands = {HttpsigCommand.Sign.class, HttpsigCommand.Verify.class})
public final class HttpsigCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static HttpRequest readRequest(Path file, String scheme) throws java.io.IOException {
    HttpMessage message = RawHttp.parse(Files.readAllBytes(file), scheme);
    if (!(message instanceof HttpRequest request)) {
      throw new IllegalArgumentException(file + " holds a response, not a request");
    }
    return request;
  }

  /** {@code twinguard httpsig sign}. */
  @Command(name = "sign", mixinStandardHelpOptions = true,
      description = "Print the Signature-Input and Signature lines for the request in FILE,"
          + " covering @method, @authority, @path, and content-digest and content-type when"
          + " present. A request with content but no Content-Digest gets one (printed too).")
  static final class Sign implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--key", required = true, description = "private key PEM (Ed25519 or P-256)")
    Path key;

    @Option(names = "--request", required = true, description = "raw HTTP/1.1 request")
    Path request;

    @Option(names = "--keyid", description = "keyid parameter (default: the key's RFC 7638 thumbprint)")
    String keyid;

    @Option(names = "--label", defaultValue = "sig1", description = "signature label (default sig1)")
    String label;

    @Option(names = "--scheme", defaultValue = "https", description = "scheme of the target URI (default https)")
    String scheme;

    @Override
    public Integer call() {
      return Outcome.run(spec, () -> {
        PrivateKey privateKey = Keys.readPrivateKey(key, null);
        HttpRequest message = readRequest(request, scheme);
        var out = spec.commandLine().getOut();
        if (message.body().length > 0 && message.fields().values(ContentDigest.FIELD).isEmpty()) {
          String digest = ContentDigest.create(message.body(), DigestAlgorithm.SHA_256);
          message = message.withFields(message.fields().with("Content-Digest", digest));
          out.println("Content-Digest: " + digest);
        }
        List<ComponentId> covered = new ArrayList<>(
            List.of(ComponentId.METHOD, ComponentId.AUTHORITY, ComponentId.PATH));
        for (String field : List.of(ContentDigest.FIELD, "content-type")) {
          if (!message.fields().values(field).isEmpty()) {
            covered.add(ComponentId.field(field));
          }
        }
        MessageSigner signer = new MessageSigner(privateKey);
        SignatureParams params = SignatureParams.builder(covered)
            .created(Clock.systemUTC().instant())
            .keyid(keyid != null ? keyid : Keys.thumbprint(Keys.publicKeyOf(privateKey)))
            .alg(signer.algorithm())
            .build();
        SignatureFields fields = signer.sign(message, label, params);
        out.println(SignatureFields.SIGNATURE_INPUT + ": " + fields.signatureInput());
        out.println(SignatureFields.SIGNATURE + ": " + fields.signature());
        return Outcome.OK;
      });
    }
  }

  /** {@code twinguard httpsig verify}. */
  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Verify the signature of the request in FILE (with its Signature-Input and"
          + " Signature lines) against a public key; checks Content-Digest when it is covered."
          + " Exit 0 when valid, 1 with the reason when not.")
  static final class Verify implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--key", required = true,
        description = "public key PEM (or a certificate PEM); used whatever the keyid says")
    Path key;

    @Option(names = "--request", required = true, description = "raw HTTP/1.1 request")
    Path request;

    @Option(names = "--label", description = "label to verify (default: the first)")
    String label;

    @Option(names = "--scheme", defaultValue = "https", description = "scheme of the target URI (default https)")
    String scheme;

    @Option(names = "--skew", defaultValue = "60", description = "allowed clock skew in seconds (default 60)")
    long skewSeconds;

    @Override
    public Integer call() {
      return Outcome.run(spec, () -> {
        PublicKey publicKey = Keys.readPublicKey(key);
        HttpRequest message = readRequest(request, scheme);
        MessageVerifier verifier = new MessageVerifier(
            KeyResolver.single(publicKey), Clock.systemUTC(), Duration.ofSeconds(skewSeconds));
        try {
          VerifiedSignature verified = verifier.verify(message, label);
          spec.commandLine().getOut().printf("valid: %s (%s, keyid %s) covers %s%n",
              verified.label(), verified.algorithm().httpName(),
              verified.params().keyid().orElse("-"),
              verified.params().components().stream().map(ComponentId::name)
                  .collect(Collectors.joining(" ")));
          return Outcome.OK;
        } catch (SignatureVerificationException e) {
          return Outcome.fail(spec, "invalid signature: " + e.reason() + ": " + e.getMessage(),
              Outcome.REFUSED);
        }
      });
    }
  }
}
