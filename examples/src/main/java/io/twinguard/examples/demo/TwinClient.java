package io.twinguard.examples.demo;

import io.twinguard.broker.call.Ingress;
import io.twinguard.broker.server.Routes;
import io.twinguard.signing.digest.ContentDigest;
import io.twinguard.signing.digest.DigestAlgorithm;
import io.twinguard.signing.httpsig.ComponentId;
import io.twinguard.signing.httpsig.HttpFields;
import io.twinguard.signing.httpsig.HttpRequest;
import io.twinguard.signing.httpsig.MessageSigner;
import io.twinguard.signing.httpsig.SignatureFields;
import io.twinguard.signing.httpsig.SignatureParams;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;

/**
 * A twin calling other twins through the broker, as an integrator's code would: mutual TLS with the
 * twin's certificate, purpose and subjects as headers, and, when asked, an RFC 9421 signature over
 * method, target URI, content type and Content-Digest with a fresh nonce.
 */
public final class TwinClient {

  /** The components a twin signs. */
  static final List<ComponentId> SIGNED = List.of(ComponentId.METHOD, ComponentId.TARGET_URI,
      ComponentId.field("content-type"), ComponentId.field("content-digest"));

  /**
   * The broker's answer.
   *
   * @param status HTTP status
   * @param headers response headers
   * @param body response body
   */
  public record Answer(int status, MultiMap headers, Buffer body) {
    public JsonObject json() {
      return body.length() == 0 ? new JsonObject() : body.toJsonObject();
    }
  }

  private final WebClient client;
  private final HttpClientAgent streams;
  private final String spiffeId;
  private final MessageSigner signer;
  private final String brokerHost;
  private final int brokerPort;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /** A client for the twin named {@code twin} of {@code ecosystem}, calling the broker at {@code port}. */
  public TwinClient(Vertx vertx, Ecosystem ecosystem, String twin, int port, Clock clock) {
    Ecosystem.Credentials credentials = ecosystem.twin(twin);
    this.client = WebClient.create(vertx, new WebClientOptions()
        .setSsl(true)
        .setKeyCertOptions(credentials.keyCertOptions())
        .setTrustOptions(ecosystem.caTrustOptions()));
    this.streams = vertx.createHttpClient(new HttpClientOptions()
        .setSsl(true)
        .setKeyCertOptions(credentials.keyCertOptions())
        .setTrustOptions(ecosystem.caTrustOptions()));
    this.spiffeId = credentials.spiffeId();
    this.signer = new MessageSigner(credentials.keyPair().getPrivate());
    this.brokerHost = "127.0.0.1";
    this.brokerPort = port;
    this.clock = clock;
  }

  /**
   * The signature headers of one signed request.
   *
   * @param signatureInput the Signature-Input value
   * @param signature the Signature value
   * @param contentDigest the Content-Digest value the signature covers
   */
  public record Signed(String signatureInput, String signature, String contentDigest) {}

  /**
   * Calls {@code path} ({@code twin/kind/block/operation}) through the broker.
   *
   * @param purpose the DPV purpose, or null to leave the header out
   * @param subjects comma-separated subject ids, or null
   * @param payload the JSON payload, or null for none
   * @param sign whether to sign the request
   */
  public Future<Answer> call(String path, String purpose, String subjects, JsonObject payload, boolean sign) {
    return send(path, purpose, subjects, payload, sign ? sign(path, payload) : null);
  }

  /**
   * Signs a call of {@code path} with {@code payload} as the broker will see it: method, target URI,
   * content type and Content-Digest, with created, a fresh nonce and the twin's SPIFFE ID as keyid.
   */
  public Signed sign(String path, JsonObject payload) {
    byte[] bytes = payload == null ? new byte[0] : payload.toBuffer().getBytes();
    String digest = ContentDigest.create(bytes, DigestAlgorithm.SHA_256);
    SignatureFields signature = signer.sign(
        new HttpRequest("POST", URI.create("https://" + brokerHost + ":" + brokerPort + Routes.CALLS + "/" + path),
            HttpFields.of("content-type", "application/json", ContentDigest.FIELD, digest), bytes),
        "twin",
        SignatureParams.builder(SIGNED).created(clock.instant()).nonce(nonce()).keyid(spiffeId).build());
    return new Signed(signature.signatureInput(), signature.signature(), digest);
  }

  /** Sends a call with the given signature headers (none when {@code signed} is null). */
  public Future<Answer> send(String path, String purpose, String subjects, JsonObject payload, Signed signed) {
    var request = client.post(brokerPort, brokerHost, Routes.CALLS + "/" + path);
    if (purpose != null) {
      request.putHeader(Ingress.PURPOSE, purpose);
    }
    if (subjects != null) {
      request.putHeader(Ingress.SUBJECTS, subjects);
    }
    if (payload != null) {
      request.putHeader("content-type", "application/json");
    }
    if (signed != null) {
      request.putHeader(ContentDigest.FIELD, signed.contentDigest());
      request.putHeader(SignatureFields.SIGNATURE_INPUT, signed.signatureInput());
      request.putHeader(SignatureFields.SIGNATURE, signed.signature());
    }
    Buffer body = payload == null ? Buffer.buffer() : payload.toBuffer();
    return request.sendBuffer(body).map(TwinClient::answer);
  }

  /** Gets a path of the broker (health, metrics, the OpenAPI document, admin) with this twin's certificate. */
  public Future<Answer> get(String path) {
    return client.get(brokerPort, brokerHost, path).send().map(TwinClient::answer);
  }

  /** Sends {@code method} with a JSON body (or none) to a path of the broker: the admin API. */
  public Future<Answer> request(HttpMethod method, String path, JsonObject body) {
    var request = client.request(method, brokerPort, brokerHost, path);
    return (body == null ? request.send() : request.sendJsonObject(body)).map(TwinClient::answer);
  }

  private static Answer answer(HttpResponse<Buffer> response) {
    return new Answer(response.statusCode(), response.headers(), response.body() == null ? Buffer.buffer() : response.body());
  }

  /**
   * Subscribes to a gateway block's events ({@code twin/gateway/block}) through the broker; the
   * future holds the response, whose body is the server-sent event stream (or a problem). The
   * response is paused, so that no event is lost before the caller sets its handlers: call
   * {@code resume()} then.
   */
  public Future<HttpClientResponse> subscribe(String path, String purpose) {
    return subscribe(path, purpose, null);
  }

  /**
   * Subscribes as {@link #subscribe(String, String)} does, for the data subjects the events are
   * about when they name none themselves.
   *
   * @param subjects comma-separated subject ids, or null
   */
  public Future<HttpClientResponse> subscribe(String path, String purpose, String subjects) {
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setHost(brokerHost)
        .setPort(brokerPort)
        .setURI(Routes.CALLS + "/" + path + "/events")
        .putHeader(Ingress.PURPOSE, purpose);
    if (subjects != null) {
      options.putHeader(Ingress.SUBJECTS, subjects);
    }
    return streams.request(options)
        .compose(HttpClientRequest::send)
        .map(response -> {
          response.pause();
          return response;
        });
  }

  public void close() {
    client.close();
    streams.close();
  }

  private String nonce() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
