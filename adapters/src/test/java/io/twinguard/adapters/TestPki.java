package io.twinguard.adapters;

import io.twinguard.signing.ca.CaDirectory;
import io.twinguard.signing.ca.SpiffeId;
import io.twinguard.signing.ca.TrustDomain;
import io.twinguard.signing.ca.TrustMaterial;
import io.twinguard.signing.keys.KeyAlgorithm;
import io.twinguard.signing.keys.Keys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
   * nonRepudiation, keyEncipherment, dataEncipherment), which the CA's own {@code issueServer} does
   * not set.
   */
  public RsaIssued rsa(String name, String path) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keyPair = generator.generateKeyPair();
    Instant now = Instant.now();
    X509Certificate caCert = ca.authority().certificate();
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCert,
        new BigInteger(128, new SecureRandom()), Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(1))),
        new X500Name("O=" + DOMAIN.name() + ",CN=" + path.substring(path.lastIndexOf('/') + 1)), keyPair.getPublic());
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation
        | KeyUsage.keyEncipherment | KeyUsage.dataEncipherment));
    builder.addExtension(Extension.extendedKeyUsage, false,
        new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.uniformResourceIdentifier, new SpiffeId(DOMAIN, path).toString()),
        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
        new GeneralName(GeneralName.dNSName, "localhost")}));
    String algorithm = caCert.getPublicKey().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "Ed25519";
    X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
        builder.build(new JcaContentSignerBuilder(algorithm).build(ca.authority().keyPair().getPrivate())));
    Issued files = write(name, new CaDirectory.Issued(keyPair, certificate));
    return new RsaIssued(files.cert(), files.key(), keyPair, certificate);
  }

  private Issued write(String name, CaDirectory.Issued issued) throws IOException {
    Path cert = dir.resolve(name + "-cert.pem");
    Path key = dir.resolve(name + "-key.pem");
    Files.writeString(cert, TrustMaterial.certificatePem(issued.certificate()), StandardCharsets.US_ASCII);
    Files.writeString(key, Keys.privateKeyToPem(issued.keyPair().getPrivate()), StandardCharsets.US_ASCII);
    return new Issued(cert, key, issued);
  }
}
