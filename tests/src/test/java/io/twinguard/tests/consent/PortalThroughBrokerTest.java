package io.twinguard.tests.consent;

import static io.twinguard.tests.consent.ConsentCity.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.consent.ChangeOutcome;
import io.twinguard.consent.ConsentStatus;
import io.twinguard.consent.ConsentTerms;
import io.twinguard.consent.LegalBasis;
import io.twinguard.consent.portal.PortalBrowser;
import io.twinguard.consent.portal.TestKeycloak;
import io.twinguard.consent.receipt.ReceiptVerifier;
import io.twinguard.examples.demo.TwinClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The citizen portal as {@code twinguard serve} mounts it, at /consent of a running broker, in a
 * real headless Chromium logged in through the real Keycloak ({@code scripts/keycloak.sh start}):
 * a real call of the building twin is denied and asks alice; she grants in the page, the building's
 * and the room's next calls are allowed; she withdraws, the next call is denied, the building
 * verifies and confirms the signed notice while the room never does ("1 of 2 recipients
 * confirmed"); she downloads a receipt and it verifies against the broker's published key and the
 * audit log's key; an access-history entry's proof is checked in the page. Bob sees none of it,
 * through the pages or the API. axe-core finds no WCAG 2.2 A/AA violation on any page; screenshots
 * go to target/screenshots (broker-*.png).
 */
class PortalThroughBrokerTest {

  static final String HEALTH = "citizen-ada/data/health/read";

  static TestKeycloak keycloak;
  static ConsentCity city;
  static ConsentCity.Node node;
  static String base;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    keycloak = TestKeycloak.running();
    city = ConsentCity.start(dir, Map.of("identity.keycloak_url", keycloak.issuer()), UnaryOperator.identity());
    node = city.broker(Map.of());
    base = node.url() + "/consent";
    keycloak.allowRedirect(node.url());
  }

  @AfterAll
  static void stop() throws Exception {
    if (city != null) {
      city.close();
    }
  }

  @Test
  void alice_grantsAndWithdrawsInThePortal_callsFollow_bobCannotReachHerRecords() throws Exception {
    TwinClient building = node.client(city, ConsentCity.BUILDING);
    TwinClient room = node.client(city, ConsentCity.ROOM);
    try (PortalBrowser alice = PortalBrowser.start(); PortalBrowser bob = PortalBrowser.start()) {
      String subject = alice.login(base, "alice", keycloak.password("alice"));
      assertEquals(403, read(building, subject).status(), "no consent yet: the denial asks alice");

      String id = await(node.consent().service().consentsOf(subject)).stream()
          .filter(c -> c.status() == ConsentStatus.REQUESTED && c.recipientOrg().equals("city-buildings"))
          .reduce((first, second) -> second).orElseThrow().id();

      alice.driver().get(base + "/requests");
      alice.accessible("broker-requests");
      alice.driver().findElement(By.cssSelector("form[action$='/requests/" + id + "/grant'] button.grant")).click();
      PortalBrowser.wait(alice.driver()).until(d -> d.getCurrentUrl().endsWith("/consents"));
      assertEquals("given", card(alice, id).findElement(By.cssSelector(".status")).getText());
      alice.accessible("broker-consents-granted");
      assertEquals(200, read(building, subject).status(), "granted: the building's next call is allowed");
      assertEquals(200, read(room, subject).status(), "the room of the same organisation too");

      alice.driver().findElement(By.cssSelector("form[action$='/consents/" + id + "/withdraw'] button.withdraw")).click();
      PortalBrowser.wait(alice.driver())
          .until(d -> card(alice, id).findElement(By.cssSelector(".status")).getText().equals("withdrawn"));
      assertEquals(403, read(building, subject).status(), "withdrawn: the next call is denied");
      List<String> propagation = new CopyOnWriteArrayList<>();
      PortalBrowser.wait(alice.driver()).withMessage(() -> "the page shows " + propagation).until(d -> {
        d.navigate().refresh();
        propagation.clear();
        card(alice, id).findElements(By.cssSelector(".propagation")).forEach(e -> propagation.add(e.getText()));
        return propagation.contains("1 of 2 recipients confirmed");
      });
      assertEquals(1, city.buildingNotices.verified.stream()
          .filter(notice -> id.equals(notice.body().getString("consent_id"))).count(),
          "the building verified and confirmed the notice");
      alice.accessible("broker-consents-withdrawn");

      String receiptUrl = card(alice, id).findElement(By.cssSelector("a.receipt")).getAttribute("href");
      ReceiptVerifier.Verified verified = ReceiptVerifier.verify(alice.fetch(receiptUrl),
          publishedReceiptKey(alice.fetch(base + "/api/v1/receipt-keys")), city.log.verifierKey());
      assertEquals(List.of(id, subject, "withdrawn"), List.of(verified.consent().id(), verified.consent().subject(),
          verified.consent().status().wireName()));

      alice.driver().get(base + "/history");
      alice.driver().findElement(By.cssSelector("button.check")).click();
      PortalBrowser.wait(alice.driver())
          .until(d -> d.findElement(By.cssSelector(".proof-result")).getText().startsWith("Proof "));
      String proof = alice.driver().findElement(By.cssSelector(".proof-result")).getText();
      assertTrue(proof.startsWith("Proof checked"), proof);
      alice.accessible("broker-history");

      bob.login(base, "bob", keycloak.password("bob"));
      for (String page : new String[] {"requests", "consents", "history"}) {
        bob.driver().get(base + "/" + page);
        assertFalse(bob.driver().getPageSource().contains(id), page);
        assertFalse(bob.driver().getPageSource().contains(subject), page);
        bob.accessible("broker-bob-" + page);
      }
      assertEquals("[]", bob.fetch(base + "/api/v1/consents"));
      assertEquals("[]", bob.fetch(base + "/api/v1/consents/" + id + "/history"));
      assertTrue(bob.fetch(receiptUrl).contains("not-found"), "bob cannot fetch alice's receipt");
      assertFalse(bob.fetch(base + "/api/v1/history").contains(subject));
    }
  }

  @Test
  void citizenApi_withEachCitizensDpopToken_showsAndChangesOnlyTheirOwnRecords() throws Exception {
    try (PortalBrowser alice = PortalBrowser.start(); PortalBrowser bob = PortalBrowser.start()) {
      String aliceSubject = alice.login(base, "alice", keycloak.password("alice"));
      bob.login(base, "bob", keycloak.password("bob"));
      CitizenApp aliceApp = CitizenApp.signIn(city.vertx, alice, keycloak.issuer(), node.url() + "/app-callback");
      CitizenApp bobApp = CitizenApp.signIn(city.vertx, bob, keycloak.issuer(), node.url() + "/app-callback");
      try {
        ChangeOutcome.Changed given = assertInstanceOf(ChangeOutcome.Changed.class, await(node.consent().service()
            .give(new ConsentTerms(aliceSubject, "city-buildings", "city-buildings", null, List.of("dpv:ServiceProvision"),
                List.of("pd:MentalHealth"), List.of("dpv:Use"), LegalBasis.EXPLICIT_CONSENT, null), aliceSubject)));
        String id = given.consent().id();

        assertEquals(aliceSubject, new JsonObject(aliceApp.call(HttpMethod.GET, base + "/api/v1/me").body())
            .getString("subject"));
        CitizenApp.Answer mine = aliceApp.call(HttpMethod.GET, base + "/api/v1/consents");
        assertEquals(200, mine.status());
        assertTrue(mine.body().contains(id), mine.body());
        CitizenApp.Answer theirs = bobApp.call(HttpMethod.GET, base + "/api/v1/consents");
        assertEquals(200, theirs.status());
        assertFalse(theirs.body().contains(id), theirs.body());
        assertEquals(404, bobApp.call(HttpMethod.GET, base + "/api/v1/consents/" + id + "/versions/1/receipt").status());
        assertEquals(404, bobApp.call(HttpMethod.POST, base + "/api/v1/consents/" + id + "/withdraw").status());
        assertEquals(401, aliceApp.callAsBearer(base + "/api/v1/consents").status(), "a DPoP token without its proof");
        assertEquals("given", await(node.consent().service().consentsOf(aliceSubject)).stream()
            .filter(c -> c.id().equals(id)).findFirst().orElseThrow().status().wireName(), "bob changed nothing");
        assertEquals(200, aliceApp.call(HttpMethod.POST, base + "/api/v1/consents/" + id + "/withdraw").status());
        assertEquals("withdrawn", await(node.consent().service().consentsOf(aliceSubject)).stream()
            .filter(c -> c.id().equals(id)).findFirst().orElseThrow().status().wireName());
      } finally {
        aliceApp.close();
        bobApp.close();
      }
    }
  }

  /** The card of one consent record on the consents page (its receipt link names the record). */
  private static WebElement card(PortalBrowser browser, String id) {
    return browser.driver().findElement(By.xpath(
        "//li[contains(@class,'card')][.//a[contains(@href,'/consents/" + id + "/versions/')]]"));
  }

  private static TwinClient.Answer read(TwinClient twin, String subject) throws Exception {
    return await(twin.call(HEALTH, "dpv:ServiceProvision", subject, null, false));
  }

  /** The Ed25519 key of the JWK set the portal publishes, as a Java key (X.509 prefix + x). */
  private static PublicKey publishedReceiptKey(String jwks) throws Exception {
    JsonObject jwk = new JsonObject(jwks).getJsonArray("keys").getJsonObject(0);
    assertEquals(Map.of("kty", "OKP", "crv", "Ed25519"), Map.of("kty", jwk.getString("kty"), "crv", jwk.getString("crv")));
    byte[] x = Base64.getUrlDecoder().decode(jwk.getString("x"));
    byte[] der = HexFormat.of().parseHex("302a300506032b6570032100" + HexFormat.of().formatHex(x));
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
  }
}
