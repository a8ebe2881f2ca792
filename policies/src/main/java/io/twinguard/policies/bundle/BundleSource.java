package io.twinguard.policies.bundle;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Where bundles come from. {@link #fetchIfChanged} gives a bundle's files only when they differ
 * from the last fetch, so a poller loads each revision once. Reads never block an event loop.
 */
public interface BundleSource extends AutoCloseable {

  /** The files when they changed since the last fetch (always on the first), else empty. */
  Future<Optional<Map<String, byte[]>>> fetchIfChanged();

  @Override
  default void close() {}

  /** A bundle on disk: a directory or a {@code .tar.gz}; a change is a change of content. */
  static BundleSource file(Vertx vertx, Path path) {
    return new BundleSource() {
      private byte[] seen;

      @Override
      public Future<Optional<Map<String, byte[]>>> fetchIfChanged() {
        return vertx.executeBlocking(() -> {
          Map<String, byte[]> files = Files.isDirectory(path)
              ? BundleFiles.fromDirectory(path)
              : BundleFiles.fromTarGz(Files.readAllBytes(path));
          MessageDigest digest = MessageDigest.getInstance("SHA-256");
          MessageDigest file = MessageDigest.getInstance("SHA-256");
          files.forEach((name, content) -> {
            digest.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(file.digest(content));
          });
          byte[] fingerprint = digest.digest();
          synchronized (this) {
            if (Arrays.equals(fingerprint, seen)) {
              return Optional.empty();
            }
            seen = fingerprint;
          }
          return Optional.of(files);
        }, false);
      }
    };
  }

  /**
   * A bundle server (for example one serving {@code opa build} output): GET with
   * {@code If-None-Match}, so that an unchanged bundle costs a 304. Any status but 200 and 304
   * fails the fetch. The ETag of a fetched bundle is kept even when the bundle is then refused, so
   * a bad bundle is not fetched again until the server's changes.
   */
  static BundleSource http(Vertx vertx, URI uri, Duration timeout) {
    WebClient client = WebClient.create(vertx, new WebClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis())));
    return new BundleSource() {
      private volatile String etag;

      @Override
      public Future<Optional<Map<String, byte[]>>> fetchIfChanged() {
        var request = client.getAbs(uri.toString()).timeout(timeout.toMillis());
        String known = etag;
        if (known != null) {
          request.putHeader("If-None-Match", known);
        }
        return request.send().compose(this::files);
      }

      private Future<Optional<Map<String, byte[]>>> files(HttpResponse<Buffer> response) {
        if (response.statusCode() == 304) {
          return Future.succeededFuture(Optional.empty());
        }
        if (response.statusCode() != 200 || response.body() == null) {
          return Future.failedFuture(new IllegalStateException(
              "the bundle server answered " + response.statusCode() + " for " + uri));
        }
        byte[] body = response.body().getBytes();
        return vertx.executeBlocking(() -> {
          Map<String, byte[]> files = BundleFiles.fromTarGz(body);
          etag = response.getHeader("ETag");
          return Optional.of(files);
        }, false);
      }

      @Override
      public void close() {
        client.close();
      }
    };
  }
}
