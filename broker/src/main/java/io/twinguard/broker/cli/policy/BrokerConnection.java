package io.twinguard.broker.cli.policy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * How the policy commands reach a running broker's policy API ({@code /v1/policy}): its base URL
 * and the caller's mutual-TLS credentials (a twin certificate whose SPIFFE ID the broker's {@code
 * admins} lists, until policy-author roles come from tokens). A refusal is printed as its problem
 * title and detail; the failing tests of a refused bundle one per line.
 */
public final class BrokerConnection {

  @Option(names = "--broker", paramLabel = "URL", defaultValue = "https://127.0.0.1:8443",
      description = "The broker (default: ${DEFAULT-VALUE}).")
  URI broker;

  @Option(names = "--cert", paramLabel = "PEM", required = true, description = "The caller's certificate chain.")
  Path cert;

  @Option(names = "--key", paramLabel = "PEM", required = true, description = "The caller's private key.")
  Path key;

  @Option(names = "--ca", paramLabel = "PEM", required = true, description = "The ecosystem CA certificate.")
  Path ca;

  /**
   * Calls {@code method path} with {@code body} (a bundle, or nothing), prints the answer's JSON on
   * {@code out} or the problem on {@code err}; exit code 0 on success, 1 on a refusal or failure.
   */
  int call(HttpMethod method, String path, Optional<Buffer> body, PrintWriter out, PrintWriter err, String command) {
    Vertx vertx = Vertx.vertx();
    WebClient client = WebClient.create(vertx, new WebClientOptions().setSsl(true).setVerifyHost(true)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(key.toString()))
        .setTrustOptions(new PemTrustOptions().addCertPath(ca.toString())));
    try {
      int port = broker.getPort() < 0 ? 443 : broker.getPort();
      var request = client.request(method, port, broker.getHost(), broker.getRawPath().replaceAll("/$", "") + path)
          .ssl(true);
      Future<HttpResponse<Buffer>> sent = body.isPresent()
          ? request.putHeader("content-type", "application/gzip").sendBuffer(body.get())
          : request.send();
      HttpResponse<Buffer> response = sent.await();
      if (response.statusCode() < 300) {
        out.println(response.bodyAsJsonObject().encodePrettily());
        out.flush();
        return 0;
      }
      err.println("twinguard policy " + command + ": " + problem(response));
      err.flush();
      return 1;
    } catch (RuntimeException e) {
      return LifecycleSession.fail(command, err, e);
    } finally {
      client.close();
      vertx.close().await();
    }
  }

  private static String problem(HttpResponse<Buffer> response) {
    JsonObject problem;
    try {
      problem = response.bodyAsJsonObject();
    } catch (RuntimeException e) {
      return "HTTP " + response.statusCode();
    }
    StringBuilder text = new StringBuilder(problem.getString("title", "HTTP " + response.statusCode()));
    if (problem.getString("detail") != null) {
      text.append(": ").append(problem.getString("detail"));
    }
    if (problem.getJsonArray("failures") != null) {
      problem.getJsonArray("failures").forEach(f -> {
        JsonObject test = (JsonObject) f;
        text.append("\n  failed: ").append(test.getString("test")).append(" (").append(test.getString("file"))
            .append(':').append(test.getValue("line")).append(')');
      });
    }
    return text.toString();
  }
}
