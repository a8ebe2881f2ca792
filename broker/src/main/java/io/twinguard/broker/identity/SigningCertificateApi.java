package io.twinguard.broker.identity;

import io.twinguard.broker.server.Api;
import io.twinguard.broker.server.Refuse;
import io.twinguard.signing.ca.TrustMaterial;
import io.vertx.ext.web.Router;
import java.util.Objects;

/**
 * Serves the certificate of the broker's signing key ({@code GET /v1/broker/signing-certificate},
 * PEM), so that a twin can verify the broker's RFC 9421 signatures: the certificate is issued by
 * the ecosystem CA for the broker's SPIFFE ID, which is the signatures' {@code keyid}, and a twin
 * checks it against the CA it already trusts. Public: a certificate holds no secret.
 */
public final class SigningCertificateApi implements Api {

  /** Where the certificate is served. */
  public static final String PATH = "/v1/broker/signing-certificate";

  private final BrokerIdentity identity;

  public SigningCertificateApi(BrokerIdentity identity) {
    this.identity = Objects.requireNonNull(identity, "identity");
  }

  @Override
  public void mount(Router router, Refuse refuse) {
    String pem = TrustMaterial.certificatePem(identity.signingCertificate());
    router.get(PATH).handler(ctx -> ctx.response()
        .putHeader("content-type", "application/pem-certificate-chain")
        .putHeader("cache-control", "max-age=300")
        .end(pem));
  }
}
