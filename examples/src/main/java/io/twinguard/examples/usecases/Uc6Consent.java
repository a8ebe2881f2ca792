package io.twinguard.examples.usecases;

/**
 * UC6: Ada grants the Building her claustrophobia for room booking through the portal (the city's
 * {@link Portal} variant: its operations in process, or its HTTP API), never her employer; the
 * elevator's advertising profiling is refused without her explicit consent, even with a plain one;
 * Ada withdraws and the Building's next call is refused.
 */
final class Uc6Consent implements UseCase {

  private static final String HEALTH = "citizen-ada/data/health/read";
  private static final String BOOKING = "dpv:ServiceProvision";

  @Override
  public String id() {
    return "UC6";
  }

  @Override
  public String title() {
    return "Ada's consents: the Building yes, her employer never, advertising profiling refused, withdrawal holds";
  }

  @Override
  public void play(Script s) throws Exception {
    Citizen ada = s.city.citizen;
    String subject = City.await(ada.subject());
    s.tell("variant " + s.city.variants.portal().variant() + ": Ada (data subject " + subject + ") answers through "
        + s.city.variants.portal().describe());
    Script.Outcome asked = s.call("Building asks for Ada's claustrophobia to book her a room", "building-hq", HEALTH,
        BOOKING, subject, null, false, 403);
    s.expectReason("before her consent", asked, "privacy", "consent_missing");
    Consents.change(s, "grants the Building's request (pd:MentalHealth, room booking, explicit)", subject,
        ada::grant, Consents.request(ada, "city-buildings", "pd:MentalHealth"));
    Script.Outcome booked = s.call("Building reads her claustrophobia with her explicit consent", "building-hq",
        HEALTH, BOOKING, subject, null, false, 200);
    s.expect("booking", Boolean.TRUE.equals(booked.json().getBoolean("claustrophobia")), "claustrophobia released",
        booked.json().encode());

    Script.Outcome employer = s.call("Ada's employer asks for her health data", "acme-hr", HEALTH,
        "dpv:HumanResourceManagement", subject, null, false, 403);
    s.expectReason("employer", employer, "ethics", "power_imbalance");
    Consents.change(s, "refuses her employer's request", subject, ada::refuse,
        Consents.request(ada, "acme-corp", "pd:MentalHealth"));

    Script.Outcome ads = s.call("Elevator profiles Ada for advertising", "elevator-a", "citizen-ada/data/profile/read",
        "dpv:PersonalisedAdvertising", subject, null, false, 403);
    s.expectReason("profiling", ads, "ethics", "profiling_without_explicit_consent");
    Consents.change(s, "grants the elevator's request (a plain consent, not an explicit one)", subject,
        ada::grant, Consents.request(ada, "lift-co", "pd:Location"));
    Script.Outcome still = s.call("Elevator profiles Ada for advertising with her plain consent", "elevator-a",
        "citizen-ada/data/profile/read", "dpv:PersonalisedAdvertising", subject, null, false, 403);
    s.expectReason("profiling with a plain consent", still, "ethics", "profiling_without_explicit_consent");

    Consents.change(s, "withdraws her consent to the Building", subject, ada::withdraw,
        Consents.given(ada, "city-buildings", "pd:MentalHealth"));
    Script.Outcome after = s.call("Building asks again after the withdrawal", "building-hq", HEALTH, BOOKING, subject,
        null, false, 403);
    s.expectReason("after the withdrawal", after, "privacy", "consent_missing");
  }
}
