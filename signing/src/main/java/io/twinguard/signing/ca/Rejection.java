package io.twinguard.signing.ca;

import java.math.BigInteger;
import java.time.Instant;

/**
 * Why a presented certificate chain was refused. Each case carries what a log line or an RFC 9457
 * problem needs; {@link #message()} is one readable sentence.
 */
public sealed interface Rejection {

  /** One sentence for logs and problem details; never contains key material. */
  String message();

  /** The chain does not lead to the ecosystem CA (other issuer, or a signature that fails). */
  record UnknownCa(String issuer) implements Rejection {
    @Override
    public String message() {
      return "certificate is not issued by the ecosystem CA (issuer " + issuer + ")";
    }
  }

  /** A certificate of the chain expired before the validation time. */
  record Expired(BigInteger serial, Instant notAfter) implements Rejection {
    @Override
    public String message() {
      return "certificate " + serial.toString(16) + " expired at " + notAfter;
    }
  }

  /** A certificate of the chain is not valid yet at the validation time. */
  record NotYetValid(BigInteger serial, Instant notBefore) implements Rejection {
    @Override
    public String message() {
      return "certificate " + serial.toString(16) + " is not valid before " + notBefore;
    }
  }

  /** The CA's CRL lists the leaf certificate. */
  record Revoked(BigInteger serial, Instant revokedAt) implements Rejection {
    @Override
    public String message() {
      return "certificate " + serial.toString(16) + " was revoked at " + revokedAt;
    }
  }

  /** The CRL is past its next-update time, so revocation cannot be decided: fail closed. */
  record StaleCrl(Instant nextUpdate) implements Rejection {
    @Override
    public String message() {
      return "the CA's CRL expired at " + nextUpdate + "; refresh it";
    }
  }

  /** An X.509-SVID carries exactly one URI SAN; this leaf has another number. */
  record UriSanCount(int count) implements Rejection {
    @Override
    public String message() {
      return "certificate has " + count + " URI SANs; an X.509-SVID has exactly one";
    }
  }

  /** The URI SAN is not a well-formed SPIFFE ID. */
  record NotSpiffeId(String uri, String problem) implements Rejection {
    @Override
    public String message() {
      return "URI SAN " + uri + " is not a SPIFFE ID: " + problem;
    }
  }

  /** The URI SAN is a SPIFFE ID of another trust domain. */
  record ForeignTrustDomain(String spiffeId, TrustDomain expected) implements Rejection {
    @Override
    public String message() {
      return "SPIFFE ID " + spiffeId + " is not in trust domain " + expected;
    }
  }

  /** Anything else that makes the chain unusable: empty, a CA as leaf, a failed PKIX check. */
  record InvalidChain(String detail) implements Rejection {
    @Override
    public String message() {
      return "invalid certificate chain: " + detail;
    }
  }
}
