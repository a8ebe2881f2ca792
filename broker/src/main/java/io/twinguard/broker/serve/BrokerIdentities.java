package io.twinguard.broker.serve;

import io.twinguard.broker.identity.BrokerIdentity;
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
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/** Who the broker is: its certificate and key from the settings, or issued from the CA at start. */
final class BrokerIdentities {

  private BrokerIdentities() {}

  /**
   * The broker's identity, {@code spiffe://<the CA's trust domain>/broker}.
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
      if (server.cert().isPresent() && server.key().isPresent()) {
        X509Certificate certificate = TrustMaterial.parseCertificate(Files.readAllBytes(server.cert().get()));
        PrivateKey key = Keys.readPrivateKey(server.key().get(), null);
        return new BrokerIdentity(spiffeId, key, certificate, trust);
      }
      CaDirectory.Issued issued = ca.issueServer(List.of("localhost"), List.of(listenHost),
          SpiffeId.parse(spiffeId), KeyAlgorithm.ECDSA_P256, Duration.ofDays(30));
      return new BrokerIdentity(spiffeId, issued.keyPair().getPrivate(), issued.certificate(), trust);
    } catch (IOException | GeneralSecurityException | KeyFileException | CaDirectoryException e) {
      throw new StartupException("the broker's certificate or key is unusable: " + e.getMessage(), e);
    }
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
