package io.twinguard.signing.httpsig;

import java.util.Objects;

/**
 * A signature that verified: its label, the parameters it was made with, the algorithm used.
 *
 * @param label the label in Signature and Signature-Input
 * @param params the covered components and signature parameters
 * @param algorithm the algorithm that verified it
 */
public record VerifiedSignature(String label, SignatureParams params, SignatureAlgorithm algorithm) {
  public VerifiedSignature {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(algorithm, "algorithm");
  }
}
