package io.twinguard.adapters.opcua;

import io.twinguard.adapters.AdapterException;
import io.twinguard.adapters.AdapterFailure;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.util.validation.ValidationCheck;

/**
 * One OPC UA session: Basic256Sha256 with SignAndEncrypt, the adapter's own application
 * certificate, and the server's certificate checked against the trusted CA, the endpoint's host
 * and the application URI the settings expect (the twin's SPIFFE ID by default), never trusted
 * blindly. Opened on first use and again after it was lost. Confined to the adapter's context.
 */
final class OpcUaSession {

  private final Vertx vertx;
  private final Context context;
  private final OpcUaSettings settings;
  private final Credentials credentials;
  private final Consumer<AdapterFailure> onLost;
  private OpcUaClient client;
  private UShort namespace;
  private Future<OpcUaClient> connecting;

  OpcUaSession(Vertx vertx, Context context, OpcUaSettings settings, Credentials credentials, Consumer<AdapterFailure> onLost) {
    this.vertx = vertx;
    this.context = context;
    this.settings = settings;
    this.credentials = credentials;
    this.onLost = onLost;
  }

  /** The open session's client; opens one when there is none. Fails with {@code Unreachable} or {@code BadAnswer}. */
  Future<OpcUaClient> client() {
    if (client != null) {
      return Future.succeededFuture(client);
    }
    if (connecting == null) {
      connecting = vertx.executeBlocking(this::connect, false)
          .recover(e -> Future.failedFuture(e instanceof AdapterException ? e : new AdapterException(
              new AdapterFailure.Unreachable("cannot open an OPC UA session with " + settings.endpoint() + ": " + e.getMessage()))))
          .map(opened -> {
            client = opened.client();
            namespace = opened.namespace();
            return opened.client();
          })
          .andThen(done -> connecting = null);
    }
    return connecting;
  }

  /** The node id of a string identifier in the declared namespace; only while a session is open. */
  NodeId node(String identifier) {
    return new NodeId(namespace, identifier);
  }

  /** Runs one request on the open session, bounded by the timeout, back on the adapter's context. */
  <T> Future<T> request(Function<OpcUaClient, CompletionStage<T>> send) {
    return client().compose(c -> Future.fromCompletionStage(send.apply(c), context))
        .timeout(settings.timeoutMs(), TimeUnit.MILLISECONDS)
        .recover(e -> Future.failedFuture(e instanceof AdapterException ? e : new AdapterException(
            e instanceof TimeoutException ? new AdapterFailure.TimedOut(settings.timeoutMs())
                : new AdapterFailure.Unreachable("the OPC UA request failed: " + e.getMessage()))));
  }

  private record Opened(OpcUaClient client, UShort namespace) {}

  /** On a worker: discovery, the secure channel, the session and the namespace index. */
  private Opened connect() throws Exception {
    MemoryTrustListManager trust = new MemoryTrustListManager();
    trust.addTrustedCertificate(credentials.ca());
    CertificateValidator checked = new DefaultClientCertificateValidator(trust,
        Set.of(ValidationCheck.HOSTNAME, ValidationCheck.APPLICATION_URI), new MemoryCertificateQuarantine());
    // the server's certificate must name the application URI we expect, not the one it claims
    CertificateValidator expected = (chain, claimedUri, hostnames) ->
        checked.validateCertificateChain(chain, settings.serverApplicationUri(), hostnames);
    UInteger timeout = UInteger.valueOf(settings.timeoutMs());
    OpcUaClient created = OpcUaClient.create(settings.endpoint().toString(),
        endpoints -> endpoints.stream()
            .filter(e -> SecurityPolicy.Basic256Sha256.getUri().equals(e.getSecurityPolicyUri()))
            .filter(e -> e.getSecurityMode() == MessageSecurityMode.SignAndEncrypt)
            .findFirst(),
        transport -> transport.setConnectTimeout(timeout),
        config -> config
            .setApplicationName(LocalizedText.english("twinguard"))
            .setApplicationUri(settings.client().applicationUri())
            .setProductUri("urn:twinguard:adapters:opcua")
            .setKeyPair(credentials.keyPair())
            .setCertificate(credentials.certificate())
            .setCertificateChain(new X509Certificate[] {credentials.certificate()})
            .setCertificateValidator(expected)
            .setIdentityProvider(new AnonymousProvider())
            .setRequestTimeout(timeout));
    try {
      created.connect();
      UShort index = created.getNamespaceTable().getIndex(settings.namespace());
      if (index == null) {
        throw new AdapterException(new AdapterFailure.BadAnswer("the server has no namespace " + settings.namespace()));
      }
      created.addSessionActivityListener(new SessionActivityListener() {
        @Override
        public void onSessionInactive(UaSession session) {
          context.runOnContext(v -> lost(created));
        }
      });
      return new Opened(created, index);
    } catch (Exception e) {
      created.disconnectAsync();
      throw e;
    }
  }

  private void lost(OpcUaClient which) {
    if (which != client) {
      return;
    }
    client = null;
    // Milo would keep reconnecting this client in the background; the next use opens a fresh one
    which.disconnectAsync();
    onLost.accept(new AdapterFailure.Unreachable("the OPC UA session with " + settings.endpoint() + " was lost"));
  }

  /** Ends the session. */
  Future<Void> close() {
    OpcUaClient open = client;
    client = null;
    if (open == null) {
      return Future.succeededFuture();
    }
    return Future.fromCompletionStage(open.disconnectAsync(), context).<Void>mapEmpty().otherwiseEmpty();
  }
}
