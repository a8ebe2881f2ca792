package io.twinguard.examples.usecases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.twinguard.audit.log.VerifyReport;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each use case on a city of its own (its own CA, twins, adapters, embedded PostgreSQL, consent
 * service and broker): every step must get its expected outcome (the scripts assert each one and
 * fail naming the step), and the audit log must verify afterwards.
 */
class UseCasesTest {

  @TempDir Path dir;
  private Vertx vertx;
  private City city;
  private final StringWriter output = new StringWriter();

  @BeforeEach
  void startCity() throws Exception {
    vertx = Vertx.vertx();
    city = City.start(vertx, dir, Clock.systemUTC(), new PrintWriter(output, true));
  }

  @AfterEach
  void stopCity() throws Exception {
    city.close();
    City.await(vertx.close());
  }

  private void playAlone(UseCase useCase) throws Exception {
    List<Runner.Played> played = Runner.play(city, List.of(useCase), new PrintWriter(output, true));
    assertEquals(1, played.size());
    assertTrue(played.get(0).ok(), played.get(0).failure() + "\n" + output);
    VerifyReport report = City.await(city.log.verify());
    assertTrue(report.intact(), report.problems() + "\n" + output);
  }

  @Test
  void uc1_roomUsesHvacServiceModelDataAndEvents_everyStepAsExpected() throws Exception {
    playAlone(new Uc1RoomUsesHvac());
  }

  @Test
  void uc2_strawberryReplacedByTomato_roomKeepsWorkingUnchanged() throws Exception {
    playAlone(new Uc2PlantReplaced());
  }

  @Test
  void uc3_farmsShareTankAndBusFormatChanges_allocationByPolicyAndMappingChange() throws Exception {
    playAlone(new Uc3SharedWater());
  }

  @Test
  void uc4_buildingDiscoversTransportation_usesItWithNothingChangedThere() throws Exception {
    playAlone(new Uc4Discovery());
  }

  @Test
  void uc5_fireVersusHvacOnDoors_fireWinsThenHvacGoesThrough() throws Exception {
    playAlone(new Uc5FireVersusHvac());
  }

  @Test
  void uc6_adasConsents_grantedRefusedProfilingDeniedWithdrawalHolds() throws Exception {
    playAlone(new Uc6Consent());
  }

  @Test
  void play_stepGetsAnotherStatus_failsNamingTheStepExpectedAndActual() {
    UseCase wrong = new UseCase() {
      @Override
      public String id() {
        return "UC1";
      }

      @Override
      public String title() {
        return "a script that expects the proprietary model's export to be allowed";
      }

      @Override
      public void play(Script s) throws Exception {
        s.call("Room exports the thermal model", "room-12", "hvac-thermal/model/thermal/export",
            "dpv:ServiceProvision", null, null, false, 200);
      }
    };

    List<Runner.Played> played = Runner.play(city, List.of(wrong), new PrintWriter(output, true));

    String failure = played.get(0).failure();
    assertTrue(failure != null && failure.startsWith("UC1 step 'Room exports the thermal model': expected status 200, got status 403"),
        failure);
    assertTrue(output.toString().contains("FAILED"), output.toString());
  }
}
