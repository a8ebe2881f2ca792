package io.twinguard.consent;

import static io.twinguard.consent.TestConsents.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.consent.receipt.KantaraExport;
import io.twinguard.consent.receipt.ReceiptException;
import io.twinguard.consent.receipt.ReceiptVerifier;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsentServiceTest {

  private static TestPostgres postgres;
  private TestConsents consents;

  @BeforeAll
  static void startPostgres(@TempDir Path dir) {
    postgres = TestPostgres.start(dir.resolve("pg"));
  }

  @AfterAll
  static void stopPostgres() {
    postgres.close();
  }

  @BeforeEach
  void open(@TempDir Path dir) {
    consents = TestConsents.open(postgres.newDatabase(), dir, Optional.empty());
  }

  @AfterEach
  void close() {
    consents.close();
  }

  private static JsonObject obligation(String subject) {
    return new JsonObject().put("type", "request_consent").put("subject", subject)
        .put("recipient_org", "city-buildings").put("purpose", "dpv:ServiceProvision")
        .put("data_categories", new JsonArray().add("pd:MentalHealth")).put("explicit", true);
  }

  @Test
  void withdraw_afterACachedLookup_nextLookupSeesWithdrawn() {
    ChangeOutcome.Changed given = assertInstanceOf(ChangeOutcome.Changed.class,
        await(consents.service.give(TestConsents.booking("citizen-ada"), "citizen-ada")));
    List<JsonObject> before = await(consents.service.lookup().consentsOf(List.of("citizen-ada"), "city-buildings"));

    await(consents.service.withdraw("citizen-ada", given.consent().id()));
    List<JsonObject> after = await(consents.service.lookup().consentsOf(List.of("citizen-ada"), "city-buildings"));

    assertEquals("given", before.get(0).getString("status"));
    assertEquals(List.of("withdrawn"), after.stream().map(c -> c.getString("status")).toList());
    assertEquals(2, after.get(0).getInteger("version"));
  }

  @Test
  void lookup_ofAnotherOrganisation_returnsNothing() {
    await(consents.service.give(TestConsents.booking("citizen-ada"), "citizen-ada"));

    assertEquals(List.of(), await(consents.service.lookup().consentsOf(List.of("citizen-ada"), "acme-corp")));
  }

  @Test
  void withdraw_ofAnotherSubjectsRecord_isNotFoundAndChangesNothing() {
    ChangeOutcome.Changed given = assertInstanceOf(ChangeOutcome.Changed.class,
        await(consents.service.give(TestConsents.booking("citizen-ada"), "citizen-ada")));

    ChangeOutcome outcome = await(consents.service.withdraw("citizen-bob", given.consent().id()));

    assertInstanceOf(ChangeOutcome.NotFound.class, outcome);
    assertEquals(1, await(consents.service.history("citizen-ada", given.consent().id())).size());
    assertEquals(List.of(), await(consents.service.history("citizen-bob", given.consent().id())));
  }

  @Test
  void request_sameDenialManyTimesAtOnce_makesOneRequest() {
    List<Future<ConsentRequest>> asked = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      asked.add(consents.service.request(obligation("citizen-ada"), "spiffe://city.example/twin/building"));
    }
    await(Future.all(asked));

    List<Consent> records = await(consents.service.consentsOf("citizen-ada"));
    assertEquals(1, records.size());
    assertEquals(ConsentStatus.REQUESTED, records.get(0).status());
    assertEquals(1, asked.stream().filter(f -> f.result().created()).count());
    assertTrue(asked.stream().allMatch(f -> f.result().consentId().equals(records.get(0).id())));
  }

  @Test
  void grant_ofRequest_yieldsReceiptThatVerifiesAndBindsTheVersion() throws ReceiptException {
    ConsentRequest request = await(consents.service.request(obligation("citizen-ada"), "spiffe://city.example/twin/b"));

    ChangeOutcome.Changed granted = assertInstanceOf(ChangeOutcome.Changed.class,
        await(consents.service.grant("citizen-ada", request.consentId(), null)));
    ReceiptVerifier.Verified verified = ReceiptVerifier.verify(granted.receipt(),
        TestConsents.RECEIPT_KEY.publicKey(), consents.log.verifierKey());

    assertEquals(granted.consent(), verified.consent());
    assertEquals(ConsentStatus.GIVEN, verified.consent().status());
    assertEquals(2, verified.consent().version());
    assertEquals(granted.auditIndex(), verified.auditIndex());
  }

  @Test
  void verify_receiptWithAlteredPayload_isRefused() {
    ChangeOutcome.Changed given = assertInstanceOf(ChangeOutcome.Changed.class,
        await(consents.service.give(TestConsents.booking("citizen-ada"), "citizen-ada")));
    String[] parts = given.receipt().split("\\.");
    String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8)
        .replace("city-buildings", "acme-corp");
    String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "." + parts[2];

    ReceiptException e = assertThrows(ReceiptException.class,
        () -> ReceiptVerifier.verify(forged, TestConsents.RECEIPT_KEY.publicKey(), consents.log.verifierKey()));

    assertEquals(ReceiptException.Reason.BAD_SIGNATURE, e.reason());
  }

  @Test
  void withdraw_ofRefusedRequest_isNotAllowed() {
    ConsentRequest request = await(consents.service.request(obligation("citizen-ada"), "spiffe://city.example/twin/b"));
    await(consents.service.refuse("citizen-ada", request.consentId()));

    ChangeOutcome outcome = await(consents.service.withdraw("citizen-ada", request.consentId()));

    assertEquals("a refused consent cannot become withdrawn",
        assertInstanceOf(ChangeOutcome.NotAllowed.class, outcome).reason());
  }

  @Test
  void history_afterGrantWithdrawRegrant_keepsEveryVersion() {
    ChangeOutcome.Changed given = assertInstanceOf(ChangeOutcome.Changed.class,
        await(consents.service.give(TestConsents.booking("citizen-ada"), "citizen-ada")));
    await(consents.service.withdraw("citizen-ada", given.consent().id()));
    await(consents.service.grant("citizen-ada", given.consent().id(), null));

    List<ConsentStatus> statuses = await(consents.service.history("citizen-ada", given.consent().id())).stream()
        .map(stored -> stored.consent().status()).toList();

    assertEquals(List.of(ConsentStatus.GIVEN, ConsentStatus.WITHDRAWN, ConsentStatus.GIVEN), statuses);
  }

  @Test
  void export_ofSubject_isKantaraV11() {
    await(consents.service.give(TestConsents.booking("citizen-ada"), "citizen-ada"));

    JsonObject receipt = KantaraExport.export(await(consents.service.consentsOf("citizen-ada")), "EU",
        "https://city.example/privacy").getJsonArray("receipts").getJsonObject(0);

    assertEquals("KI-CR-v1.1.0", receipt.getString("version"));
    assertEquals("citizen-ada", receipt.getString("piiPrincipalId"));
    assertEquals(true, receipt.getBoolean("sensitive"));
    assertEquals("EXPLICIT", receipt.getJsonArray("services").getJsonObject(0).getJsonArray("purposes")
        .getJsonObject(0).getString("consentType"));
  }
}
