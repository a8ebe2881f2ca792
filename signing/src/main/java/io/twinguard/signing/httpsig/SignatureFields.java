package io.twinguard.signing.httpsig;

import java.util.Objects;

/**
 * The two field values that carry one signature, each a one-member RFC 8941 dictionary:
 * {@code Signature-Input: label=(...);created=...} and {@code Signature: label=:base64:}.
 *
 * @param signatureInput the value of the Signature-Input field
 * @param signature the value of the Signature field
 */
public record SignatureFields(String signatureInput, String signature) {

  public static final String SIGNATURE_INPUT = "Signature-Input";
  public static final String SIGNATURE = "Signature";

  public SignatureFields {
    Objects.requireNonNull(signatureInput, "signatureInput");
    Objects.requireNonNull(signature, "signature");
  }

  /** The message with both fields added (after any signatures it already carries). */
  public HttpMessage addTo(HttpMessage message) {
    return message.withFields(message.fields()
        .with(SIGNATURE_INPUT, signatureInput).with(SIGNATURE, signature));
  }
}
