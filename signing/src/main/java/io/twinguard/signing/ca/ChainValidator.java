package io.twinguard.signing.ca;

import io.twinguard.signing.internal.BouncyCastle;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates a presented X.509-SVID chain against the ecosystem CA and its CRL and returns the
 * twin's SPIFFE ID. Intended to be called from a TLS trust manager: it is thread-safe, does no
 * I/O, the revocation check is a hash look-up, and a leaf seen before skips PKIX (its validity
 * period and revocation are still checked on every call).
 *
 * <p>The chain is the leaf, optionally followed by the CA certificate itself (intermediate CAs
 * are not part of the ecosystem). Bouncy Castle's PKIX validation checks the path first
 * (signature, validity period, basic constraints, key usage, critical extensions). When it
 * fails, the reason is, in this order: not issued by the CA ({@link Rejection.UnknownCa}),
 * outside the validity period ({@link Rejection.Expired}, {@link Rejection.NotYetValid}), or
 * else {@link Rejection.InvalidChain} with PKIX's message. Then come CRL freshness and
 * revocation ({@link Rejection.StaleCrl}, {@link Rejection.Revoked}) and the X.509-SVID rules:
 * exactly one URI SAN ({@link Rejection.UriSanCount}) holding a SPIFFE ID
 * ({@link Rejection.NotSpiffeId}) of this trust domain ({@link Rejection.ForeignTrustDomain}).
 */
public final class ChainValidator {

  private static final int URI_SAN = 6;
  private static final int CACHE_LIMIT = 10_000;

  private final TrustMaterial trust;
  private final TrustAnchor anchor;
  private final Map<BigInteger, Instant> revoked;
  /**
   * The CRL's nextUpdate, read once: Bouncy Castle's CRL parses its date text on every
   * getNextUpdate(), which cost 3% of the broker's CPU when it was called per request.
   */
  private final Optional<Instant> crlNextUpdate;
  /**
   * Leaves that passed PKIX and the SPIFFE checks. Those checks do not depend on the time except
   * through the leaf's validity period, which is checked again on every call, as is revocation; so
   * a TLS peer pays one hash look-up instead of a PKIX run. Keyed by the certificate itself: it
   * caches its hash, and a TLS session hands out the same instance for every request on its
   * connection, which equals() recognises without re-encoding; another instance of the same
   * certificate still matches by its encoding.
   */
  private final Map<X509Certificate, SpiffeId> passed = new ConcurrentHashMap<>();

  public ChainValidator(TrustMaterial trust) {
    this.trust = Objects.requireNonNull(trust);
    this.anchor = new TrustAnchor(trust.caCertificate(), null);
    Map<BigInteger, Instant> entries = new HashMap<>();
    Set<? extends X509CRLEntry> listed = trust.crl().getRevokedCertificates();
    if (listed != null) {
      listed.forEach(e -> entries.put(e.getSerialNumber(), e.getRevocationDate().toInstant()));
    }
    this.revoked = Map.copyOf(entries);
    this.crlNextUpdate = Optional.ofNullable(trust.crl().getNextUpdate()).map(Date::toInstant);
  }

  public TrustMaterial trustMaterial() {
    return trust;
  }

  /**
   * Validates {@code chain} at time {@code at}.
   *
   * @return the SPIFFE ID of the leaf certificate
   * @throws ChainRejectedException carrying the first {@link Rejection} found
   */
  public SpiffeId validate(X509Certificate[] chain, Instant at) throws ChainRejectedException {
    X509Certificate leaf = leafOf(chain);
    SpiffeId known = passed.get(leaf);
    if (known != null) {
      checkValidity(leaf, at);
      checkRevocation(leaf, at);
      return known;
    }
    checkPkix(leaf, at);
    checkRevocation(leaf, at);
    SpiffeId id = spiffeIdOf(leaf);
    if (passed.size() >= CACHE_LIMIT) {
      passed.clear();
    }
    passed.put(leaf, id);
    return id;
  }

  private X509Certificate leafOf(X509Certificate[] chain) throws ChainRejectedException {
    if (chain == null || chain.length == 0) {
      throw reject(new Rejection.InvalidChain("no certificate presented"));
    }
    List<X509Certificate> path = new ArrayList<>(Arrays.asList(chain));
    while (path.size() > 1 && path.get(path.size() - 1).equals(trust.caCertificate())) {
      path.remove(path.size() - 1);
    }
    if (path.size() != 1) {
      throw reject(new Rejection.InvalidChain(
          "expected the leaf certificate alone or followed by the CA, got " + chain.length));
    }
    if (path.get(0).getBasicConstraints() != -1) {
      throw reject(new Rejection.InvalidChain("the leaf certificate is a CA certificate"));
    }
    return path.get(0);
  }

  private void checkIssuedByCa(X509Certificate leaf) throws ChainRejectedException {
    X509Certificate ca = trust.caCertificate();
    String issuer = leaf.getIssuerX500Principal().getName();
    if (!leaf.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
      throw reject(new Rejection.UnknownCa(issuer));
    }
    try {
      leaf.verify(ca.getPublicKey(), BouncyCastle.PROVIDER);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw reject(new Rejection.UnknownCa(issuer));
    }
  }

  private static void checkValidity(X509Certificate certificate, Instant at)
      throws ChainRejectedException {
    Instant notBefore = certificate.getNotBefore().toInstant();
    Instant notAfter = certificate.getNotAfter().toInstant();
    if (at.isBefore(notBefore)) {
      throw reject(new Rejection.NotYetValid(certificate.getSerialNumber(), notBefore));
    }
    if (at.isAfter(notAfter)) {
      throw reject(new Rejection.Expired(certificate.getSerialNumber(), notAfter));
    }
  }

  private void checkPkix(X509Certificate leaf, Instant at) throws ChainRejectedException {
    try {
      CertPath path = CertificateFactory.getInstance("X.509", BouncyCastle.PROVIDER)
          .generateCertPath(List.of(leaf));
      PKIXParameters parameters = new PKIXParameters(Set.of(anchor));
      parameters.setDate(Date.from(at));
      // Revocation is decided below from the CRL already verified in TrustMaterial.
      parameters.setRevocationEnabled(false);
      CertPathValidator.getInstance("PKIX", BouncyCastle.PROVIDER).validate(path, parameters);
    } catch (CertPathValidatorException e) {
      // The valid path pays for one PKIX run; only a refused one is examined for its reason.
      checkIssuedByCa(leaf);
      checkValidity(leaf, at);
      throw reject(new Rejection.InvalidChain(e.getMessage()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PKIX validation is unavailable: " + e.getMessage(), e);
    }
  }

  private void checkRevocation(X509Certificate leaf, Instant at) throws ChainRejectedException {
    if (crlNextUpdate.isPresent() && at.isAfter(crlNextUpdate.get())) {
      throw reject(new Rejection.StaleCrl(crlNextUpdate.get()));
    }
    Instant revokedAt = revoked.get(leaf.getSerialNumber());
    if (revokedAt != null) {
      throw reject(new Rejection.Revoked(leaf.getSerialNumber(), revokedAt));
    }
  }

  private SpiffeId spiffeIdOf(X509Certificate leaf) throws ChainRejectedException {
    List<String> uris = new ArrayList<>();
    try {
      Collection<List<?>> names = leaf.getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> name : names) {
          if (((Integer) name.get(0)) == URI_SAN) {
            uris.add((String) name.get(1));
          }
        }
      }
    } catch (CertificateParsingException e) {
      throw reject(new Rejection.InvalidChain("unreadable subject alternative names"));
    }
    if (uris.size() != 1) {
      throw reject(new Rejection.UriSanCount(uris.size()));
    }
    SpiffeId id;
    try {
      id = SpiffeId.parse(uris.get(0));
    } catch (IllegalArgumentException e) {
      throw reject(new Rejection.NotSpiffeId(uris.get(0), e.getMessage()));
    }
    if (!id.trustDomain().equals(trust.trustDomain())) {
      throw reject(new Rejection.ForeignTrustDomain(id.toString(), trust.trustDomain()));
    }
    return id;
  }

  private static ChainRejectedException reject(Rejection rejection) {
    return new ChainRejectedException(rejection);
  }
}
