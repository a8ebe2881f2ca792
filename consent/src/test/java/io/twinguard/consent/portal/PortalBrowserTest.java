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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

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
    Router portal = await(ConsentPortal.create(consents.vertx, consents.service, consents.log,
        new PortalConfig(URI.create(keycloak.issuer()), "twinguard-web", URI.create(base), "EU",
            "https://city.example/privacy"),
        new PseudonymousSubjects(new byte[32]), CitizenAuthenticator.NONE));
    root.route("/consent/*").subRouter(portal);
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
    try (Browser alice = Browser.start(); Browser bob = Browser.start()) {
      String subject = login(alice.driver, "alice");
      ConsentRequest request = await(consents.service.request(obligation(subject), "spiffe://city.example/twin/building"));

      alice.driver.get(base + "/requests");
      alice.accessible("requests");
      alice.driver.findElement(By.cssSelector("button.grant")).click();
      wait(alice.driver).until(d -> d.getCurrentUrl().endsWith("/consents"));
      assertEquals("given", status(subject));
      alice.accessible("consents-granted");

      String receiptUrl = alice.driver.findElement(By.cssSelector("a.receipt")).getAttribute("href");
      String receipt = alice.fetch(receiptUrl);
      ReceiptVerifier.Verified verified = ReceiptVerifier.verify(receipt, TestConsents.RECEIPT_KEY.publicKey(),
          consents.log.verifierKey());
      assertEquals(request.consentId(), verified.consent().id());

      alice.driver.findElement(By.cssSelector("button.withdraw")).click();
      wait(alice.driver).until(d -> d.findElements(By.cssSelector(".status-withdrawn")).size() == 1);
      assertEquals("withdrawn", status(subject));
      alice.accessible("consents-withdrawn");

      alice.driver.get(base + "/history");
      alice.driver.findElement(By.cssSelector("button.check")).click();
      wait(alice.driver).until(d -> d.findElement(By.cssSelector(".proof-result")).getText().startsWith("Proof "));
      String proof = alice.driver.findElement(By.cssSelector(".proof-result")).getText();
      assertTrue(proof.startsWith("Proof checked"), proof);
      alice.accessible("history");

      login(bob.driver, "bob");
      bob.driver.get(base + "/consents");
      bob.accessible("bob-consents");
      assertTrue(!bob.driver.getPageSource().contains(request.consentId()));
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

  /** Logs in through Keycloak's form and answers the subject id the portal shows. */
  private static String login(ChromeDriver driver, String user) {
    driver.get(base + "/requests");
    wait(driver).until(d -> !d.findElements(By.id("username")).isEmpty());
    driver.findElement(By.id("username")).sendKeys(user);
    driver.findElement(By.id("password")).sendKeys(keycloak.password(user));
    driver.findElement(By.id("kc-login")).click();
    wait(driver).until(d -> d.getCurrentUrl().startsWith(base));
    List<org.openqa.selenium.WebElement> subject = driver.findElements(By.cssSelector(".subject code"));
    assertEquals(1, subject.size(), "the portal after login shows " + driver.getPageSource());
    return subject.get(0).getText();
  }

  static WebDriverWait wait(ChromeDriver driver) {
    return new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  /** A headless Chromium with a fresh profile, the axe check and screenshots. */
  record Browser(ChromeDriver driver) implements AutoCloseable {

    static Browser start() throws Exception {
      org.openqa.selenium.chrome.ChromeOptions options = new org.openqa.selenium.chrome.ChromeOptions()
          .setBinary("/usr/bin/chromium")
          .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--ignore-certificate-errors", "--window-size=1200,1000",
              "--user-data-dir=" + Files.createTempDirectory("consent-chromium"));
      org.openqa.selenium.chrome.ChromeDriverService service = new org.openqa.selenium.chrome.ChromeDriverService
          .Builder().usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).build();
      return new Browser(new ChromeDriver(service, options));
    }

    /** Runs axe-core (WCAG 2.0-2.2 A and AA rules) in the page and saves a screenshot. */
    void accessible(String name) throws Exception {
      Path shots = Path.of(System.getProperty("consent.screenshots", "target/screenshots"));
      Files.createDirectories(shots);
      Files.write(shots.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
      driver.executeScript(Files.readString(Path.of(System.getProperty("consent.axe"))));
      Object result = driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
          + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"
          + ".then(r => done(JSON.stringify(r.violations.map(v => v.id + ': ' + v.nodes.length))));");
      assertEquals("[]", result, "axe-core violations on " + name);
    }

    /** GETs a URL in the page (its cookies), answering the body text. */
    String fetch(String url) {
      Object text = driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
          + "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text()).then(done, e => done('error ' + e));",
          url);
      return String.valueOf(text);
    }

    @Override
    public void close() {
      driver.quit();
    }
  }
}
