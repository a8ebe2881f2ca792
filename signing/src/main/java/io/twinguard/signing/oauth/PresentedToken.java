package io.twinguard.signing.oauth;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * An access token as a request presented it, with what can prove possession of it.
 *
 * @param scheme the {@code Authorization} scheme it came with
 * @param accessToken the token (compact JWS)
 * @param dpopProof the request's single {@code DPoP} header, if any (the caller refuses a request
 *     with several)
 * @param method the request's HTTP method, e.g. {@code GET}
 * @param targetUri the request's absolute target URI as the server sees it (scheme, host, port,
 *     path); query and fragment are ignored when compared with a proof's {@code htu}
 * @param clientCertificateDer the DER of the TLS client certificate of the connection, if any
 */
public record PresentedToken(
    AuthScheme scheme, String accessToken, Optional<String> dpopProof, String method,
    URI targetUri, Optional<byte[]> clientCertificateDer) {

  public PresentedToken {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(accessToken, "accessToken");
    Objects.requireNonNull(dpopProof, "dpopProof");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(targetUri, "targetUri");
    Objects.requireNonNull(clientCertificateDer, "clientCertificateDer");
    if (!targetUri.isAbsolute()) {
      throw new IllegalArgumentException("targetUri must be absolute: " + targetUri);
    }
    clientCertificateDer = clientCertificateDer.map(byte[]::clone);
  }

  /** A copy of the client certificate's DER, if any. */
  @Override
  public Optional<byte[]> clientCertificateDer() {
    return clientCertificateDer.map(byte[]::clone);
  }

  /** A DPoP-bound token with its proof, no client certificate. */
  public static PresentedToken dpop(String accessToken, String proof, String method, URI targetUri) {
    return new PresentedToken(AuthScheme.DPOP, accessToken, Optional.of(proof), method, targetUri,
        Optional.empty());
  }

  /** A bearer token with the TLS client certificate of the connection (RFC 8705). */
  public static PresentedToken certificateBound(
      String accessToken, byte[] clientCertificateDer, String method, URI targetUri) {
    return new PresentedToken(AuthScheme.BEARER, accessToken, Optional.empty(), method, targetUri,
        Optional.of(clientCertificateDer));
  }
}
