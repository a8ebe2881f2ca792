package io.twinguard.tests.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * nginx (Debian's package) as a TLS reverse proxy that checks nothing but TLS, run as a child process
 * from a configuration generated in {@code dir}: TLS 1.3 with a required client certificate of the
 * ecosystem CA on the front, TLS 1.3 with its own client certificate to the origin, and a pool of 32
 * keep-alive connections to the origin, like the broker's forwarder. The master writes its pid to
 * {@code dir/nginx.pid}, so that a script can stop it should this JVM die first.
 */
final class NginxProxy implements AutoCloseable {

  private final Process process;

  private NginxProxy(Process process) {
    this.process = process;
  }

  /**
   * Writes the configuration and the PEM files into {@code dir}, starts {@code binary} and waits until
   * it accepts connections on {@code port}.
   *
   * @throws IOException when nginx cannot be started or does not listen within 10 s (its error log
   *     is in the message)
   */
  static NginxProxy start(Path binary, Path dir, int port, int originPort, int workers, String certificatePem,
      String keyPem, String caPem) throws IOException, InterruptedException {
    Files.createDirectories(dir.resolve("temp"));
    Files.writeString(dir.resolve("proxy.crt"), certificatePem, StandardCharsets.US_ASCII);
    Files.writeString(dir.resolve("proxy.key"), keyPem, StandardCharsets.US_ASCII);
    Files.writeString(dir.resolve("ca.crt"), caPem, StandardCharsets.US_ASCII);
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(conf, config(dir, port, originPort, workers), StandardCharsets.US_ASCII);
    Path errors = dir.resolve("error.log");
    Process process = new ProcessBuilder(List.of(binary.toString(), "-p", dir.toString(), "-c", conf.toString()))
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("nginx.out").toFile())
        .start();
    NginxProxy nginx = new NginxProxy(process);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("nginx exited with " + process.exitValue() + ": "
            + Files.readString(dir.resolve("nginx.out")) + read(errors));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return nginx;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    nginx.close();
    throw new IOException("nginx did not listen on port " + port + " within 10 s: " + read(errors));
  }

  private static String config(Path dir, int port, int originPort, int workers) {
    // as root the master would hand the workers to "nobody", who cannot read the temp directory
    String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
    return user + """
        daemon off;
        worker_processes %d;
        pid %s;
        error_log %s warn;
        events { worker_connections 4096; }
        http {
          access_log off;
          client_body_temp_path %s;
          proxy_temp_path %s;
          upstream twin {
            server 127.0.0.1:%d;
            keepalive 32;
            keepalive_requests 1000000;
          }
          server {
            listen 127.0.0.1:%d ssl;
            keepalive_requests 1000000;
            ssl_protocols TLSv1.3;
            ssl_certificate %s;
            ssl_certificate_key %s;
            ssl_client_certificate %s;
            ssl_verify_client on;
            location / {
              proxy_pass https://twin;
              proxy_http_version 1.1;
              proxy_set_header Connection "";
              proxy_ssl_protocols TLSv1.3;
              proxy_ssl_certificate %s;
              proxy_ssl_certificate_key %s;
              proxy_ssl_session_reuse on;
            }
          }
        }
        """.formatted(workers, dir.resolve("nginx.pid"), dir.resolve("error.log"), dir.resolve("temp/body"),
        dir.resolve("temp/proxy"), originPort, port, dir.resolve("proxy.crt"), dir.resolve("proxy.key"),
        dir.resolve("ca.crt"), dir.resolve("proxy.crt"), dir.resolve("proxy.key"));
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "";
  }

  /** Stops nginx (SIGTERM: the master stops its workers), forcibly after 10 s. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
