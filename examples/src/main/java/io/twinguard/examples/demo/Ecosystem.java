package io.twinguard.examples.demo;

import io.twinguard.broker.identity.BrokerIdentity;
import io.twinguard.broker.identity.BrokerIdentity.KeyAndCertificate;
import io.twinguard.broker.registry.Registry;
import io.twinguard.broker.registry.RegistryCodec;
import io.twinguard.broker.registry.Twin;
import io.twinguard.examples.ExampleTwin;
import io.twinguard.examples.SmartCity;
import io.twinguard.examples.TwinServer;
import io.twinguard.signing.ca.CertificateAuthority;
import io.twinguard.signing.ca.SpiffeId;
import io.twinguard.signing.ca.TrustDomain;
import io.twinguard.signing.ca.TrustMaterial;
import io.twinguard.signing.keys.KeyAlgorithm;
import io.twinguard.signing.keys.Keys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The smart-city ecosystem on loopback: a fresh ecosystem CA, a certificate for the broker and for
 * every example twin, and the example twins serving HTTPS (mutual TLS with the broker). The demo and
 * the end-to-end tests start it; the registry it returns points at the ports the twins actually
 * listen on.
 */
public final class Ecosystem {

  /** The trust domain of the example city. */
  public static final String TRUST_DOMAIN = "city.example";

  /** The broker's SPIFFE ID. */
  public static final String BROKER_ID = "spiffe://" + TRUST_DOMAIN + "/broker";

  /** The name under which {@link #twin(String)} gives the broker's own credentials (for other TLS stacks in benchmarks). */
  public static final String BROKER = "broker";

  /** The name under which {@link #twin(String)} gives the administrator's credentials. */
  public static final String ADMIN = "admin";

  /** The SPIFFE ID of the ecosystem's administrator (admin API). */
  public static final String ADMIN_ID = "spiffe://" + TRUST_DOMAIN + "/admin";

  private static final Duration VALIDITY = Duration.ofDays(1);

  /**
   * A twin's (or the administrator's) credentials.
   *
   * @param spiffeId the SPIFFE ID its certificate holds
   * @param keyPair its key pair
   * @param certificate its X.509-SVID
   */
  public record Credentials(String spiffeId, KeyPair keyPair, X509Certificate certificate) {

    /** Certificate and key for Vert.x TLS. */
    public PemKeyCertOptions keyCertOptions() {
      return new PemKeyCertOptions()
          .addCertValue(Buffer.buffer(TrustMaterial.certificatePem(certificate)))
          .addKeyValue(Buffer.buffer(Keys.privateKeyToPem(keyPair.getPrivate())));
    }
  }

  private final CertificateAuthority ca;
  private final TrustMaterial trust;
  private final BrokerIdentity broker;
  private final Map<String, Credentials> twins;
  private final Registry declared;

  private Ecosystem(CertificateAuthority ca, TrustMaterial trust, BrokerIdentity broker,
      Map<String, Credentials> twins, Registry declared) {
    this.ca = ca;
    this.trust = trust;
    this.broker = broker;
    this.twins = Map.copyOf(twins);
    this.declared = declared;
  }

  /** Creates the CA and issues every certificate; nothing listens yet. */
  public static Ecosystem create(Clock clock) {
    Instant now = clock.instant().minusSeconds(60);
    TrustDomain domain = new TrustDomain(TRUST_DOMAIN);
    CertificateAuthority ca = CertificateAuthority.create(domain, Keys.generate(KeyAlgorithm.ECDSA_P256), now, VALIDITY);
    TrustMaterial trust = new TrustMaterial(domain, ca.certificate(),
        ca.crl(Map.of(), BigInteger.ONE, now, now.plus(VALIDITY)));
    KeyPair brokerKeys = Keys.generate(KeyAlgorithm.ECDSA_P256);
    X509Certificate brokerCert = ca.issueServer(List.of("localhost"), List.of("127.0.0.1"),
        SpiffeId.parse(BROKER_ID), brokerKeys.getPublic(), now, VALIDITY);
    KeyPair signingKeys = Keys.generate(KeyAlgorithm.ED25519);
    X509Certificate signingCert = ca.issueTwin(SpiffeId.parse(BROKER_ID), signingKeys.getPublic(), now, VALIDITY);
    BrokerIdentity broker = new BrokerIdentity(BROKER_ID,
        new KeyAndCertificate(brokerKeys.getPrivate(), brokerCert),
        new KeyAndCertificate(signingKeys.getPrivate(), signingCert), trust);
    Registry declared = RegistryCodec.parseYaml(resource("/smart-city-registry.yaml"));
    Map<String, Credentials> twins = new LinkedHashMap<>();
    twins.put(BROKER, new Credentials(BROKER_ID, brokerKeys, brokerCert));
    for (Twin twin : declared.twins()) {
      KeyPair keys = Keys.generate(KeyAlgorithm.ECDSA_P256);
      twins.put(twin.name(), new Credentials(twin.id(), keys,
          ca.issueTwin(SpiffeId.parse(twin.id()), keys.getPublic(), now, VALIDITY)));
    }
    KeyPair adminKeys = Keys.generate(KeyAlgorithm.ECDSA_P256);
    twins.put(ADMIN, new Credentials(ADMIN_ID, adminKeys,
        ca.issueTwin(SpiffeId.parse(ADMIN_ID), adminKeys.getPublic(), now, VALIDITY)));
    return new Ecosystem(ca, trust, broker, twins, declared);
  }

  public CertificateAuthority ca() {
    return ca;
  }

  public TrustMaterial trust() {
    return trust;
  }

  public BrokerIdentity broker() {
    return broker;
  }

  /** The credentials of the twin named {@code name}, of the administrator ({@link #ADMIN}) or the broker ({@link #BROKER}). */
  public Credentials twin(String name) {
    Credentials credentials = twins.get(name);
    if (credentials == null) {
      throw new IllegalArgumentException("no twin named " + name);
    }
    return credentials;
  }

  /** The ecosystem CA certificate for Vert.x TLS. */
  public PemTrustOptions caTrustOptions() {
    return new PemTrustOptions().addCertValue(Buffer.buffer(trust.caCertificatePem()));
  }

  /** The registry as declared in {@code smart-city-registry.yaml}, with its default endpoints. */
  public Registry declaredRegistry() {
    return declared;
  }

  /** The consents of the example data subjects (the demo gives them as records; tests read them in memory). */
  public static String consentFixtures() {
    return resource("/smart-city-consents.yaml");
  }

  /**
   * Starts every example twin on a free loopback port, each requiring the client certificate of a
   * twin of this CA (the broker's), and returns the registry pointing at them.
   */
  public Future<Running> startTwins(Vertx vertx) {
    List<Future<HttpServer>> started = new ArrayList<>();
    List<ExampleTwin> examples = SmartCity.twins();
    for (ExampleTwin twin : examples) {
      started.add(startTwin(vertx, twin));
    }
    return Future.all(started).map(all -> {
      Registry registry = declared;
      List<HttpServer> servers = new ArrayList<>();
      for (int i = 0; i < examples.size(); i++) {
        HttpServer server = all.resultAt(i);
        servers.add(server);
        Twin twin = registry.twin(examples.get(i).name()).orElseThrow();
        registry = registry.with(twin.at(URI.create("https://127.0.0.1:" + server.actualPort())));
      }
      return new Running(registry, servers);
    });
  }

  /**
   * Starts one example twin on a free loopback port with the credentials of its registered name (a
   * replacement twin takes over the name's X.509-SVID), requiring the broker's client certificate.
   */
  public Future<HttpServer> startTwin(Vertx vertx, ExampleTwin twin) {
    return TwinServer.start(vertx, twin, new HttpServerOptions()
        .setHost("127.0.0.1")
        .setPort(0)
        .setSsl(true)
        .setKeyCertOptions(twin(twin.name()).keyCertOptions())
        .setTrustOptions(caTrustOptions())
        .setClientAuth(ClientAuth.REQUIRED));
  }

  /**
   * The example twins while they serve.
   *
   * @param registry the registry with the twins' actual endpoints
   * @param servers their servers, to stop them (or one of them, to play a target that is down)
   */
  public record Running(Registry registry, List<HttpServer> servers) {
    public Running {
      servers = List.copyOf(servers);
    }

    /** Stops every twin. */
    public Future<Void> stop() {
      return Future.all(servers.stream().map(HttpServer::close).toList()).mapEmpty();
    }
  }

  private static String resource(String name) {
    try (InputStream in = Ecosystem.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " missing from the classpath (module examples)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
