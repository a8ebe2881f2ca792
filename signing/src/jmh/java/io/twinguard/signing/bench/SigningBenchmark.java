package io.twinguard.signing.bench;

import io.twinguard.signing.ca.CertificateAuthority;
import io.twinguard.signing.ca.ChainValidator;
import io.twinguard.signing.ca.SpiffeId;
import io.twinguard.signing.ca.TrustDomain;
import io.twinguard.signing.ca.TrustMaterial;
import io.twinguard.signing.digest.ContentDigest;
import io.twinguard.signing.digest.DigestAlgorithm;
import io.twinguard.signing.httpsig.ComponentId;
import io.twinguard.signing.httpsig.HttpFields;
import io.twinguard.signing.httpsig.HttpRequest;
import io.twinguard.signing.httpsig.SignatureAlgorithm;
import io.twinguard.signing.httpsig.SignatureBase;
import io.twinguard.signing.httpsig.SignatureParams;
import io.twinguard.signing.internal.BouncyCastle;
import io.twinguard.signing.jcs.CanonicalJson;
import io.twinguard.signing.keys.KeyAlgorithm;
import io.twinguard.signing.keys.Keys;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Signs and verifies per second with ed25519 and ecdsa-p256-sha256 over a typical RFC 9421
 * signature base (a gateway command: method, authority, path, content-digest, content-type,
 * created, nonce, keyid; 337 bytes), and RFC 8785 canonicalization of a 2 KiB
 * JSON document (2 KiB), and validation of a twin's X.509-SVID chain (Ed25519 CA, BC PKIX, CRL, SPIFFE
 * checks). Run: see signing/README.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SigningBenchmark {

  private static final ThreadLocal<Signature> SUN_EC_SIGNER = ThreadLocal.withInitial(() -> {
    try {
      return Signature.getInstance("Ed25519", "SunEC");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  });

  private KeyPair ed25519;
  private KeyPair p256;
  private PrivateKey jdkEd25519Private;
  private PublicKey jdkEd25519Public;
  private byte[] base;
  private byte[] ed25519Signature;
  private byte[] p256Signature;
  private String json;
  private ChainValidator validator;
  private X509Certificate[] chain;
  private Instant validationTime;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    ed25519 = Keys.generate(KeyAlgorithm.ED25519);
    p256 = Keys.generate(KeyAlgorithm.ECDSA_P256);
    byte[] body = "{\"actuator\":\"door-3\",\"command\":\"open\",\"priority\":\"life-safety\"}"
        .getBytes(StandardCharsets.UTF_8);
    HttpRequest request = new HttpRequest("POST",
        URI.create("https://broker.city.example/twins/doors/commands"),
        HttpFields.of("Host", "broker.city.example", "Content-Type", "application/json",
            "Content-Digest", ContentDigest.create(body, DigestAlgorithm.SHA_256)), body);
    Instant created = Instant.parse("2026-11-24T10:00:00Z");
    SignatureParams params = SignatureParams.builder(List.of(ComponentId.METHOD,
            ComponentId.AUTHORITY, ComponentId.PATH, ComponentId.field("content-digest"),
            ComponentId.field("content-type")))
        .created(created).nonce("b3k2pp5k7z-50gnwp").keyid("fire-system").build();
    base = SignatureBase.build(request, params).getBytes(StandardCharsets.US_ASCII);
    ed25519Signature = SignatureAlgorithm.ED25519.sign(ed25519.getPrivate(), base);
    p256Signature = SignatureAlgorithm.ECDSA_P256_SHA256.sign(p256.getPrivate(), base);
    KeyFactory sunEc = KeyFactory.getInstance("Ed25519", "SunEC");
    jdkEd25519Private = sunEc.generatePrivate(new PKCS8EncodedKeySpec(ed25519.getPrivate().getEncoded()));
    jdkEd25519Public = sunEc.generatePublic(new X509EncodedKeySpec(ed25519.getPublic().getEncoded()));
    json = twoKibDocument();
    CertificateAuthority ca = CertificateAuthority.create(new TrustDomain("city.example"),
        Keys.generate(KeyAlgorithm.ED25519), created, Duration.ofDays(365));
    validator = new ChainValidator(new TrustMaterial(ca.trustDomain(), ca.certificate(),
        ca.crl(Map.of(), BigInteger.ONE, created, created.plus(Duration.ofDays(30)))));
    chain = new X509Certificate[] {ca.issueTwin(SpiffeId.parse("spiffe://city.example/twin/hvac-1"),
        Keys.generate(KeyAlgorithm.ED25519).getPublic(), created, Duration.ofDays(30))};
    validationTime = created.plusSeconds(60);
  }

  /** A decision-record-like document of about 2 KiB, keys deliberately out of order. */
  private static String twoKibDocument() {
    StringBuilder doc = new StringBuilder("{\"reasons\":[");
    for (int i = 0; i < 16; i++) {
      doc.append(i == 0 ? "" : ",").append("{\"rule\":\"privacy.consent.").append(i)
          .append("\",\"allow\":").append(i % 3 != 0).append(",\"weight\":").append(1.5e2 + i)
          .append(",\"subject\":\"urn:twinguard:citizen:").append(1000 + i).append("\"}");
    }
    doc.append("],\"decision_id\":\"0f8e2c1a-6d3b-4c55-9a7e-2b4f1d9c8e70\",")
        .append("\"caller\":\"spiffe://city.example/twin/building-7\",")
        .append("\"target\":\"spiffe://city.example/twin/elevator-2\",")
        .append("\"purpose\":\"https://w3id.org/dpv#ServiceProvision\",")
        .append("\"obligations\":{\"redact\":[\"passenger.id\",\"passenger.face\"],\"notify\":true},")
        .append("\"time\":\"2026-11-24T10:00:00Z\",\"allow\":true,\"priority\":2,")
        .append("\"note\":\"caf\\u00e9 \\u20ac 1e-7 ").append("x".repeat(64)).append("\"}");
    return doc.toString();
  }

  @Benchmark
  public byte[] ed25519Sign() {
    return SignatureAlgorithm.ED25519.sign(ed25519.getPrivate(), base);
  }

  /**
   * The baseline for {@link #ed25519Sign}: a new engine from the provider for each signature, as
   * the signer did before it kept one per thread.
   */
  @Benchmark
  public byte[] ed25519SignNewEngine() throws Exception {
    Signature signer = Signature.getInstance("Ed25519", BouncyCastle.PROVIDER);
    signer.initSign(ed25519.getPrivate());
    signer.update(base);
    return signer.sign();
  }

  /** The JDK's own Ed25519 (SunEC) with the same key, to choose the provider by measurement. */
  @Benchmark
  public byte[] ed25519SignSunEc() throws Exception {
    Signature signer = SUN_EC_SIGNER.get();
    signer.initSign(jdkEd25519Private);
    signer.update(base);
    return signer.sign();
  }

  /** The JDK's own Ed25519 (SunEC) verifying the Bouncy Castle signature. */
  @Benchmark
  public boolean ed25519VerifySunEc() throws Exception {
    Signature verifier = SUN_EC_SIGNER.get();
    verifier.initVerify(jdkEd25519Public);
    verifier.update(base);
    return verifier.verify(ed25519Signature);
  }

  @Benchmark
  public boolean ed25519Verify() {
    return SignatureAlgorithm.ED25519.verify(ed25519.getPublic(), base, ed25519Signature);
  }

  @Benchmark
  public byte[] ecdsaP256Sign() {
    return SignatureAlgorithm.ECDSA_P256_SHA256.sign(p256.getPrivate(), base);
  }

  @Benchmark
  public boolean ecdsaP256Verify() {
    return SignatureAlgorithm.ECDSA_P256_SHA256.verify(p256.getPublic(), base, p256Signature);
  }

  /** A leaf the validator has seen before: validity, revocation and a cache look-up. */
  @Benchmark
  public SpiffeId validateTwinChainSeenBefore() throws Exception {
    return validator.validate(chain, validationTime);
  }

  /** A leaf seen for the first time: the full PKIX run and SPIFFE checks. */
  @Benchmark
  public SpiffeId validateTwinChainFirstSight() throws Exception {
    return new ChainValidator(validator.trustMaterial()).validate(chain, validationTime);
  }

  @Benchmark
  public byte[] canonicalizeJson2KiB() {
    return CanonicalJson.canonicalize(json);
  }

  /** Prints the input sizes, so the report can state them. */
  public static void main(String[] args) throws Exception {
    SigningBenchmark benchmark = new SigningBenchmark();
    benchmark.setUp();
    System.out.println("signature base: " + benchmark.base.length + " bytes");
    System.out.println("json: " + benchmark.json.getBytes(StandardCharsets.UTF_8).length + " bytes");
  }
}
