package io.twinguard.examples.report;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Path;

/**
 * Serves a report directory ({@link ReportWriter}) on loopback, read-only, so that its page can
 * fetch its proofs. The examples serve it themselves: the broker must not depend on the examples
 * (module arrows), and the report is a file set, not a broker API. Every answer carries a strict
 * Content-Security-Policy: the page's own scripts and styles (inline style attributes too:
 * PlantUML draws with them), nothing from elsewhere.
 */
public final class ReportServer {

  /** The page's policy: nothing but its own files. */
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'; "
      + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private ReportServer() {}

  /**
   * Serves {@code dir} at {@code http://127.0.0.1:port/} ({@code port} 0: a free one).
   *
   * @return the listening server (its actual port)
   */
  public static Future<HttpServer> start(Vertx vertx, Path dir, int port) {
    Router router = Router.router(vertx);
    router.route().handler(ctx -> {
      ctx.response().putHeader("content-security-policy", CSP).putHeader("x-content-type-options", "nosniff");
      ctx.next();
    });
    router.route().handler(StaticHandler.create(FileSystemAccess.ROOT, dir.toAbsolutePath().toString())
        .setCachingEnabled(false)
        .setDirectoryListing(false)
        .setIndexPage("index.html"));
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
        .requestHandler(router).listen();
  }
}
