package io.twinguard.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.consent.portal.PortalBrowser;
import io.twinguard.examples.usecases.Session;
import io.twinguard.examples.usecases.UseCase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

/**
 * The report page of a real run (UC2 and UC5 on a city of their own), served as the examples serve
 * it and opened in headless Chromium: a sequence diagram per use case whose arrows link to records
 * and proofs, and every proof checked in the browser against the signed checkpoint. A screenshot
 * goes to {@code target/screenshots/report.png}.
 */
class ReportPageTest {

  @TempDir static Path dir;
  private static Vertx vertx;
  private static Path report;

  @BeforeAll
  static void playAndWrite() throws Exception {
    report = dir.resolve("report");
    StringWriter out = new StringWriter();
    int exit = Session.play(List.of(UseCase.named("UC2"), UseCase.named("UC5")),
        new Session.Options(dir.resolve("data"), report, -1), new PrintWriter(out, true));
    assertEquals(0, exit, out.toString());
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
  }

  private static String serve(Path reportDir) throws Exception {
    HttpServer server = ReportServer.start(vertx, reportDir, 0).toCompletionStage().toCompletableFuture()
        .get(1, TimeUnit.MINUTES);
    return "http://127.0.0.1:" + server.actualPort() + "/";
  }

  @Test
  void reportPage_inChromium_showsTheDiagramsAndChecksEveryProof() throws Exception {
    String base = serve(report);
    try (PortalBrowser browser = PortalBrowser.start()) {
      browser.driver().get(base);
      WebElement summary = browser.driver().findElement(By.id("browser-check"));
      PortalBrowser.wait(browser.driver()).until(d -> summary.getAttribute("class").contains("proof-ok")
          || summary.getAttribute("class").contains("proof-bad"));
      int buttons = browser.driver().findElements(By.cssSelector("button.check")).size();
      assertTrue(buttons > 5, "a row per record: " + buttons);
      assertEquals(buttons + " of " + buttons + " proofs checked against the signed checkpoint", summary.getText());
      assertEquals(2, browser.driver().findElements(By.cssSelector(".diagram svg")).size());
      List<WebElement> links = browser.driver().findElements(By.cssSelector(".diagram svg a"));
      assertTrue(links.stream().anyMatch(a -> String.valueOf(a.getDomAttribute("href")).contains("records/"))
          && links.stream().anyMatch(a -> String.valueOf(a.getDomAttribute("href")).contains("proofs/")),
          "the arrows link to records and proofs");
      String record = browser.fetch(base + "records/0.json");
      assertTrue(new JsonObject(record).containsKey("kind"), record);
      Path shots = Files.createDirectories(Path.of("target", "screenshots"));
      Files.write(shots.resolve("report.png"), browser.driver().getScreenshotAs(OutputType.BYTES));
    }
  }

  @Test
  void reportPage_proofOfAnotherLeaf_failsInTheBrowser() throws Exception {
    Path tampered = dir.resolve("tampered");
    try (var files = Files.walk(report)) {
      for (Path file : files.toList()) {
        Path to = tampered.resolve(report.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(to);
        } else {
          Files.copy(file, to);
        }
      }
    }
    Path proof = tampered.resolve("proofs/0.json");
    JsonObject json = new JsonObject(Files.readString(proof));
    byte[] leaf = Base64.getDecoder().decode(json.getString("leaf"));
    leaf[leaf.length / 2] ^= 1;
    Files.writeString(proof, json.put("leaf", Base64.getEncoder().encodeToString(leaf)).encode());

    String base = serve(tampered);
    try (PortalBrowser browser = PortalBrowser.start()) {
      browser.driver().get(base);
      WebElement summary = browser.driver().findElement(By.id("browser-check"));
      PortalBrowser.wait(browser.driver()).until(d -> !summary.getText().contains("checking"));
      assertTrue(summary.getText().endsWith(", 1 FAILED"), summary.getText());
      assertTrue(browser.driver().findElement(By.id("proof-0")).getText()
          .startsWith("Proof failed: the proof does not lead to the signed root"));
    }
  }
}
