package io.twinguard.adapters.testing;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultServerCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.CertificateStore;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/**
 * A real Eclipse Milo OPC UA server in the test JVM on 127.0.0.1, serving {@link BoilerNamespace}
 * over Basic256Sha256 SignAndEncrypt only (plus the unsecured discovery endpoint the standard
 * requires for GetEndpoints). Its RSA certificate is issued by the test ecosystem CA with the twin's
 * SPIFFE ID as application URI; it accepts clients whose certificates that CA issued.
 */
public final class BoilerPlant {

  public static final String TWIN = "spiffe://city.example/twin/boiler-plant";

  private final TestPki pki;
  private final KeyPair keyPair;
  private final X509Certificate certificate;
  public final int port;
  private OpcUaServer server;
  private BoilerNamespace namespace;
  /** How long the last start took, in milliseconds (reported by the test). */
  public long startMillis;

  public BoilerPlant(TestPki pki, TestPki.RsaIssued identity, int port) {
    this.pki = pki;
    this.keyPair = identity.keyPair();
    this.certificate = identity.certificate();
    this.port = port;
  }

  public String endpoint() {
    return "opc.tcp://127.0.0.1:" + port + "/boiler";
  }

  public BoilerNamespace namespace() {
    return namespace;
  }

  public boolean running() {
    return server != null;
  }

  public void start() throws Exception {
    if (server != null) {
      return;
    }
    long started = System.nanoTime();
    MemoryTrustListManager trust = new MemoryTrustListManager();
    trust.addTrustedCertificate(pki.ca().authority().certificate());
    MemoryCertificateStore store = new MemoryCertificateStore();
    store.set(NodeIds.RsaSha256ApplicationCertificateType,
        new CertificateStore.Entry(keyPair.getPrivate(), new X509Certificate[] {certificate}));
    MemoryCertificateQuarantine quarantine = new MemoryCertificateQuarantine();
    DefaultApplicationGroup group = DefaultApplicationGroup.createAndInitialize(trust, store,
        new RsaSha256CertificateFactory() {
          @Override
          protected X509Certificate[] createRsaSha256CertificateChain(KeyPair pair) {
            throw new IllegalStateException("the plant's certificate comes from the ecosystem CA");
          }
        },
        new DefaultServerCertificateValidator(trust, quarantine));
    EndpointConfig secure = endpoint("/boiler", SecurityPolicy.Basic256Sha256, MessageSecurityMode.SignAndEncrypt);
    EndpointConfig discovery = endpoint("/boiler/discovery", SecurityPolicy.None, MessageSecurityMode.None);
    OpcUaServerConfig config = OpcUaServerConfig.builder()
        .setApplicationUri(TWIN)
        .setApplicationName(LocalizedText.english("boiler plant"))
        .setProductUri("urn:city.example:boiler-plant")
        .setCertificateManager(new DefaultCertificateManager(quarantine, group))
        .setEndpoints(Set.of(secure, discovery))
        .build();
    OpcUaServer created = new OpcUaServer(config,
        profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
    BoilerNamespace created2 = new BoilerNamespace(created);
    created.startup().get(60, TimeUnit.SECONDS);
    created2.startup();
    server = created;
    namespace = created2;
    startMillis = (System.nanoTime() - started) / 1_000_000;
  }

  private EndpointConfig endpoint(String path, SecurityPolicy policy, MessageSecurityMode mode) {
    return EndpointConfig.newBuilder()
        .setBindAddress("127.0.0.1")
        .setHostname("127.0.0.1")
        .setBindPort(port)
        .setPath(path)
        .setCertificate(certificate)
        .setSecurityPolicy(policy)
        .setSecurityMode(mode)
        .addTokenPolicy(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS)
        .build();
  }

  public void stop() throws Exception {
    if (server == null) {
      return;
    }
    namespace.shutdown();
    server.shutdown().get(60, TimeUnit.SECONDS);
    server = null;
  }

  public NodeId node(String id) {
    return new NodeId(server.getNamespaceTable().getIndex(BoilerNamespace.URI), id);
  }
}
