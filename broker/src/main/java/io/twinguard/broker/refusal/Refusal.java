package io.twinguard.broker.refusal;

import io.twinguard.common.problem.Problem;
import io.twinguard.common.problem.ProblemType;
import io.vertx.core.Future;
import java.util.Optional;

/**
 * Every reason the broker refuses a call, an event, an admin change or an audit query: a closed
 * set. Each case knows its RFC 9457 problem, so there is one mapping from a refusal to what the
 * caller reads ({@link #problem()}), and {@link Refusals#problem(Throwable)} maps any failure.
 *
 * <p>A refusal travels a pipeline as the cause of a failed future ({@link #fail()}); details are
 * written for the caller: what is wrong and what to do, never a stack trace, secret or personal
 * data. The refusals that carry only a detail are nested here; those that carry what the audit
 * record or the problem's extension members need (a denial's decision, the holder of a lease,
 * schema violations, an adapter's failure, a bundle's failed tests) have files of their own.
 */
public sealed interface Refusal
    permits Refusal.BadRequest, Refusal.Unauthenticated, Refusal.BadSignature, Refusal.Replayed, Refusal.Forbidden,
        Refusal.Identity, Refusal.UnknownTarget, Refusal.NotFound, Refusal.MethodNotAllowed, Refusal.PayloadTooLarge,
        Refusal.UriTooLong, Refusal.HeadersTooLarge, Refusal.UnsupportedMediaType, Refusal.TargetUnavailable,
        Refusal.PolicyConflict, Refusal.AuditUnavailable, Refusal.ClusterUnavailable, Refusal.Internal,
        Denied, ActuatorLeased, SchemaViolation, AdapterFailed, PolicyUnavailable, BundleRefused {

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

  /** The target twin (or its adapter) could not be reached, did not answer in time, or is not who it must be. */
  record TargetUnavailable(String detail) implements Refusal {
    @Override
    public Problem problem() {
      return new Problem(ProblemType.TARGET_UNAVAILABLE, detail);
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
