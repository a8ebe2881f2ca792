package io.twinguard.tests.identity;

import static io.twinguard.tests.identity.TokenEcosystem.await;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on a loopback port to a server on another: the broker reaches Keycloak through it,
 * and a test cuts Keycloak off by {@link #stop stopping} it (the broker then meets a refused
 * connection, as when Keycloak is stopped) and brings it back on the same port with {@link #start}.
 */
final class Relay {

  private final Vertx vertx;
  private final int target;
  private final NetClient client;
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  private int port;
  private NetServer server;

  Relay(Vertx vertx, int target) {
    this.vertx = vertx;
    this.target = target;
    this.client = vertx.createNetClient();
  }

  /** Listens (again) on its port, a free one the first time; returns the port. */
  int start() throws Exception {
    server = vertx.createNetServer().connectHandler(inbound -> {
      inbound.pause();
      open.add(inbound);
      client.connect(target, "127.0.0.1").onComplete(connected -> {
        if (connected.failed()) {
          inbound.close();
          return;
        }
        NetSocket outbound = connected.result();
        open.add(outbound);
        inbound.handler(outbound::write).closeHandler(v -> outbound.close());
        outbound.handler(inbound::write).closeHandler(v -> inbound.close());
        inbound.resume();
      });
    });
    port = await(server.listen(port, "127.0.0.1")).actualPort();
    return port;
  }

  /** Stops listening and cuts every connection it relays. */
  void stop() throws Exception {
    await(server.close());
    for (NetSocket socket : open) {
      socket.close();
    }
    open.clear();
  }
}
