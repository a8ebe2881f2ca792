package io.twinguard.broker.call;

import io.twinguard.broker.arbitration.ActuatorLeases;
import io.twinguard.broker.arbitration.LeaseResult;
import io.twinguard.broker.audit.AuditTrail;
import io.twinguard.broker.consent.ConsentSource;
import io.twinguard.broker.decision.PolicyInputs;
import io.twinguard.broker.forward.Forwarder;
import io.twinguard.broker.forward.Upstream;
import io.twinguard.broker.identity.BrokerIdentity;
import io.twinguard.broker.metrics.BrokerMetrics;
import io.twinguard.broker.obligations.Redaction;
import io.twinguard.common.problem.Problem;
import io.twinguard.common.problem.ProblemType;
import io.twinguard.broker.registry.Block;
import io.twinguard.broker.registry.BlockKind;
import io.twinguard.broker.registry.Operation;
import io.twinguard.broker.registry.Twin;
import io.twinguard.broker.replay.ReplayGuard;
import io.twinguard.policies.Decision;
import io.twinguard.policies.Obligation;
import io.twinguard.policies.PolicyEngine;
import io.twinguard.signing.ca.ChainRejectedException;
import io.twinguard.signing.ca.SpiffeId;
import io.twinguard.signing.digest.ContentDigest;
import io.twinguard.signing.digest.DigestAlgorithm;
import io.twinguard.signing.httpsig.ComponentId;
import io.twinguard.signing.httpsig.HttpFields;
import io.twinguard.signing.httpsig.HttpRequest;
import io.twinguard.signing.httpsig.MessageVerifier;
import io.twinguard.signing.httpsig.SignatureFields;
import io.twinguard.signing.httpsig.SignatureVerificationException;
import io.twinguard.signing.httpsig.VerifiedSignature;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The broker's request pipeline for one twin-to-twin call: authenticate, resolve, verify, decide,
 * arbitrate, forward, apply obligations, and record. Each step returns a {@link Future} and hands
 * its result to the next; a failure at any step is a {@link Refusal} that travels the same path and
 * ends as one RFC 9457 answer. Every call, released or refused, ends with one audit record, and a
 * response is released only once its record is durable.
 *
 * <p>The pipeline fails closed: no decision (engine down), no forwarding; no audit log, no
 * forwarding and no response.
 */
public final class CallPipeline {

  private static final Logger LOG = Logger.getLogger(CallPipeline.class.getName());

  private static final Pattern PURPOSE = Pattern.compile("[a-z][a-z0-9-]*:[A-Za-z][A-Za-z0-9]*");
  private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
  private static final int MAX_SUBJECTS = 64;

  /** The components a caller's signature must cover. */
  static final List<ComponentId> REQUIRED_COVERAGE = List.of(ComponentId.METHOD, ComponentId.TARGET_URI);

  private final Supplier<Catalog> catalog;
  private final BrokerIdentity identity;
  private final PolicyEngine engine;
  private final ConsentSource consents;
  private final ActuatorLeases leases;
  private final ReplayGuard replay;
  private final Forwarder forwarder;
  private final AuditTrail audit;
  private final Supplier<PolicyInputs.Mode> mode;
  private final Clock clock;
  private final Duration skew;
  private final BrokerMetrics metrics;

  /**
   * @param catalog the current registry snapshot and its schemas (read once per call)
   * @param skew how far a signature's created time may lie from the broker's clock
   */
  public CallPipeline(
      Supplier<Catalog> catalog,
      BrokerIdentity identity,
      PolicyEngine engine,
      ConsentSource consents,
      ActuatorLeases leases,
      ReplayGuard replay,
      Forwarder forwarder,
      AuditTrail audit,
      Supplier<PolicyInputs.Mode> mode,
      Clock clock,
      Duration skew,
      BrokerMetrics metrics) {
    this.catalog = catalog;
    this.identity = identity;
    this.engine = engine;
    this.consents = consents;
    this.leases = leases;
    this.replay = replay;
    this.forwarder = forwarder;
    this.audit = audit;
    this.mode = mode;
    this.clock = clock;
    this.skew = skew;
    this.metrics = metrics;
  }

  /** Runs one call to its outcome; the future always succeeds. */
  public Future<Outcome> handle(Ingress ingress) {
    CallTrail trail = new CallTrail(ingress);
    Catalog snapshot = catalog.get();
    return timed("authenticate", () -> authenticate(trail, snapshot))
        .compose(callerKey -> timed("admit", () -> admit(trail)).map(callerKey))
        .compose(callerKey -> timed("resolve", () -> resolve(trail, snapshot)).map(callerKey))
        .compose(callerKey -> timed("verify", () -> verifySignature(trail, callerKey)))
        .compose(ignored -> timed("validate", () -> validatePayload(trail, snapshot)))
        .compose(ignored -> timed("decide", () -> decide(trail)))
        .compose(allow -> timed("arbitrate", () -> arbitrate(trail, allow)))
        .compose(allow -> timed("forward", () -> forward(trail))
            .compose(upstream -> timed("release", () -> Future.succeededFuture(release(trail, allow, upstream)))))
        .recover(failure -> Future.succeededFuture(refusal(trail, failure)))
        .compose(outcome -> timed("record", () -> record(trail, outcome)))
        .onSuccess(outcome -> {
          count(trail, outcome);
          logCall(trail, outcome);
        });
  }

  private Future<PublicKey> authenticate(CallTrail trail, Catalog snapshot) {
    List<X509Certificate> chain = trail.ingress.peerChain();
    if (chain.isEmpty()) {
      return refuse(ProblemType.UNAUTHENTICATED, "a client certificate of the ecosystem CA is required");
    }
    SpiffeId id;
    try {
      id = identity.validator().validate(chain.toArray(X509Certificate[]::new), clock.instant());
    } catch (ChainRejectedException e) {
      return refuse(ProblemType.UNAUTHENTICATED, "client certificate rejected: " + e.rejection().message());
    }
    Optional<Twin> caller = snapshot.registry().twinById(id.toString());
    if (caller.isEmpty()) {
      return refuse(ProblemType.FORBIDDEN, id + " is not a registered twin");
    }
    trail.caller = caller.get();
    return Future.succeededFuture(chain.get(0).getPublicKey());
  }

  private Future<Void> admit(CallTrail trail) {
    Ingress in = trail.ingress;
    if (in.admission() != null) {
      return Future.failedFuture(new Refusal(in.admission()));
    }
    String purpose = in.headers().get(Ingress.PURPOSE);
    if (purpose == null || purpose.isBlank()) {
      return refuse(ProblemType.BAD_REQUEST,
          "the " + Ingress.PURPOSE + " header is required: the DPV purpose of the call, such as dpv:ServiceProvision");
    }
    if (!PURPOSE.matcher(purpose).matches()) {
      return refuse(ProblemType.BAD_REQUEST,
          Ingress.PURPOSE + " must be one DPV term such as dpv:ServiceProvision");
    }
    List<String> subjects = new ArrayList<>();
    for (String header : in.headers().getAll(Ingress.SUBJECTS)) {
      for (String item : header.split(",")) {
        String subject = item.trim();
        if (!SUBJECT.matcher(subject).matches()) {
          return refuse(ProblemType.BAD_REQUEST, Ingress.SUBJECTS
              + " must list pseudonymous subject ids (letters, digits, '.', '_', ':', '-'; at most 128 each), comma-separated");
        }
        if (!subjects.contains(subject)) {
          subjects.add(subject);
        }
      }
    }
    if (subjects.size() > MAX_SUBJECTS) {
      return refuse(ProblemType.BAD_REQUEST, "at most " + MAX_SUBJECTS + " data subjects per call");
    }
    String contentType = in.headers().get("content-type");
    if (in.body().length() > 0 && (contentType == null || !contentType.startsWith("application/json"))) {
      return refuse(ProblemType.UNSUPPORTED_MEDIA_TYPE, "the payload must be application/json");
    }
    trail.purpose = purpose;
    trail.subjects = List.copyOf(subjects);
    return Future.succeededFuture();
  }

  private Future<Void> resolve(CallTrail trail, Catalog snapshot) {
    Ingress in = trail.ingress;
    Optional<Twin> target = snapshot.registry().twin(in.twin());
    if (target.isEmpty()) {
      return refuse(ProblemType.UNKNOWN_TWIN, "no twin named '" + in.twin() + "'");
    }
    trail.target = target.get();
    BlockKind kind;
    try {
      kind = BlockKind.parse(in.kind());
    } catch (IllegalArgumentException e) {
      return refuse(ProblemType.UNKNOWN_TWIN, "block kind " + e.getMessage());
    }
    Optional<Block> block = target.get().block(kind, in.block());
    if (block.isEmpty()) {
      return refuse(ProblemType.UNKNOWN_TWIN, in.twin() + " has no " + kind.wireName() + " block '" + in.block() + "'");
    }
    trail.block = block.get();
    Optional<Operation> operation = block.get().operation(in.operation());
    if (operation.isEmpty()) {
      return refuse(ProblemType.UNKNOWN_TWIN,
          in.twin() + "/" + kind.wireName() + "/" + in.block() + " has no operation '" + in.operation() + "'");
    }
    trail.operation = operation.get();
    return Future.succeededFuture();
  }

  private Future<Void> verifySignature(CallTrail trail, PublicKey callerKey) {
    Ingress in = trail.ingress;
    byte[] body = in.body().getBytes();
    boolean present = in.headers().contains(SignatureFields.SIGNATURE);
    if (!present) {
      return trail.block.requiresSignature(trail.operation)
          ? refuse(ProblemType.BAD_SIGNATURE, "this operation requires an HTTP message signature (RFC 9421) by the caller")
          : Future.succeededFuture();
    }
    String callerId = trail.caller.id();
    MessageVerifier verifier = new MessageVerifier(
        keyid -> callerId.equals(keyid) ? Optional.of(callerKey) : Optional.empty(), clock, skew);
    VerifiedSignature verified;
    try {
      verified = verifier.verify(new HttpRequest(in.method(), URI.create(in.targetUri()), fields(in.headers()), body));
    } catch (SignatureVerificationException e) {
      return refuse(ProblemType.BAD_SIGNATURE, "signature rejected (" + e.reason() + "): " + e.getMessage());
    } catch (IllegalArgumentException e) {
      return refuse(ProblemType.BAD_SIGNATURE, "signature rejected: " + e.getMessage());
    }
    List<ComponentId> covered = verified.params().components();
    List<String> missing = new ArrayList<>();
    REQUIRED_COVERAGE.stream().filter(c -> !covered.contains(c)).forEach(c -> missing.add(c.serialize()));
    if (body.length > 0 && !covered.contains(ComponentId.field(ContentDigest.FIELD))) {
      missing.add("\"content-digest\"");
    }
    if (!missing.isEmpty()) {
      return refuse(ProblemType.BAD_SIGNATURE, "the signature must cover " + String.join(", ", missing));
    }
    if (verified.params().created().isEmpty() || verified.params().nonce().isEmpty()) {
      return refuse(ProblemType.BAD_SIGNATURE, "the signature must carry created and nonce parameters");
    }
    ReplayGuard.Verdict verdict = replay.check(callerId, verified.params().nonce().get(), verified.params().created().get());
    switch (verdict) {
      case ACCEPTED:
        trail.signed = true;
        return Future.succeededFuture();
      case REPLAYED:
        return refuse(ProblemType.REPLAY, "this signature's nonce was already used");
      case STALE:
        return refuse(ProblemType.REPLAY, "the signature's created time is outside the accepted window of " + skew.toSeconds() + " s");
      default:
        return refuse(ProblemType.REPLAY, "too many signed requests in the replay window; try again shortly");
    }
  }

  private Future<Void> validatePayload(CallTrail trail, Catalog snapshot) {
    Buffer body = trail.ingress.body();
    String text = body.length() == 0 ? "{}" : body.toString();
    List<String> violations = snapshot.schemas().violations(trail.target, trail.block, trail.operation, text);
    if (!violations.isEmpty()) {
      return Future.failedFuture(new Refusal(new Problem(ProblemType.SCHEMA_VIOLATION,
          "the payload does not satisfy the schema of " + trail.ingress.operation() + ": " + violations.get(0),
          Map.of("violations", new JsonArray(violations)))));
    }
    return Future.succeededFuture();
  }

  private Future<Decision.Allow> decide(CallTrail trail) {
    return consents.consentsOf(trail.subjects, trail.caller.org())
        .recover(failure -> Future.failedFuture(new Refusal(ProblemType.POLICY_UNAVAILABLE,
            "the consents of the call's data subjects could not be read")))
        .compose(records -> {
          trail.consentIds = records.stream().map(r -> r.getString("id")).toList();
          JsonObject input = PolicyInputs.build(trail.caller, "mtls", trail.target, trail.block, trail.operation,
              trail.purpose, trail.subjects, records, clock.instant(), mode.get(), trail.signed);
          return engine.decide(input);
        })
        .compose(decision -> {
          trail.decision = decision;
          if (decision instanceof Decision.Allow allow) {
            return Future.succeededFuture(allow);
          }
          Decision.Deny deny = (Decision.Deny) decision;
          boolean unavailable = deny.reasons().stream().anyMatch(r -> Decision.POLICY_UNAVAILABLE.equals(r.code()));
          if (unavailable) {
            return Future.failedFuture(new Refusal(ProblemType.POLICY_UNAVAILABLE,
                "no policy decision could be made: " + deny.reasons().get(0).message()));
          }
          JsonArray reasons = new JsonArray();
          deny.reasons().forEach(r -> reasons.add(new JsonObject().put("policy", r.policy()).put("code", r.code()).put("message", r.message())));
          JsonArray remedies = new JsonArray();
          deny.obligations().forEach(o -> remedies.add(o.toJson()));
          String detail = deny.reasons().stream().map(r -> r.policy() + ": " + r.message()).reduce((a, b) -> a + "; " + b).orElse("denied");
          return Future.failedFuture(new Refusal(new Problem(ProblemType.DENIED, detail,
              Map.of("reasons", reasons, "obligations", remedies))));
        });
  }

  private Future<Decision.Allow> arbitrate(CallTrail trail, Decision.Allow allow) {
    if (trail.block.kind() != BlockKind.GATEWAY || !trail.operation.command() || trail.block.actuators().isEmpty()) {
      return Future.succeededFuture(allow);
    }
    List<String> actuators = trail.block.actuators().stream().map(a -> trail.target.id() + "#" + a).toList();
    LeaseResult lease = leases.acquire(trail.caller.id(), actuators, allow.priority());
    if (lease instanceof LeaseResult.Refused refused) {
      String actuator = refused.actuator().substring(refused.actuator().indexOf('#') + 1);
      return Future.failedFuture(new Refusal(new Problem(ProblemType.ACTUATOR_LEASED,
          actuator + " is held by " + refused.holder() + " at priority " + refused.holderPriority()
              + ", above this call's " + allow.priority() + ", until " + refused.until().truncatedTo(ChronoUnit.SECONDS),
          Map.of("holder", refused.holder(), "holder_priority", refused.holderPriority(),
              "priority", allow.priority(), "until", refused.until().truncatedTo(ChronoUnit.SECONDS).toString()))));
    }
    return Future.succeededFuture(allow);
  }

  private Future<Upstream> forward(CallTrail trail) {
    if (!audit.available()) {
      return refuse(ProblemType.AUDIT_UNAVAILABLE, "the audit log cannot record calls now; nothing was forwarded");
    }
    Ingress in = trail.ingress;
    String path = "/" + trail.block.kind().wireName() + "/" + trail.block.name() + "/" + trail.operation.name();
    Buffer payload = in.body().length() == 0 ? Buffer.buffer("{}") : in.body();
    return forwarder.forward(trail.target, path, payload, trail.caller.id(), trail.purpose, trail.subjects, in.decisionId())
        .onSuccess(upstream -> trail.upstreamStatus = upstream.status());
  }

  private Outcome release(CallTrail trail, Decision.Allow allow, Upstream upstream) {
    Buffer body = upstream.contentType().startsWith("application/json")
        ? applyObligations(trail, allow, upstream.body())
        : upstream.body();
    trail.responseDigest = ContentDigest.create(body.getBytes(), DigestAlgorithm.SHA_256);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (!upstream.contentType().isEmpty()) {
      headers.add("content-type", upstream.contentType());
    }
    headers.add("content-digest", trail.responseDigest);
    return new Outcome.Released(trail.ingress.decisionId(), upstream.status(), headers, body);
  }

  /**
   * Applies an allowed decision's obligations to a JSON body: {@code redact} removes the named
   * fields; the others are recorded for the consent service.
   *
   * @throws Refusal TARGET_UNAVAILABLE when the body is not JSON and something must be redacted
   */
  private static Buffer applyObligations(CallTrail trail, Decision.Allow allow, Buffer body) {
    List<String> redact = new ArrayList<>();
    for (Obligation obligation : allow.obligations()) {
      JsonObject json = obligation.toJson();
      if ("redact".equals(json.getString("type"))) {
        json.getJsonArray("fields", new JsonArray()).forEach(f -> redact.add(String.valueOf(f)));
      } else {
        trail.obligationsApplied.add(json.put("status", "recorded"));
      }
    }
    if (redact.isEmpty()) {
      return body;
    }
    Object json;
    try {
      json = Json.decodeValue(body);
    } catch (DecodeException e) {
      throw new Refusal(ProblemType.TARGET_UNAVAILABLE, "target answered with malformed JSON; nothing released");
    }
    if (!(json instanceof JsonObject || json instanceof JsonArray)) {
      return body;
    }
    Redaction.Result result = Redaction.apply(json, redact, Redaction.Mode.REMOVE);
    trail.obligationsApplied.add(new JsonObject().put("type", "redact").put("fields", new JsonArray(result.redacted())));
    return Buffer.buffer(Json.encode(result.json()));
  }

  // --- gateway event subscriptions -----------------------------------------------------------

  /** The operation a subscription to a gateway block's events is checked as. */
  public static final String EVENTS = "events";

  /**
   * A subscription the policies allowed: who subscribed to which gateway block, for which purpose.
   * Each event is decided, redacted and recorded on its own through {@link #event}.
   */
  public static final class Subscription {
    private final CallTrail trail;

    private Subscription(CallTrail trail) {
      this.trail = trail;
    }

    /** The decision id of the subscription itself. */
    public String decisionId() {
      return trail.ingress.decisionId();
    }

    public Twin target() {
      return trail.target;
    }

    public Twin caller() {
      return trail.caller;
    }

    public String purpose() {
      return trail.purpose;
    }

    /** The path of the event stream at the target. */
    public String upstreamPath() {
      return "/" + BlockKind.GATEWAY.wireName() + "/" + trail.block.name() + "/" + EVENTS;
    }
  }

  /**
   * Decides a subscription ({@code GET .../gateway/{block}/events}): the caller is authenticated,
   * the block resolved (it must be a gateway block declaring the {@code events} operation) and the
   * policies asked. The decision is recorded either way; a refusal fails the future with a
   * {@link Refusal} after it was recorded.
   */
  public Future<Subscription> subscribe(Ingress ingress) {
    CallTrail trail = new CallTrail(ingress);
    Catalog snapshot = catalog.get();
    return authenticate(trail, snapshot)
        .compose(key -> admit(trail))
        .compose(ok -> resolve(trail, snapshot))
        .compose(ok -> trail.block.kind() == BlockKind.GATEWAY && EVENTS.equals(trail.operation.name())
            ? Future.<Void>succeededFuture()
            : refuse(ProblemType.UNKNOWN_TWIN, "only gateway blocks declaring an '" + EVENTS + "' operation have events"))
        .compose(ok -> decide(trail))
        .compose(allow -> audit.available()
            ? Future.succeededFuture(allow)
            : refuse(ProblemType.AUDIT_UNAVAILABLE, "the audit log cannot record events now"))
        .transform(result -> {
          Outcome outcome = result.succeeded()
              ? new Outcome.Released(ingress.decisionId(), 200, MultiMap.caseInsensitiveMultiMap(), Buffer.buffer())
              : refusal(trail, result.cause());
          return record(trail, outcome).onSuccess(recorded -> count(trail, recorded)).compose(recorded ->
              recorded instanceof Outcome.Refused refused
                  ? Future.failedFuture(new Refusal(refused.problem()))
                  : Future.succeededFuture(new Subscription(trail)));
        });
  }

  /**
   * Decides one event for a subscriber: the event's own {@code subjects} (if it names any, else the
   * subscription's) and their consents go to the policies. An allowed event is redacted as decided;
   * every event's decision is recorded. The future holds the event to deliver, or empty when it is
   * withheld (denied, undecidable, or not recorded).
   */
  public Future<Optional<Buffer>> event(Subscription subscription, Buffer event) {
    CallTrail base = subscription.trail;
    Ingress ingress = new Ingress(UUID.randomUUID().toString(), clock.instant(), "GET",
        base.ingress.targetUri(), base.ingress.headers(), Buffer.buffer(), base.ingress.peerChain(),
        base.ingress.twin(), base.ingress.kind(), base.ingress.block(), base.ingress.operation(), null);
    CallTrail trail = new CallTrail(ingress);
    trail.caller = base.caller;
    trail.target = base.target;
    trail.block = base.block;
    trail.operation = base.operation;
    trail.purpose = base.purpose;
    trail.subjects = eventSubjects(event, base.subjects);
    return decide(trail)
        .map(allow -> {
          Buffer released = applyObligations(trail, allow, event);
          trail.responseDigest = ContentDigest.create(released.getBytes(), DigestAlgorithm.SHA_256);
          return (Outcome) new Outcome.Released(ingress.decisionId(), 200, MultiMap.caseInsensitiveMultiMap(), released);
        })
        .recover(failure -> Future.succeededFuture(refusal(trail, failure)))
        .compose(outcome -> record(trail, outcome))
        .map(outcome -> {
          count(trail, outcome);
          return outcome instanceof Outcome.Released released ? Optional.of(released.body()) : Optional.<Buffer>empty();
        });
  }

  private static List<String> eventSubjects(Buffer event, List<String> fallback) {
    try {
      JsonArray named = new JsonObject(event).getJsonArray("subjects");
      if (named == null) {
        return fallback;
      }
      List<String> subjects = new ArrayList<>();
      for (Object subject : named) {
        if (subject instanceof String s && SUBJECT.matcher(s).matches() && !subjects.contains(s)) {
          subjects.add(s);
        }
      }
      return subjects;
    } catch (DecodeException | ClassCastException e) {
      return fallback;
    }
  }

  private Outcome refusal(CallTrail trail, Throwable failure) {
    if (failure instanceof Refusal refusal) {
      return new Outcome.Refused(trail.ingress.decisionId(), refusal.problem());
    }
    LOG.log(Level.SEVERE, "decision " + trail.ingress.decisionId() + " failed unexpectedly", failure);
    return new Outcome.Refused(trail.ingress.decisionId(),
        new Problem(ProblemType.INTERNAL, "the broker could not complete the call; it was recorded as " + trail.ingress.decisionId()));
  }

  private Future<Outcome> record(CallTrail trail, Outcome outcome) {
    JsonObject record = trail.record(outcome);
    return audit.append(record)
        .<Outcome>map(index -> outcome)
        .recover(failure -> {
          LOG.log(Level.SEVERE, "decision " + trail.ingress.decisionId()
              + " could not be recorded in the audit log; response withheld: " + failure.getMessage());
          if (outcome instanceof Outcome.Refused refused && refused.problem().type() == ProblemType.AUDIT_UNAVAILABLE) {
            return Future.succeededFuture(outcome);
          }
          return Future.succeededFuture(new Outcome.Refused(trail.ingress.decisionId(),
              new Problem(ProblemType.AUDIT_UNAVAILABLE, "the audit log could not record this call; its answer is withheld")));
        });
  }

  private <T> Future<T> timed(String step, Supplier<Future<T>> body) {
    long start = System.nanoTime();
    Future<T> result;
    try {
      result = body.get();
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return result.andThen(done -> metrics.step(step, System.nanoTime() - start));
  }

  private void count(CallTrail trail, Outcome outcome) {
    if (outcome instanceof Outcome.Released) {
      metrics.decision("allow", "none", "none");
    } else if (outcome instanceof Outcome.Refused refused) {
      if (trail.decision instanceof Decision.Deny deny && refused.problem().type() == ProblemType.DENIED) {
        metrics.decision("deny", deny.reasons().get(0).policy(), deny.reasons().get(0).code());
      } else {
        metrics.decision("refused", "broker", refused.problem().type().name().toLowerCase(Locale.ROOT));
      }
    }
  }

  /**
   * One line per call at FINE (on in {@code twinguard serve}): identifiers and outcome, never
   * payloads or personal data.
   */
  private void logCall(CallTrail trail, Outcome outcome) {
    if (!LOG.isLoggable(Level.FINE)) {
      return;
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("decision_id", trail.ingress.decisionId());
    fields.put("caller", trail.caller == null ? "unauthenticated" : trail.caller.id());
    fields.put("target", trail.target == null ? "unknown" : trail.target.id());
    fields.put("outcome", outcome instanceof Outcome.Released ? "allow" : trail.decision instanceof Decision.Deny ? "deny" : "refused");
    fields.put("status", outcome instanceof Outcome.Released released ? released.status() : ((Outcome.Refused) outcome).problem().status());
    fields.put("ms", Duration.between(trail.ingress.received(), clock.instant()).toMillis());
    LOG.log(Level.FINE, "call", fields);
  }

  private static HttpFields fields(MultiMap headers) {
    Map<String, List<String>> lines = new HashMap<>();
    headers.forEach(entry -> lines.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).add(entry.getValue()));
    return new HttpFields(lines);
  }

  private static <T> Future<T> refuse(ProblemType type, String detail) {
    return Future.failedFuture(new Refusal(type, detail));
  }
}
