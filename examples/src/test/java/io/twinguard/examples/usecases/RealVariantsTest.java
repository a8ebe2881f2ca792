package io.twinguard.examples.usecases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.adapters.testing.Fmus;
import io.twinguard.adapters.testing.Mosquitto;
import io.twinguard.adapters.testing.TestPki;
import io.twinguard.audit.log.VerifyReport;
import io.twinguard.consent.ConsentStatus;
import io.twinguard.consent.portal.TestKeycloak;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The use cases' steps that the demo plays on embedded stand-ins, played by the real parts CI has,
 * each on a city of its own as in {@link UseCasesTest}: every step must get its expected outcome,
 * the output must name the variant played, and the audit log must verify afterwards.
 */
class RealVariantsTest {

  @TempDir Path dir;
  private Vertx vertx;
  private City city;
  private final StringWriter output = new StringWriter();

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() throws Exception {
    if (city != null) {
      city.close();
    }
    City.await(vertx.close());
  }

  private void playAlone(Variants variants, UseCase useCase) throws Exception {
    PrintWriter out = new PrintWriter(output, true);
    city = City.start(vertx, dir.resolve("city"), Clock.systemUTC(), out, variants);
    List<Runner.Played> played = Runner.play(city, List.of(useCase), out);
    assertEquals(1, played.size());
    assertTrue(played.get(0).ok(), played.get(0).failure() + "\n" + output);
    VerifyReport report = City.await(city.log.verify());
    assertTrue(report.intact(), report.problems() + "\n" + output);
    assertTrue(output.toString().contains(variants.describe()), "the output names the variants\n" + output);
  }

  @Test
  void uc1_thermalModelAsFmuThroughTheFmuAdapter_predictsAsFmpyDirectlyDigestRecordedExportRefused()
      throws Exception {
    Path fmu = Fmus.build("HvacThermal", dir);
    JsonArray direct = Fmus.reference(fmu, new JsonObject().put("room_c_start", ThermalModel.Fmu.START_C), 0,
        ThermalModel.Fmu.STEP_S, new JsonArray().add(ThermalModel.Fmu.inputs()), dir);
    ThermalModel model = new ThermalModel.Fmu(fmu, Fmus.python(), direct.getJsonObject(0).getDouble("room_c"));

    playAlone(Variants.embedded().with(model), new Uc1RoomUsesHvac());

    assertTrue(output.toString().contains("variant fmu: the thermal model is " + model.describe()), output.toString());
  }

  @Test
  void uc1_ventEventsFromMosquittoThroughTheMqttAdapter_releasedWithTheOccupantRedacted() throws Exception {
    Mosquitto mosquitto = Mosquitto.prepare(dir.resolve("mqtt"));
    TestPki.Issued adapter = mosquitto.pki.twin("adapter", "/broker/mqtt-adapter");
    TestPki.Issued device = mosquitto.pki.twin("vent-controller", "/device/hvac-vents");
    mosquitto.start();
    try {
      Gateway gateway = new Gateway.Mqtt(mosquitto.port, mosquitto.pki.caCert(), adapter.cert(), adapter.key(),
          device.cert(), device.key());

      playAlone(Variants.embedded().with(gateway), new Uc1RoomUsesHvac());

      assertTrue(output.toString().contains("variant mqtt: the vent events come from " + gateway.describe()),
          output.toString());
    } finally {
      // the city first, so that its adapter does not see Mosquitto go away
      if (city != null) {
        city.close();
        city = null;
      }
      mosquitto.stop();
    }
  }

  @Test
  void uc6_adasAnswersThroughThePortalApiWithHerKeycloakToken_grantedRefusedWithdrawnCallsFollow() throws Exception {
    Assumptions.assumeTrue(KeycloakCitizen.reachable(), "no Keycloak realm answers at " + KeycloakCitizen.ISSUER
        + ": scripts/test.sh starts it (scripts/keycloak.sh start); CI has it");
    TestKeycloak keycloak = TestKeycloak.running();
    KeycloakCitizen alice = KeycloakCitizen.signIn(vertx, "alice", keycloak.password("alice"));
    Portal portal = new Portal.Api(KeycloakCitizen.ISSUER, "alice", alice);

    String subject;
    try {
      playAlone(Variants.embedded().with(portal), new Uc6Consent());
      subject = City.await(city.citizen.subject());
    } finally {
      alice.close();
    }

    assertTrue(subject.startsWith("citizen-") && !subject.equals(Citizen.ADA), "alice's pseudonymous id: " + subject);
    assertEquals(List.of(ConsentStatus.WITHDRAWN, ConsentStatus.REFUSED, ConsentStatus.GIVEN),
        List.of(status(subject, "city-buildings"), status(subject, "acme-corp"), status(subject, "lift-co")),
        "the records as the consent service holds them after her answers through the API");
    assertTrue(output.toString().contains("variant portal-api: Ada (data subject " + subject + ")"), output.toString());
  }

  private ConsentStatus status(String subject, String org) throws Exception {
    return City.await(city.consent.service().consentsOf(subject)).stream().filter(c -> org.equals(c.recipientOrg()))
        .reduce((first, second) -> second).orElseThrow().status();
  }
}
