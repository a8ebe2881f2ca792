package io.twinguard.broker.forward;

import io.twinguard.broker.identity.BrokerIdentity;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.broker.refusal.Refused;
import io.twinguard.broker.registry.Twin;
import io.twinguard.signing.ca.ChainRejectedException;
import io.twinguard.signing.ca.SpiffeId;
import io.twinguard.signing.digest.ContentDigest;
import io.twinguard.signing.digest.DigestAlgorithm;
import io.twinguard.signing.httpsig.ComponentId;
import io.twinguard.signing.httpsig.HttpFields;
import io.twinguard.signing.httpsig.HttpRequest;
import io.twinguard.signing.httpsig.MessageSigner;
import io.twinguard.signing.httpsig.SignatureFields;
import io.twinguard.signing.httpsig.SignatureParams;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Forwards an allowed call to a target twin reached at its endpoint: over TLS with the broker's client certificate,
 * checking that the peer holds the target's SPIFFE ID before anything is sent, signed by the broker
 * (RFC 9421, with Content-Digest), with a timeout and one circuit breaker per target.
 */
public final class Forwarder implements Targets, AutoCloseable {

  /** The headers the broker adds to every forwarded call; targets may rely on them. */
  public static final String CALLER = "Twin-Caller";
  public static final String PURPOSE = "Twin-Purpose";
  public static final String SUBJECTS = "Twin-Subjects";
  public static final String DECISION_ID = "Twin-Decision-Id";

  private static final List<ComponentId> COVERED = List.of(
      ComponentId.METHOD, ComponentId.TARGET_URI,
      ComponentId.field("content-type"), ComponentId.field("content-digest"),
      ComponentId.field("twin-caller"), ComponentId.field("twin-decision-id"));

  private static final List<ComponentId> EVENT_COVERED = List.of(
      ComponentId.METHOD, ComponentId.TARGET_URI, ComponentId.field("twin-caller"), ComponentId.field("twin-decision-id"));

  /**
   * @param timeoutMs how long a target may take to answer
   * @param breakerMaxFailures failures in a row that open a target's circuit
   * @param breakerResetMs how long an open circuit stays open before one trial call
   */
  public record Options(long timeoutMs, int breakerMaxFailures, long breakerResetMs) {}

  private final Vertx vertx;
  private final BrokerIdentity identity;
  private final MessageSigner signer;
  private final Clock clock;
  private final Options options;
  private final HttpClientAgent client;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

  public Forwarder(Vertx vertx, BrokerIdentity identity, Clock clock, Options options) {
    this.vertx = vertx;
    this.identity = identity;
    this.signer = identity.signer();
    this.clock = clock;
    this.options = options;
    this.client = vertx.createHttpClient(
        new HttpClientOptions()
            .setSsl(true)
            .setVerifyHost(false)
            .setKeyCertOptions(identity.keyCertOptions())
            .setTrustOptions(identity.caTrustOptions())
            .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, options.timeoutMs())),
        new PoolOptions().setHttp1MaxSize(32));
  }

  /** Forwards one call; also refused while the target's circuit is open. */
  @Override
  public Future<Upstream> call(TargetCall call) {
    Twin target = call.target();
    CircuitBreaker breaker = breakers.computeIfAbsent(target.name(), name -> CircuitBreaker.create(
        "target-" + name, vertx,
        new CircuitBreakerOptions()
            .setMaxFailures(options.breakerMaxFailures())
            .setTimeout(options.timeoutMs())
            .setResetTimeout(options.breakerResetMs())));
    return breaker.<Upstream>execute(() -> send(call))
        .recover(failure -> Future.failedFuture(unavailable(target, failure)));
  }

  private Future<Upstream> send(TargetCall call) {
    URI uri = at(call.target(), call.path());
    Buffer payload = call.payload();
    byte[] body = payload.getBytes();
    HttpFields fields = HttpFields.of(
        "content-type", "application/json",
        "content-digest", ContentDigest.create(body, DigestAlgorithm.SHA_256),
        "twin-caller", call.callerId(),
        "twin-purpose", call.purpose(),
        "twin-subjects", String.join(", ", call.subjects()),
        "twin-decision-id", call.decisionId());
    SignatureFields signature = signer.sign(
        new HttpRequest("POST", uri, fields, body),
        "twinguard",
        SignatureParams.builder(COVERED)
            .created(clock.instant())
            .keyid(identity.spiffeId())
            .nonce(nonce())
            .build());
    RequestOptions request = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setAbsoluteURI(uri.toString())
        .setIdleTimeout(options.timeoutMs());
    fields.lines().forEach((name, values) -> values.forEach(value -> request.putHeader(name, value)));
    request.putHeader(SignatureFields.SIGNATURE_INPUT, signature.signatureInput());
    request.putHeader(SignatureFields.SIGNATURE, signature.signature());
    return client.request(request)
        .compose(req -> checkPeer(req, call.target()).compose(ok -> req.send(payload)))
        .compose(response -> response.body().map(buffer -> new Upstream(
            response.statusCode(),
            response.getHeader("content-type") == null ? "" : response.getHeader("content-type"),
            buffer)));
  }

  /**
   * Opens a gateway block's event stream at the target ({@code GET {endpoint}{path}}), signed by the
   * broker; also refused when the target does not answer 200.
   */
  @Override
  public Future<EventStream> events(TargetCall subscription) {
    Twin target = subscription.target();
    URI uri = at(target, subscription.path());
    HttpFields fields = HttpFields.of("twin-caller", subscription.callerId(), "twin-purpose", subscription.purpose(),
        "twin-decision-id", subscription.decisionId());
    SignatureFields signature = signer.sign(
        new HttpRequest("GET", uri, fields, new byte[0]),
        "twinguard",
        SignatureParams.builder(EVENT_COVERED).created(clock.instant()).keyid(identity.spiffeId()).nonce(nonce()).build());
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(uri.toString())
        .setConnectTimeout(options.timeoutMs());
    fields.lines().forEach((name, values) -> values.forEach(value -> request.putHeader(name, value)));
    request.putHeader(SignatureFields.SIGNATURE_INPUT, signature.signatureInput());
    request.putHeader(SignatureFields.SIGNATURE, signature.signature());
    return client.request(request)
        .compose(req -> checkPeer(req, target).compose(ok -> req.send()))
        .compose(response -> response.statusCode() == 200
            ? Future.<EventStream>succeededFuture(new HttpEventStream(response.pause(), target.name()))
            : Future.failedFuture("the event stream answered " + response.statusCode()))
        .recover(failure -> Future.failedFuture(unavailable(target, failure)));
  }

  /** {@code path} under the target's endpoint, whether or not the endpoint ends in a slash. */
  private static URI at(Twin target, String path) {
    String base = target.endpoint().toString();
    return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
  }

  private Future<Void> checkPeer(HttpClientRequest request, Twin target) {
    try {
      List<Certificate> peer = request.connection().peerCertificates();
      X509Certificate[] chain = peer.stream().map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
      SpiffeId id = identity.validator().validate(chain, clock.instant());
      if (!id.toString().equals(target.id())) {
        request.reset();
        return Future.failedFuture("the endpoint of " + target.id() + " presents " + id);
      }
      return Future.succeededFuture();
    } catch (SSLPeerUnverifiedException | ChainRejectedException | ClassCastException e) {
      request.reset();
      return Future.failedFuture("the endpoint of " + target.id() + " has no valid twin certificate: " + e.getMessage());
    }
  }

  private Refused unavailable(Twin target, Throwable failure) {
    String why = failure instanceof OpenCircuitException
        ? "its circuit is open after repeated failures"
        : failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    return new Refused(new Refusal.TargetUnavailable("target " + target.name() + " is unavailable: " + why));
  }

  private String nonce() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public void close() {
    client.close();
    breakers.values().forEach(CircuitBreaker::close);
  }
}
