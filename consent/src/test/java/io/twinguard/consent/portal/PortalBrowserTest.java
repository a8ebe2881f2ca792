package io.twinguard.consent.portal;

import static io.twinguard.consent.TestConsents.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.consent.ConsentRequest;
import io.twinguard.consent.TestConsents;
import io.twinguard.consent.TestPostgres;
import io.twinguard.consent.receipt.ReceiptVerifier;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The portal in a real headless Chromium, logged in through the real Keycloak: alice answers a
 * request, withdraws, checks a proof in the page and verifies a receipt; bob cannot reach alice's
 * records; axe-core finds no WCAG 2.2 A/AA violation on any page. Screenshots go to
 * target/screenshots.
 */
class PortalBrowserTest {

  private static TestPostgres postgres;
  private static TestConsents consents;
  private static TestKeycloak keycloak;
  private static HttpServer server;
  private static String base;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    keycloak = TestKeycloak.running();
    postgres = TestPostgres.start(dir.resolve("pg"));
    consents = TestConsents.open(postgres.newDatabase(), dir.resolve("log"), Optional.empty());
    SelfSignedCertificate certificate = SelfSignedCertificate.create("127.0.0.1");
    Router root = Router.router(consents.vertx);
    server = await(consents.vertx.createHttpServer(new HttpServerOptions().setSsl(true)
        .setKeyCertOptions(certificate.keyCertOptions()).setHost("127.0.0.1").setPort(0))
        .requestHandler(root).listen());
    base = "https://127.0.0.1:" + server.actualPort() + "/consent";
    keycloak.allowRedirect("https://127.0.0.1:" + server.actualPort());
    ConsentPortal portal = await(ConsentPortal.create(consents.vertx, consents.service, consents.log,
        new PortalConfig(URI.create(keycloak.issuer()), "twinguard-web", URI.create(base), "EU",
            "https://city.example/privacy"),
        new PseudonymousSubjects(new byte[32]), CitizenAuthenticator.NONE));
    root.route("/consent/*").subRouter(portal.router());
  }

  @AfterAll
  static void stop() {
    if (consents != null) {
      consents.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void alice_grantsWithdrawsChecksProofAndReceipt_bobCannotReachHerRecords() throws Exception {
    try (PortalBrowser alice = PortalBrowser.start(); PortalBrowser bob = PortalBrowser.start()) {
      String subject = alice.login(base, "alice", keycloak.password("alice"));
      ConsentRequest request = await(consents.service.request(obligation(subject), "spiffe://city.example/twin/building"));

      alice.driver().get(base + "/requests");
      alice.accessible("requests");
      alice.driver().findElement(By.cssSelector("button.grant")).click();
      PortalBrowser.wait(alice.driver()).until(d -> d.getCurrentUrl().endsWith("/consents"));
      assertEquals("given", status(subject));
      alice.accessible("consents-granted");

      String receiptUrl = alice.driver().findElement(By.cssSelector("a.receipt")).getAttribute("href");
      String receipt = alice.fetch(receiptUrl);
      ReceiptVerifier.Verified verified = ReceiptVerifier.verify(receipt, TestConsents.RECEIPT_KEY.publicKey(),
          consents.log.verifierKey());
      assertEquals(request.consentId(), verified.consent().id());

      alice.driver().findElement(By.cssSelector("button.withdraw")).click();
      PortalBrowser.wait(alice.driver()).until(d -> d.findElements(By.cssSelector(".status-withdrawn")).size() == 1);
      assertEquals("withdrawn", status(subject));
      alice.accessible("consents-withdrawn");

      alice.driver().get(base + "/history");
      alice.driver().findElement(By.cssSelector("button.check")).click();
      PortalBrowser.wait(alice.driver()).until(d -> d.findElement(By.cssSelector(".proof-result")).getText().startsWith("Proof "));
      String proof = alice.driver().findElement(By.cssSelector(".proof-result")).getText();
      assertTrue(proof.startsWith("Proof checked"), proof);
      alice.accessible("history");

      bob.login(base, "bob", keycloak.password("bob"));
      bob.driver().get(base + "/consents");
      bob.accessible("bob-consents");
      assertTrue(!bob.driver().getPageSource().contains(request.consentId()));
      assertTrue(bob.fetch(base + "/api/v1/consents/" + request.consentId() + "/history").equals("[]"));
      assertTrue(bob.fetch(receiptUrl).contains("not-found"));
      assertTrue(bob.fetch(base + "/api/v1/consents").equals("[]"));
    }
  }

  private static String status(String subject) {
    List<JsonObject> views = await(consents.service.lookup().consentsOf(List.of(subject), "city-buildings"));
    return views.get(0).getString("status");
  }

  private static JsonObject obligation(String subject) {
    return new JsonObject().put("type", "request_consent").put("subject", subject)
        .put("recipient_org", "city-buildings").put("purpose", "dpv:ServiceProvision")
        .put("data_categories", new JsonArray().add("pd:MentalHealth")).put("explicit", true);
  }
}
