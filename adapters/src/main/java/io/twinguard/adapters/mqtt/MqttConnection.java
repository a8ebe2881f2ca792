package io.twinguard.adapters.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.twinguard.adapters.AdapterException;
import io.twinguard.adapters.AdapterFailure;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubAckMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One MQTT session over TLS with the adapter's client certificate: connected on first use and again
 * after it was lost, PUBACKs and SUBACKs turned into futures. Confined to the adapter's context:
 * every method is called there, and the client's handlers run there.
 */
final class MqttConnection {

  /** QoS 1 commands waiting for their PUBACK at once; more are refused as overloaded. */
  static final int MAX_INFLIGHT = 32;
  private static final int SUBACK_FAILURE = 0x80;

  private final Vertx vertx;
  private final MqttSettings settings;
  private final Consumer<MqttPublishMessage> onMessage;
  private final Consumer<AdapterFailure> onLost;
  private final Map<Integer, Promise<Void>> unacked = new HashMap<>();
  private final Map<Integer, Promise<Void>> suback = new HashMap<>();
  private final Map<Integer, Promise<Void>> unsubacked = new HashMap<>();
  private MqttClient client;
  private Future<MqttClient> connecting;

  /**
   * @param onMessage every message received on a subscribed filter
   * @param onLost called once each time an established session is lost, with why
   */
  MqttConnection(Vertx vertx, MqttSettings settings, Consumer<MqttPublishMessage> onMessage, Consumer<AdapterFailure> onLost) {
    this.vertx = vertx;
    this.settings = settings;
    this.onMessage = onMessage;
    this.onLost = onLost;
  }

  String url() {
    return "mqtts://" + settings.host() + ":" + settings.port();
  }

  /** The connected client; connects when there is none. Fails with {@code Unreachable} or {@code TimedOut}. */
  Future<MqttClient> client() {
    if (client != null && client.isConnected()) {
      return Future.succeededFuture(client);
    }
    if (connecting == null) {
      connecting = connect().andThen(done -> connecting = null);
    }
    return connecting;
  }

  private Future<MqttClient> connect() {
    MqttClientOptions options = new MqttClientOptions()
        .setClientId(settings.clientId().isEmpty() ? "twinguard-" + UUID.randomUUID() : settings.clientId())
        .setCleanSession(true)
        .setMaxInflightQueue(MAX_INFLIGHT)
        .setAckTimeout((int) Math.max(1, settings.timeoutMs() / 1000))
        // the largest payload plus the longest topic and the header; a larger packet breaks the session
        .setMaxMessageSize(settings.maxPayloadBytes() + 65_600)
        .setSsl(true)
        .setHostnameVerificationAlgorithm("HTTPS")
        .setTrustOptions(new PemTrustOptions().addCertPath(settings.tls().caFile().toString()))
        .setKeyCertOptions(new PemKeyCertOptions()
            .setCertPath(settings.tls().certFile().toString())
            .setKeyPath(settings.tls().keyFile().toString()));
    options.setConnectTimeout((int) settings.timeoutMs());
    MqttClient created = MqttClient.create(vertx, options);
    created.publishHandler(onMessage::accept);
    created.publishCompletionHandler(id -> settle(unacked, id, null));
    created.publishCompletionExpirationHandler(id ->
        settle(unacked, id, new AdapterFailure.TimedOut(settings.timeoutMs())));
    created.subscribeCompletionHandler(this::subacked);
    created.unsubscribeCompletionHandler(id -> settle(unsubacked, id, null));
    created.closeHandler(v -> lost(created));
    return created.connect(settings.port(), settings.host(), settings.host())
        .timeout(settings.timeoutMs(), TimeUnit.MILLISECONDS)
        .recover(e -> {
          created.disconnect();
          return Future.failedFuture(new AdapterException(
              new AdapterFailure.Unreachable("cannot open an MQTT session with " + url() + ": " + e.getMessage())));
        })
        .map(ack -> {
          client = created;
          return created;
        });
  }

  /** Publishes with QoS 1; completes on the broker's PUBACK, fails with {@code TimedOut} or {@code Overloaded}. */
  Future<Void> publish(String topic, Buffer payload) {
    return client().compose(c -> c.publish(topic, payload, MqttQoS.AT_LEAST_ONCE, false, false)
        // the client refuses a publish beyond its in-flight limit with an IllegalStateException
        .recover(e -> Future.failedFuture(new AdapterException(e instanceof IllegalStateException
            ? new AdapterFailure.Overloaded(MAX_INFLIGHT)
            : new AdapterFailure.Unreachable("cannot publish to " + url() + ": " + e.getMessage()))))
        .compose(id -> awaitAck(unacked, id)));
  }

  /** Subscribes with QoS 0 and completes on the SUBACK. */
  Future<Void> subscribe(String filter) {
    return client().compose(c -> c.subscribe(filter, MqttQoS.AT_MOST_ONCE.value()))
        .compose(id -> awaitAck(suback, id));
  }

  /** Unsubscribes when connected; a lost session has no subscription left to end. */
  Future<Void> unsubscribe(String filter) {
    if (client == null || !client.isConnected()) {
      return Future.succeededFuture();
    }
    return client.unsubscribe(filter).compose(id -> awaitAck(unsubacked, id));
  }

  private Future<Void> awaitAck(Map<Integer, Promise<Void>> waiting, int packetId) {
    Promise<Void> acked = Promise.promise();
    waiting.put(packetId, acked);
    long timer = vertx.setTimer(settings.timeoutMs(), t -> settle(waiting, packetId, new AdapterFailure.TimedOut(settings.timeoutMs())));
    return acked.future().andThen(done -> vertx.cancelTimer(timer));
  }

  private void subacked(MqttSubAckMessage ack) {
    List<Integer> granted = ack.grantedQoSLevels();
    boolean refused = granted.isEmpty() || granted.get(0) == SUBACK_FAILURE;
    settle(suback, ack.messageId(), refused ? new AdapterFailure.Unreachable("the MQTT broker refused the subscription") : null);
  }

  private static void settle(Map<Integer, Promise<Void>> waiting, int packetId, AdapterFailure failure) {
    Promise<Void> promise = waiting.remove(packetId);
    if (promise != null && failure == null) {
      promise.tryComplete();
    } else if (promise != null) {
      promise.tryFail(new AdapterException(failure));
    }
  }

  private void lost(MqttClient which) {
    if (which != client) {
      return;
    }
    client = null;
    AdapterFailure why = new AdapterFailure.Unreachable("the MQTT session with " + url() + " was lost");
    failAll(why);
    onLost.accept(why);
  }

  private void failAll(AdapterFailure why) {
    for (Map<Integer, Promise<Void>> waiting : List.of(unacked, suback, unsubacked)) {
      List.copyOf(waiting.keySet()).forEach(id -> settle(waiting, id, why));
    }
  }

  /** Ends the session; waiting acknowledgements fail with {@code Closed}. */
  Future<Void> close() {
    MqttClient open = client;
    client = null;
    failAll(new AdapterFailure.Closed());
    if (open == null || !open.isConnected()) {
      return Future.succeededFuture();
    }
    return open.disconnect().otherwiseEmpty();
  }
}
