package io.twinguard.adapters;

import java.util.Arrays;
import java.util.Objects;

/**
 * What an adapter answered for a call, in the broker's own shape.
 *
 * @param status the HTTP status to answer with (2xx; adapter failures are {@link AdapterFailure}s)
 * @param contentType the media type of the body, e.g. {@code application/json}
 * @param body the body bytes; copied in and out
 * @param artefact the exact artefact that produced the answer (model-version binding); the broker
 *     records it with the decision and puts it in receipts
 */
public record AdapterResponse(int status, String contentType, byte[] body, ArtefactDigest artefact) {

  /** The media type of every JSON answer. */
  public static final String JSON = "application/json";

  /** @throws IllegalArgumentException when the status is not 2xx or the content type is blank */
  public AdapterResponse {
    if (status < 200 || status > 299) {
      throw new IllegalArgumentException("status must be 2xx, not " + status);
    }
    if (contentType == null || contentType.isBlank()) {
      throw new IllegalArgumentException("contentType is required");
    }
    body = Objects.requireNonNull(body, "body").clone();
    Objects.requireNonNull(artefact, "artefact");
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AdapterResponse r && status == r.status && contentType.equals(r.contentType)
        && Arrays.equals(body, r.body) && artefact.equals(r.artefact);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, contentType, Arrays.hashCode(body), artefact);
  }

  @Override
  public String toString() {
    return "AdapterResponse[" + status + " " + contentType + ", " + body.length + " bytes, " + artefact + "]";
  }
}
