package io.twinguard.examples.usecases;

import java.net.URI;
import java.util.Objects;

/**
 * How Ada answers the consent requests in UC6: through the {@code ConsentService} operations the
 * portal's API calls, in process (the demo's variant: no Keycloak needed), or through the portal's
 * HTTP API mounted on the broker, as a citizen signed in at Keycloak (the CI test's variant; the
 * realm's citizen then plays Ada under her pseudonymous subject id).
 */
public sealed interface Portal {

  /** The variant's name, as the run's output prints it. */
  String variant();

  /** How the citizen answers, in words. */
  String describe();

  /** The consent service's operations, in process, for the subject {@code citizen-ada}. */
  record InProcess() implements Portal {

    @Override
    public String variant() {
      return "in-process";
    }

    @Override
    public String describe() {
      return "the ConsentService operations the portal's API calls, in process (no Keycloak needed)";
    }
  }

  /**
   * The portal's API on the broker ({@code /consent/api/v1}), the broker verifying the citizen's
   * tokens against the realm.
   *
   * @param issuer the Keycloak realm (the broker's {@code identity.keycloak_url})
   * @param user the realm's user who plays Ada, for the output
   * @param app the citizen's app, signed in as {@code user}
   */
  record Api(URI issuer, String user, CitizenApp app) implements Portal {

    /** @throws NullPointerException when a part is missing */
    public Api {
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(app, "app");
    }

    @Override
    public String variant() {
      return "portal-api";
    }

    @Override
    public String describe() {
      return "the portal's HTTP API on the broker, as " + user + " with a token of " + issuer;
    }
  }
}
