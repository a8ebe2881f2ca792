package io.twinguard.adapters.testing;

import io.twinguard.signing.ca.CaDirectory;
import io.twinguard.signing.ca.SpiffeId;
import io.twinguard.signing.ca.TrustDomain;
import io.twinguard.signing.ca.TrustMaterial;
import io.twinguard.signing.keys.KeyAlgorithm;
import io.twinguard.signing.keys.Keys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * An ecosystem CA for tests (the one {@code twinguard ca init} makes), in a directory, and the
 * certificates it issues written as PEM files beside it.
 */
public final class TestPki {

  /** An RSA key pair and its certificate (OPC UA), with both as PEM files. */
  public record RsaIssued(Path cert, Path key, KeyPair keyPair, X509Certificate certificate) {}

  /** A certificate and its key, as PEM files. */
  public record Issued(Path cert, Path key, CaDirectory.Issued issued) {}

  public static final TrustDomain DOMAIN = new TrustDomain("city.example");

  private final Path dir;
  private final CaDirectory ca;

  private TestPki(Path dir, CaDirectory ca) {
    this.dir = dir;
    this.ca = ca;
  }

  /** A new CA in {@code dir}/ca. */
  public static TestPki create(Path dir) throws Exception {
    return new TestPki(dir, CaDirectory.init(dir.resolve("ca"), DOMAIN, KeyAlgorithm.ECDSA_P256, Clock.systemUTC()));
  }

  public CaDirectory ca() {
    return ca;
  }

  /** The CA's certificate file. */
  public Path caCert() {
    return dir.resolve("ca").resolve(CaDirectory.CERT_FILE);
  }

  /** A server certificate for 127.0.0.1 and localhost. */
  public Issued server(String name) throws Exception {
    return write(name, ca.issueServer(List.of("localhost"), List.of("127.0.0.1"), null, KeyAlgorithm.ECDSA_P256, Duration.ofDays(1)));
  }

  /** A twin's X.509-SVID for {@code spiffe://city.example/<path>}. */
  public Issued twin(String name, String path) throws Exception {
    return write(name, ca.issueTwin(new SpiffeId(DOMAIN, path), KeyAlgorithm.ECDSA_P256, Duration.ofDays(1)));
  }

  /**
   * An OPC UA application instance certificate (OPC 10000-6, 6.2.2) for a new RSA 2048 key, signed
   * by the CA's key: {@code spiffe://city.example/<path>} as URI SAN (the application URI), 127.0.0.1
   * and localhost as addresses, and the key usages OPC UA requires (digitalSignature,
   * nonRepudiation, keyEncipherment, dataEncipherment): what {@code twinguard ca issue --opcua} issues.
   */
  public RsaIssued rsa(String name, String path) throws Exception {
    CaDirectory.Issued issued = ca.issueOpcUa(new SpiffeId(DOMAIN, path), List.of("localhost"), List.of("127.0.0.1"),
        Duration.ofDays(1));
    Issued files = write(name, issued);
    return new RsaIssued(files.cert(), files.key(), issued.keyPair(), issued.certificate());
  }

  private Issued write(String name, CaDirectory.Issued issued) throws IOException {
    Path cert = dir.resolve(name + "-cert.pem");
    Path key = dir.resolve(name + "-key.pem");
    Files.writeString(cert, TrustMaterial.certificatePem(issued.certificate()), StandardCharsets.US_ASCII);
    Files.writeString(key, Keys.privateKeyToPem(issued.keyPair().getPrivate()), StandardCharsets.US_ASCII);
    return new Issued(cert, key, issued);
  }
}
