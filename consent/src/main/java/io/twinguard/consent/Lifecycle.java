package io.twinguard.consent;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which status changes a consent record allows, and the version each makes. Pure.
 *
 * <ul>
 *   <li>given: from requested, refused, withdrawn, revoked, expired or invalidated (a new grant);
 *   <li>renewed: from given, renewed or expired;
 *   <li>refused: from requested;
 *   <li>withdrawn (by the subject), revoked (by another party), expired: from given or renewed;
 *   <li>invalidated: from requested, given or renewed;
 *   <li>requested: only as a record's first version.
 * </ul>
 */
public final class Lifecycle {

  private static final Set<ConsentStatus> VALID = EnumSet.of(ConsentStatus.GIVEN, ConsentStatus.RENEWED);

  private static final Map<ConsentStatus, Set<ConsentStatus>> FROM = Map.of(
      ConsentStatus.GIVEN, EnumSet.of(ConsentStatus.REQUESTED, ConsentStatus.REFUSED, ConsentStatus.WITHDRAWN,
          ConsentStatus.REVOKED, ConsentStatus.EXPIRED, ConsentStatus.INVALIDATED),
      ConsentStatus.RENEWED, EnumSet.of(ConsentStatus.GIVEN, ConsentStatus.RENEWED, ConsentStatus.EXPIRED),
      ConsentStatus.REFUSED, EnumSet.of(ConsentStatus.REQUESTED),
      ConsentStatus.WITHDRAWN, VALID,
      ConsentStatus.REVOKED, VALID,
      ConsentStatus.EXPIRED, VALID,
      ConsentStatus.INVALIDATED, EnumSet.of(ConsentStatus.REQUESTED, ConsentStatus.GIVEN, ConsentStatus.RENEWED),
      ConsentStatus.REQUESTED, EnumSet.noneOf(ConsentStatus.class));

  private Lifecycle() {}

  /**
   * The version that moves {@code current} to {@code to}, or empty when the change is not allowed.
   *
   * @param expiresAt the new expiry for given or renewed (null: none); ignored otherwise
   */
  public static Optional<Consent> next(Consent current, ConsentStatus to, String actor, Instant now, Instant expiresAt) {
    if (!FROM.get(to).contains(current.status())) {
      return Optional.empty();
    }
    boolean grants = to == ConsentStatus.GIVEN || to == ConsentStatus.RENEWED;
    boolean ends = to == ConsentStatus.WITHDRAWN || to == ConsentStatus.REVOKED;
    return Optional.of(new Consent(
        current.id(), current.version() + 1, current.subject(), current.controllerOrg(), current.recipientOrg(),
        current.recipientTwin(), current.purposes(), current.dataCategories(), current.processing(),
        current.legalBasis(), to, now,
        to == ConsentStatus.GIVEN ? now : current.givenAt(),
        ends ? now : (grants ? null : current.withdrawnAt()),
        grants ? expiresAt : current.expiresAt(),
        current.withdrawalMethod(), actor));
  }

  /** Why {@link #next} refuses the change, for people. */
  public static String whyNot(ConsentStatus from, ConsentStatus to) {
    return "a " + from.wireName() + " consent cannot become " + to.wireName();
  }
}
