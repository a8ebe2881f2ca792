package io.twinguard.broker.verification;

import io.twinguard.broker.call.Caller;
import io.twinguard.broker.call.Ingress;
import io.twinguard.broker.call.Resolved;
import io.twinguard.broker.call.Step;
import io.twinguard.broker.call.Verified;
import io.twinguard.broker.refusal.Refusal;
import io.twinguard.broker.replay.Nonces;
import io.twinguard.broker.replay.ReplayGuard;
import io.twinguard.signing.digest.ContentDigest;
import io.twinguard.signing.httpsig.ComponentId;
import io.twinguard.signing.httpsig.HttpFields;
import io.twinguard.signing.httpsig.HttpRequest;
import io.twinguard.signing.httpsig.MessageVerifier;
import io.twinguard.signing.httpsig.SignatureFields;
import io.twinguard.signing.httpsig.SignatureVerificationException;
import io.twinguard.signing.httpsig.VerifiedSignature;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Verifies the caller's HTTP message signature (RFC 9421, with Content-Digest RFC 9530) where the
 * block requires one, and any signature a caller sends: keyid is the caller's SPIFFE ID, the key
 * its certificate's. A signature must cover the method, the target URI and, with a body, the
 * Content-Digest, and carry created and nonce; a nonce is accepted once within the time window.
 */
public final class VerifySignature implements Step<Resolved, Verified> {

  /** The components every caller signature must cover. */
  public static final List<ComponentId> REQUIRED_COVERAGE = List.of(ComponentId.METHOD, ComponentId.TARGET_URI);

  private final Nonces replay;
  private final Clock clock;
  private final Duration clockSkew;

  /**
   * @param replay remembers nonces within its window, refuses a created time outside it
   * @param clockSkew how far a caller's clock may be from the broker's: a signature whose expires
   *     passed longer ago, or whose created lies further ahead, is refused
   */
  public VerifySignature(ReplayGuard replay, Clock clock, Duration clockSkew) {
    this(Nonces.local(replay), clock, clockSkew);
  }

  /**
   * @param replay where nonces are remembered (this broker's or the cluster's); refuses a created
   *     time outside its window
   * @param clockSkew as above
   */
  public VerifySignature(Nonces replay, Clock clock, Duration clockSkew) {
    this.replay = replay;
    this.clock = clock;
    this.clockSkew = clockSkew;
  }

  @Override
  public Future<Verified> apply(Resolved resolved) {
    Ingress in = resolved.ingress();
    if (!in.headers().contains(SignatureFields.SIGNATURE)) {
      return resolved.block().requiresSignature(resolved.operation())
          ? new Refusal.BadSignature("this operation requires an HTTP message signature (RFC 9421) by the caller").fail()
          : Future.succeededFuture(new Verified(resolved, false));
    }
    Caller caller = resolved.caller();
    if (caller.signatureKey().isEmpty()) {
      return new Refusal.BadSignature("the caller has no key to verify its signature with").fail();
    }
    MessageVerifier verifier = new MessageVerifier(
        keyid -> caller.id().equals(keyid) ? caller.signatureKey() : Optional.empty(), clock, clockSkew);
    byte[] body = in.body().getBytes();
    VerifiedSignature verified;
    try {
      verified = verifier.verify(new HttpRequest(in.method(), URI.create(in.targetUri()), fields(in.headers()), body));
    } catch (SignatureVerificationException e) {
      return new Refusal.BadSignature("signature rejected (" + e.reason() + "): " + e.getMessage()).fail();
    } catch (IllegalArgumentException e) {
      return new Refusal.BadSignature("signature rejected: " + e.getMessage()).fail();
    }
    List<String> missing = missingCoverage(verified.params().components(), body.length > 0);
    if (!missing.isEmpty()) {
      return new Refusal.BadSignature("the signature must cover " + String.join(", ", missing)).fail();
    }
    if (verified.params().created().isEmpty() || verified.params().nonce().filter(n -> !n.isBlank()).isEmpty()) {
      return new Refusal.BadSignature("the signature must carry created and a non-empty nonce").fail();
    }
    return replay.check(caller.id(), verified.params().nonce().get(), verified.params().created().get())
        .compose(verdict -> switch (verdict) {
          case ACCEPTED -> Future.succeededFuture(new Verified(resolved, true));
          case REPLAYED -> new Refusal.Replayed("this signature's nonce was already used").fail();
          case STALE -> new Refusal.Replayed("the signature's created time is outside the accepted window of "
              + replay.window().toSeconds() + " s").fail();
          case OVERLOADED -> new Refusal.Replayed("too many signed requests in the replay window; try again shortly")
              .fail();
        });
  }

  private static List<String> missingCoverage(List<ComponentId> covered, boolean hasBody) {
    List<String> missing = new ArrayList<>();
    REQUIRED_COVERAGE.stream().filter(c -> !covered.contains(c)).forEach(c -> missing.add(c.serialize()));
    if (hasBody && !covered.contains(ComponentId.field(ContentDigest.FIELD))) {
      missing.add("\"content-digest\"");
    }
    return missing;
  }

  private static HttpFields fields(MultiMap headers) {
    Map<String, List<String>> lines = new HashMap<>();
    headers.forEach(entry -> lines.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).add(entry.getValue()));
    return new HttpFields(lines);
  }
}
