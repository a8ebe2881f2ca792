package io.twinguard.signing.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.twinguard.signing.keys.KeyAlgorithm;
import io.twinguard.signing.keys.Keys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Mutual TLS 1.3 over loopback with the JDK's TLS stack, both sides trusting through SVIDs. */
class SvidTrustManagerTest {

  private static final Instant NOW = Instant.now();
  private static final char[] PASSWORD = "tls".toCharArray();

  private final CertificateAuthority ca = CertificateAuthority.create(new TrustDomain("city.example"),
      Keys.generate(KeyAlgorithm.ED25519), NOW.minusSeconds(60), Duration.ofDays(1));
  private final ExecutorService server = Executors.newSingleThreadExecutor();

  @AfterEach
  void stopServer() {
    server.shutdownNow();
  }

  private TrustMaterial trust(Map<BigInteger, Instant> revoked) {
    return new TrustMaterial(ca.trustDomain(), ca.certificate(),
        ca.crl(revoked, BigInteger.ONE, NOW.minusSeconds(60), NOW.plus(Duration.ofDays(1))));
  }

  /** The JDK's own key object, so that SunEC signs the handshake whatever provider made the key. */
  private static PrivateKey jdkKey(PrivateKey key) throws Exception {
    String algorithm = KeyAlgorithm.of(key) == KeyAlgorithm.ED25519 ? "Ed25519" : "EC";
    return KeyFactory.getInstance(algorithm).generatePrivate(
        new PKCS8EncodedKeySpec(Keys.privateKeyToPkcs8(key)));
  }

  /**
   * The JDK's own certificate object. JSSE picks a client certificate by its key's algorithm
   * name, and Bouncy Castle names Ed25519 keys "Ed25519" where the JDK expects "EdDSA": with Bouncy
   * Castle certificate objects the client silently sends no certificate.
   */
  private static X509Certificate jdkCertificate(X509Certificate certificate) throws Exception {
    return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509", "SUN")
        .generateCertificate(new java.io.ByteArrayInputStream(certificate.getEncoded()));
  }

  private SSLContext context(KeyPair keys, X509Certificate certificate, SvidTrustManager trust)
      throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("me", jdkKey(keys.getPrivate()), PASSWORD,
        new X509Certificate[] {jdkCertificate(certificate), jdkCertificate(ca.certificate())});
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("PKIX");
    keyManagers.init(store, PASSWORD);
    SSLContext context = SSLContext.getInstance("TLSv1.3");
    context.init(keyManagers.getKeyManagers(), new TrustManager[] {trust}, null);
    return context;
  }

  /** Runs one handshake; returns what the server's trust manager makes of the client. */
  private SpiffeId handshake(KeyAlgorithm algorithm, boolean revokeTwin) throws Exception {
    KeyPair brokerKeys = Keys.generate(KeyAlgorithm.ECDSA_P256);
    X509Certificate broker = ca.issueServer(List.of("localhost"), List.of("127.0.0.1"),
        SpiffeId.parse("spiffe://city.example/broker"), brokerKeys.getPublic(), NOW.minusSeconds(1),
        Duration.ofHours(1));
    KeyPair twinKeys = Keys.generate(algorithm);
    X509Certificate twin = ca.issueTwin(SpiffeId.parse("spiffe://city.example/twin/hvac-1"),
        twinKeys.getPublic(), NOW.minusSeconds(1), Duration.ofHours(1));
    SvidTrustManager serverTrust = new SvidTrustManager(
        trust(revokeTwin ? Map.of(twin.getSerialNumber(), NOW) : Map.of()), Clock.systemUTC());
    SvidTrustManager clientTrust = new SvidTrustManager(trust(Map.of()), Clock.systemUTC());

    try (SSLServerSocket listener = (SSLServerSocket) context(brokerKeys, broker, serverTrust)
        .getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      listener.setNeedClientAuth(true);
      Future<SpiffeId> accepted = server.submit(() -> {
        try (SSLSocket socket = (SSLSocket) listener.accept()) {
          socket.startHandshake();
          X509Certificate[] peer = (X509Certificate[]) socket.getSession().getPeerCertificates();
          try (OutputStream out = socket.getOutputStream()) {
            out.write(1);
          }
          return serverTrust.validator().validate(peer, Instant.now());
        }
      });
      try (SSLSocket client = (SSLSocket) context(twinKeys, twin, clientTrust).getSocketFactory()
          .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
        client.setSoTimeout(10_000);
        client.startHandshake();
        try (InputStream in = client.getInputStream()) {
          in.read();
        }
      } catch (IOException e) {
        // The server's refusal surfaces on the client as a closed connection or an alert.
      }
      return accepted.get(20, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest
  @EnumSource(KeyAlgorithm.class)
  void mutualTls_twinWithValidSvid_isAcceptedWithItsSpiffeId(KeyAlgorithm algorithm) throws Exception {
    assertEquals(SpiffeId.parse("spiffe://city.example/twin/hvac-1"), handshake(algorithm, false));
  }

  @Test
  void mutualTls_revokedTwin_isRefusedDuringTheHandshakeWithTheReason() {
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> handshake(KeyAlgorithm.ED25519, true));

    Throwable cause = e;
    while (cause != null && !(cause instanceof ChainRejectedException)) {
      cause = cause.getCause();
    }
    assertInstanceOf(ChainRejectedException.class, cause, "no ChainRejectedException in " + e);
    assertInstanceOf(Rejection.Revoked.class, ((ChainRejectedException) cause).rejection());
  }
}
