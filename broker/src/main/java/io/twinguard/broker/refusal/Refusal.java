package io.twinguard.broker.refusal;

import io.twinguard.adapters.AdapterFailure;
import io.twinguard.audit.record.DecisionRecord;
import io.twinguard.common.problem.Problem;
import io.twinguard.common.problem.ProblemType;
import io.twinguard.policies.Decision;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Every reason the broker refuses a call, an event, an admin change or an audit query: a closed
 * set. Each case knows its RFC 9457 problem, so there is one mapping from a refusal to what the
 * caller reads ({@link #problem()}), and {@link Refusals#problem(Throwable)} maps any failure.
 *
 * <p>A refusal travels a pipeline as the cause of a failed future ({@link #fail()}); details are
 * written for the caller: what is wrong and what to do, never a stack trace, secret or personal
 * data.
 */
public sealed interface Refusal {

  /** The problem the caller receives. */
  Problem problem();

  /** A failed future carrying this refusal. */
  default <T> Future<T> fail() {
    return Future.failedFuture(new Refused(this));
  }

  /** The request is malformed: a header, the path or the body. */
  record BadRequest(String detail) implements Refusal {
    @Override
    public Problem problem() {
      return new Problem(ProblemType.BAD_REQUEST, detail);
    }
  }

  /** The caller is not who it must be: no certificate, a rejected chain, an unknown twin. */
  record Unauthenticated(String detail) implements Refusal {
    @Override
    public Problem problem() {
      return new Problem(ProblemType.UNAUTHENTICATED, detail);
    }
  }

  /** The caller's HTTP message signature is missing, invalid or does not cover enough. */
  record BadSignature(String detail) implements Refusal {
    @Override
    public Problem problem() {
      return new Problem(ProblemType.BAD_SIGNATURE, detail);
    }
  }

  /** The signed request was seen before, is outside the time window, or the guard is full. */
  record Replayed(String detail) implements Refusal {
    @Override
    public Problem problem() {
      return new Problem(ProblemType.REPLAY, detail);
    }
  }

  /** The caller may not use this interface at all (not a registered twin, not an administrator). */
  record Forbidden(String detail) implements Refusal {
    @Override
    public Problem problem() {
      return new Problem(ProblemType.FORBIDDEN, detail);
    }
  }

  /**
   * Who the caller or asker says it is was not accepted (a token, its proof or client, the way it
   * authenticated, its role), or the identity provider could not be asked.
   *
   * @param asker who asked, when the broker established it before refusing (a verified token's owner)
   */
  record Identity(IdentityRefusal reason, Optional<String> asker) implements Refusal {
    @Override
    public Problem problem() {
      return reason.problem();
    }
  }

  /**
   * The policies denied the call.
   *
   * @param deny the decision, with its reasons and the obligations that would remedy it
   * @param consents the ids of the consent records the policies saw
   * @param input what rebuilds the policy input for replay, or null when unknown
   */
  record Denied(Decision.Deny deny, List<String> consents, DecisionRecord.PolicyInputRef input) implements Refusal {
    public Denied {
      Objects.requireNonNull(deny, "deny");
      consents = List.copyOf(consents);
    }

    @Override
    public Problem problem() {
      JsonArray reasons = new JsonArray();
      deny.reasons().forEach(r -> reasons.add(
          new JsonObject().put("policy", r.policy()).put("code", r.code()).put("message", r.message())));
      JsonArray remedies = new JsonArray();
      deny.obligations().forEach(o -> remedies.add(o.toJson()));
      String detail = String.join("; ", deny.reasons().stream().map(r -> r.policy() + ": " + r.message()).toList());
      return new Problem(ProblemType.DENIED, detail, Map.of("reasons", reasons, "obligations", remedies));
    }
  }

  /** No such twin, block or operation in the registry. */
  record UnknownTarget(String detail) implements Refusal {
    @Override
    public Problem problem() {
      return new Problem(ProblemType.UNKNOWN_TWIN, detail);
    }
  }

  /** No such resource outside the twin calls (an audit index, a path the broker does not serve). */
  record NotFound(String detail) implements Refusal {
    @Override
    public Problem problem() {
      return new Problem(ProblemType.NOT_FOUND, detail);
    }
  }

  /** The method is not the one the resource takes. */
  record MethodNotAllowed(String detail) implements Refusal {
    @Override
    public Problem problem() {
      return new Problem(ProblemType.METHOD_NOT_ALLOWED, detail);
    }
  }

  /**
   * A higher-priority command holds an actuator the call would move.
   *
   * @param actuator the actuator's id within its twin (such as {@code door:1})
   * @param holder the SPIFFE ID of the twin holding it
   * @param holderPriority the holder's priority
   * @param priority this call's priority
   * @param until when the holder's lease ends
   */
  record ActuatorLeased(String actuator, String holder, int holderPriority, int priority, Instant until)
      implements Refusal {
    @Override
    public Problem problem() {
      Instant end = until.truncatedTo(ChronoUnit.SECONDS);
      return new Problem(ProblemType.ACTUATOR_LEASED,
          actuator + " is held by " + holder + " at priority " + holderPriority + ", above this call's "
              + priority + ", until " + end,
          Map.of("holder", holder, "holder_priority", holderPriority, "priority", priority, "until", end.toString()));
    }
  }

  /** The body is larger than the broker accepts. */
  record PayloadTooLarge(String detail) implements Refusal {
    @Override
    public Problem problem() {
      return new Problem(ProblemType.PAYLOAD_TOO_LARGE, detail);
    }
  }

  /** The request line (its target) is longer than the broker reads. */
  record UriTooLong(String detail) implements Refusal {
    @Override
    public Problem problem() {
      return new Problem(ProblemType.URI_TOO_LONG, detail);
    }
  }

  /** The request's headers are larger than the broker reads. */
  record HeadersTooLarge(String detail) implements Refusal {
    @Override
    public Problem problem() {
      return new Problem(ProblemType.HEADERS_TOO_LARGE, detail);
    }
  }

  /** The body is not of the media type the operation takes. */
  record UnsupportedMediaType(String detail) implements Refusal {
    @Override
    public Problem problem() {
      return new Problem(ProblemType.UNSUPPORTED_MEDIA_TYPE, detail);
    }
  }

  /**
   * The payload or a declaration breaks its schema.
   *
   * @param violations every violation found, each naming where
   */
  record SchemaViolation(String detail, List<String> violations) implements Refusal {
    public SchemaViolation {
      violations = List.copyOf(violations);
    }

    @Override
    public Problem problem() {
      return violations.isEmpty()
          ? new Problem(ProblemType.SCHEMA_VIOLATION, detail)
          : new Problem(ProblemType.SCHEMA_VIOLATION, detail, Map.of("violations", new JsonArray(violations)));
    }
  }

  /** The target twin (or its adapter) could not be reached, did not answer in time, or is not who it must be. */
  record TargetUnavailable(String detail) implements Refusal {
    @Override
    public Problem problem() {
      return new Problem(ProblemType.TARGET_UNAVAILABLE, detail);
    }
  }

  /**
   * The target's adapter could not answer; its failure says why and maps to one problem, with the
   * failure's stable {@code reason} as an extension member ({@link AdapterProblems}).
   */
  record AdapterFailed(AdapterFailure failure) implements Refusal {
    public AdapterFailed {
      Objects.requireNonNull(failure, "failure");
    }

    @Override
    public Problem problem() {
      return AdapterProblems.of(failure);
    }
  }

  /**
   * No policy decision could be made, so nothing was forwarded.
   *
   * @param revision the bundle revision that was asked
   * @param consents the ids of the consent records the engine was given
   * @param input what rebuilds the policy input for replay, or null when none was built
   */
  record PolicyUnavailable(String detail, String revision, List<String> consents,
      DecisionRecord.PolicyInputRef input) implements Refusal {
    public PolicyUnavailable {
      consents = List.copyOf(consents);
    }

    @Override
    public Problem problem() {
      return new Problem(ProblemType.POLICY_UNAVAILABLE, detail);
    }
  }

  /**
   * An uploaded policy bundle was refused (unreadable, not verifying, no Wasm module, its own Rego
   * tests failed or could not run); the active policies stay. {@code failures}: the failing tests,
   * each {@code {test, file, line}} (and {@code error}), empty when refused before its tests ran.
   */
  record BundleRefused(String detail, List<JsonObject> failures) implements Refusal {
    public BundleRefused {
      failures = failures.stream().map(JsonObject::copy).toList();
    }

    @Override
    public Problem problem() {
      return new Problem(ProblemType.BUNDLE_REFUSED, detail, Map.of("failures", new JsonArray(failures).copy()));
    }
  }

  /** The policies cannot change that way now: a revision stored with other content, nothing to roll back to. */
  record PolicyConflict(String detail) implements Refusal {
    @Override
    public Problem problem() {
      return new Problem(ProblemType.POLICY_CONFLICT, detail);
    }
  }

  /** The audit log cannot record now, so nothing is forwarded, changed or released. */
  record AuditUnavailable(String detail) implements Refusal {
    @Override
    public Problem problem() {
      return new Problem(ProblemType.AUDIT_UNAVAILABLE, detail);
    }
  }

  /**
   * The state the brokers of a cluster share (nonces, leases, mode, registry) could not be read or
   * changed in time; nothing went on.
   */
  record ClusterUnavailable(String detail) implements Refusal {
    @Override
    public Problem problem() {
      return new Problem(ProblemType.CLUSTER_UNAVAILABLE, detail);
    }
  }

  /** Something failed that should not have; the detail names no cause, the log does. */
  record Internal(String detail) implements Refusal {
    @Override
    public Problem problem() {
      return new Problem(ProblemType.INTERNAL, detail);
    }
  }
}
