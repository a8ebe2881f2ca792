package io.twinguard.signing.ca;

import io.twinguard.signing.keys.KeyAlgorithm;
import io.twinguard.signing.keys.KeyFileException;
import io.twinguard.signing.keys.Keys;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * A certificate authority kept in a directory, as the {@code twinguard ca} commands use it.
 *
 * <pre>
 * ca-key.pem    the CA private key, PKCS#8 PEM, owner-only
 * ca-cert.pem   the self-signed CA certificate
 * crl.pem       the current CRL, rewritten on every revocation
 * index.tsv     one line per issued certificate:
 *               serial(hex) TAB status(V|R) TAB notAfter TAB revokedAt(or -) TAB subject
 * </pre>
 *
 * <p>Not safe for concurrent use by several processes on the same directory: it is an operator
 * tool, and the broker reads only {@link #trustMaterial()}.
 */
public final class CaDirectory {

  public static final String KEY_FILE = "ca-key.pem";
  public static final String CERT_FILE = "ca-cert.pem";
  public static final String CRL_FILE = "crl.pem";
  public static final String INDEX_FILE = "index.tsv";

  /** CRLs are reissued on every revocation and must be refreshed at least this often. */
  public static final Duration CRL_VALIDITY = Duration.ofDays(30);
  private static final Duration CA_VALIDITY = Duration.ofDays(3650);
  private static final String INDEX_HEADER = "# serial\tstatus\tnotAfter\trevokedAt\tsubject\n";

  /** One line of the index. */
  public record IndexEntry(BigInteger serial, boolean revoked, Instant notAfter, Instant revokedAt,
      String subject) {
    public IndexEntry {
      Objects.requireNonNull(serial, "serial");
      Objects.requireNonNull(notAfter, "notAfter");
      Objects.requireNonNull(subject, "subject");
    }
  }

  /** A freshly issued key pair and its certificate. */
  public record Issued(KeyPair keyPair, X509Certificate certificate) {
    public Issued {
      Objects.requireNonNull(keyPair, "keyPair");
      Objects.requireNonNull(certificate, "certificate");
    }
  }

  private final Path dir;
  private final Clock clock;
  private final CertificateAuthority ca;

  private CaDirectory(Path dir, Clock clock, CertificateAuthority ca) {
    this.dir = dir;
    this.clock = clock;
    this.ca = ca;
  }

  /**
   * Creates a CA in {@code dir} (created if missing): key, self-signed certificate valid ten
   * years, an empty CRL and an empty index.
   *
   * @throws CaDirectoryException ALREADY_INITIALIZED when a CA key is already there, IO otherwise
   */
  public static CaDirectory init(Path dir, TrustDomain trustDomain, KeyAlgorithm algorithm,
      Clock clock) throws CaDirectoryException {
    if (Files.exists(dir.resolve(KEY_FILE))) {
      throw new CaDirectoryException(CaDirectoryException.Reason.ALREADY_INITIALIZED,
          "a CA already exists in " + dir);
    }
    CertificateAuthority ca = CertificateAuthority.create(
        trustDomain, Keys.generate(algorithm), clock.instant(), CA_VALIDITY);
    try {
      Files.createDirectories(dir);
      Keys.writePrivateKey(dir.resolve(KEY_FILE), ca.keyPair().getPrivate(), null);
      writeAtomically(dir.resolve(CERT_FILE), TrustMaterial.pem(ca.certificate()));
      writeAtomically(dir.resolve(INDEX_FILE), INDEX_HEADER);
    } catch (IOException | KeyFileException e) {
      throw new CaDirectoryException(CaDirectoryException.Reason.IO,
          "cannot initialise the CA in " + dir + ": " + e.getMessage(), e);
    }
    CaDirectory created = new CaDirectory(dir, clock, ca);
    created.writeCrl(List.of());
    return created;
  }

  /**
   * Opens an existing CA directory.
   *
   * @throws CaDirectoryException NOT_A_CA_DIRECTORY when a file is missing or unreadable
   */
  public static CaDirectory open(Path dir, Clock clock) throws CaDirectoryException {
    try {
      var privateKey = Keys.readPrivateKey(dir.resolve(KEY_FILE), null);
      X509Certificate certificate = TrustMaterial.parseCertificate(
          Files.readAllBytes(dir.resolve(CERT_FILE)));
      // The trust domain is the organisation of the CA's subject, as create() wrote it.
      String organisation = IETFUtils.valueToString(
          X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded())
              .getRDNs(BCStyle.O)[0].getFirst().getValue());
      return new CaDirectory(dir, clock, new CertificateAuthority(
          new TrustDomain(organisation), Keys.keyPairOf(privateKey), certificate));
    } catch (KeyFileException | IOException | GeneralSecurityException | RuntimeException e) {
      throw new CaDirectoryException(CaDirectoryException.Reason.NOT_A_CA_DIRECTORY,
          dir + " is not a usable CA directory: " + e.getMessage(), e);
    }
  }

  public CertificateAuthority authority() {
    return ca;
  }

  /**
   * Issues a twin X.509-SVID for a new key pair and records it in the index.
   *
   * @throws IllegalArgumentException when the SPIFFE ID is not in the CA's trust domain
   */
  public Issued issueTwin(SpiffeId spiffeId, KeyAlgorithm algorithm, Duration validity)
      throws CaDirectoryException {
    KeyPair keyPair = Keys.generate(algorithm);
    X509Certificate certificate = ca.issueTwin(spiffeId, keyPair.getPublic(), clock.instant(), validity);
    record(certificate, spiffeId.toString());
    return new Issued(keyPair, certificate);
  }

  /** Issues a broker server certificate for a new key pair and records it in the index. */
  public Issued issueServer(List<String> dnsNames, List<String> ipAddresses, SpiffeId spiffeId,
      KeyAlgorithm algorithm, Duration validity) throws CaDirectoryException {
    KeyPair keyPair = Keys.generate(algorithm);
    X509Certificate certificate = ca.issueServer(
        dnsNames, ipAddresses, spiffeId, keyPair.getPublic(), clock.instant(), validity);
    String subject = spiffeId != null ? spiffeId.toString()
        : String.join(",", dnsNames.isEmpty() ? ipAddresses : dnsNames);
    record(certificate, subject);
    return new Issued(keyPair, certificate);
  }

  /**
   * Issues an OPC UA application instance certificate ({@link OpcUaCertificates}) for a new RSA key
   * pair and records it in the index, so that it can be revoked like any other.
   *
   * @throws IllegalArgumentException when the SPIFFE ID is foreign or no host name or address is given
   */
  public Issued issueOpcUa(SpiffeId applicationUri, List<String> dnsNames, List<String> ipAddresses,
      Duration validity) throws CaDirectoryException {
    KeyPair keyPair = OpcUaCertificates.newKeyPair();
    X509Certificate certificate = OpcUaCertificates.issue(
        ca, applicationUri, dnsNames, ipAddresses, keyPair.getPublic(), clock.instant(), validity);
    record(certificate, applicationUri.toString());
    return new Issued(keyPair, certificate);
  }

  /**
   * Revokes an issued certificate and rewrites the CRL.
   *
   * @return the new CRL
   * @throws CaDirectoryException UNKNOWN_SERIAL, ALREADY_REVOKED or IO
   */
  public X509CRL revoke(BigInteger serial) throws CaDirectoryException {
    List<IndexEntry> entries = new ArrayList<>(index());
    int position = -1;
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).serial().equals(serial)) {
        position = i;
      }
    }
    if (position < 0) {
      throw new CaDirectoryException(CaDirectoryException.Reason.UNKNOWN_SERIAL,
          "serial " + serial.toString(16) + " was not issued by this CA");
    }
    IndexEntry entry = entries.get(position);
    if (entry.revoked()) {
      throw new CaDirectoryException(CaDirectoryException.Reason.ALREADY_REVOKED,
          "serial " + serial.toString(16) + " is already revoked");
    }
    entries.set(position, new IndexEntry(
        serial, true, entry.notAfter(), clock.instant(), entry.subject()));
    writeIndex(entries);
    return writeCrl(entries);
  }

  /**
   * Signs a fresh CRL with the current revocations; run it well before {@link #CRL_VALIDITY}
   * passes, or validators refuse every twin ({@link Rejection.StaleCrl}).
   *
   * @return the new CRL
   */
  public X509CRL refreshCrl() throws CaDirectoryException {
    return writeCrl(index());
  }

  /** The issued certificates, in issuing order. */
  public List<IndexEntry> index() throws CaDirectoryException {
    List<IndexEntry> entries = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(dir.resolve(INDEX_FILE), StandardCharsets.UTF_8)) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", 5);
        entries.add(new IndexEntry(new BigInteger(f[0], 16), f[1].equals("R"), Instant.parse(f[2]),
            f[3].equals("-") ? null : Instant.parse(f[3]), f[4]));
      }
    } catch (IOException | RuntimeException e) {
      throw new CaDirectoryException(CaDirectoryException.Reason.NOT_A_CA_DIRECTORY,
          "unreadable index " + dir.resolve(INDEX_FILE) + ": " + e.getMessage(), e);
    }
    return entries;
  }

  /**
   * The CA certificate and the CRL on disk, for validators and TLS options.
   *
   * @throws CaDirectoryException NOT_A_CA_DIRECTORY when the CRL is missing, corrupt or not the
   *     CA's
   */
  public TrustMaterial trustMaterial() throws CaDirectoryException {
    try {
      return new TrustMaterial(ca.trustDomain(), ca.certificate(),
          TrustMaterial.parseCrl(Files.readAllBytes(dir.resolve(CRL_FILE))));
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new CaDirectoryException(CaDirectoryException.Reason.NOT_A_CA_DIRECTORY,
          "unusable CRL " + dir.resolve(CRL_FILE) + ": " + e.getMessage(), e);
    }
  }

  /** A validator over {@link #trustMaterial()}. */
  public ChainValidator validator() throws CaDirectoryException {
    return new ChainValidator(trustMaterial());
  }

  private void record(X509Certificate certificate, String subject) throws CaDirectoryException {
    List<IndexEntry> entries = new ArrayList<>(index());
    entries.add(new IndexEntry(certificate.getSerialNumber(), false,
        certificate.getNotAfter().toInstant(), null, subject));
    writeIndex(entries);
  }

  private void writeIndex(List<IndexEntry> entries) throws CaDirectoryException {
    StringBuilder text = new StringBuilder(INDEX_HEADER);
    for (IndexEntry e : entries) {
      text.append(e.serial().toString(16)).append('\t').append(e.revoked() ? "R" : "V")
          .append('\t').append(e.notAfter()).append('\t')
          .append(e.revokedAt() == null ? "-" : e.revokedAt().toString()).append('\t')
          .append(e.subject()).append('\n');
    }
    try {
      writeAtomically(dir.resolve(INDEX_FILE), text.toString());
    } catch (IOException e) {
      throw new CaDirectoryException(CaDirectoryException.Reason.IO,
          "cannot write the index: " + e.getMessage(), e);
    }
  }

  private X509CRL writeCrl(List<IndexEntry> entries) throws CaDirectoryException {
    Map<BigInteger, Instant> revoked = new LinkedHashMap<>();
    entries.stream().filter(IndexEntry::revoked).forEach(e -> revoked.put(e.serial(), e.revokedAt()));
    Instant now = clock.instant();
    X509CRL crl = ca.crl(revoked, nextCrlNumber(now), now, now.plus(CRL_VALIDITY));
    try {
      writeAtomically(dir.resolve(CRL_FILE), TrustMaterial.pem(crl));
    } catch (IOException e) {
      throw new CaDirectoryException(CaDirectoryException.Reason.IO,
          "cannot write the CRL: " + e.getMessage(), e);
    }
    return crl;
  }

  /**
   * The number of the next CRL: it must increase with every CRL (RFC 5280 section 5.2.3). The
   * issuing time in milliseconds usually does; two CRLs within one millisecond take the previous
   * number plus one.
   */
  private BigInteger nextCrlNumber(Instant now) throws CaDirectoryException {
    BigInteger byTime = BigInteger.valueOf(now.toEpochMilli());
    Path file = dir.resolve(CRL_FILE);
    if (!Files.exists(file)) {
      return byTime;
    }
    try {
      byte[] number = TrustMaterial.parseCrl(Files.readAllBytes(file)).getExtensionValue(Extension.cRLNumber.getId());
      BigInteger previous = ASN1Integer.getInstance(JcaX509ExtensionUtils.parseExtensionValue(number)).getValue();
      return byTime.max(previous.add(BigInteger.ONE));
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new CaDirectoryException(CaDirectoryException.Reason.NOT_A_CA_DIRECTORY,
          "unusable CRL " + file + ": " + e.getMessage(), e);
    }
  }

  /** Readers (a broker reloading the CRL) see the old file or the new one, never half of one. */
  private static void writeAtomically(Path file, String text) throws IOException {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temporary, text, StandardCharsets.UTF_8);
    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
