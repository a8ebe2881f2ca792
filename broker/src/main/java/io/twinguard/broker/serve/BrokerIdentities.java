package io.twinguard.broker.serve;

import io.twinguard.broker.identity.BrokerIdentity;
import io.twinguard.broker.identity.BrokerIdentity.KeyAndCertificate;
import io.twinguard.common.settings.ServerSettings;
import io.twinguard.signing.ca.CaDirectory;
import io.twinguard.signing.ca.CaDirectoryException;
import io.twinguard.signing.ca.SpiffeId;
import io.twinguard.signing.ca.TrustMaterial;
import io.twinguard.signing.keys.KeyAlgorithm;
import io.twinguard.signing.keys.KeyFileException;
import io.twinguard.signing.keys.Keys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Who the broker is: its certificate and key from the settings, or issued from the CA at start. */
final class BrokerIdentities {

  private static final Duration VALIDITY = Duration.ofDays(30);

  private BrokerIdentities() {}

  /**
   * The broker's identity, {@code spiffe://<the CA's trust domain>/broker}: its TLS pair and signing
   * pair from the settings, or issued from the CA at start (see {@link ServerSettings}).
   *
   * @param listenHost put in the certificate issued at start, so that twins can check it
   */
  static BrokerIdentity of(CaDirectory ca, ServerSettings server, String listenHost) throws StartupException {
    String spiffeId = "spiffe://" + ca.authority().trustDomain().name() + "/broker";
    TrustMaterial trust;
    try {
      trust = ca.trustMaterial();
    } catch (CaDirectoryException e) {
      throw new StartupException("the CA's trust material is unreadable: " + e.getMessage(), e);
    }
    try {
      KeyAndCertificate tls;
      Optional<KeyAndCertificate> signing = read(server.signingCert(), server.signingKey());
      if (server.cert().isPresent() && server.key().isPresent()) {
        tls = read(server.cert(), server.key()).orElseThrow();
      } else {
        CaDirectory.Issued issued = ca.issueServer(List.of("localhost"), List.of(listenHost),
            SpiffeId.parse(spiffeId), KeyAlgorithm.ECDSA_P256, VALIDITY);
        tls = new KeyAndCertificate(issued.keyPair().getPrivate(), issued.certificate());
        if (signing.isEmpty()) {
          // Ed25519 signs in a third of P-256's time; browsers do not take it for TLS, so it signs only.
          CaDirectory.Issued signer = ca.issueTwin(SpiffeId.parse(spiffeId), KeyAlgorithm.ED25519, VALIDITY);
          signing = Optional.of(new KeyAndCertificate(signer.keyPair().getPrivate(), signer.certificate()));
        }
      }
      return new BrokerIdentity(spiffeId, tls, signing.orElse(tls), trust);
    } catch (IOException | GeneralSecurityException | KeyFileException | CaDirectoryException
        | IllegalArgumentException e) {
      throw new StartupException("the broker's certificate or key is unusable: " + e.getMessage(), e);
    }
  }

  private static Optional<KeyAndCertificate> read(Optional<Path> cert, Optional<Path> key)
      throws IOException, GeneralSecurityException, KeyFileException {
    if (cert.isEmpty() || key.isEmpty()) {
      return Optional.empty();
    }
    X509Certificate certificate = TrustMaterial.parseCertificate(Files.readAllBytes(cert.get()));
    return Optional.of(new KeyAndCertificate(Keys.readPrivateKey(key.get(), null), certificate));
  }

  /** The administrators: the settings' list, or {@code spiffe://<trust domain>/admin}. */
  static List<String> admins(List<String> listed, BrokerIdentity identity) {
    if (!listed.isEmpty()) {
      return listed;
    }
    String broker = identity.spiffeId();
    return List.of(broker.substring(0, broker.lastIndexOf('/')) + "/admin");
  }
}
