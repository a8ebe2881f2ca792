package io.twinguard.adapters;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The model-version binding: the SHA-256 of the exact artefact that answered a call (an FMU, an
 * executable, the canonical JSON of a REST mapping), so that a decision record or receipt can say
 * which model version produced which output without disclosing the model.
 *
 * @param sha256 the lowercase hex SHA-256 of the artefact's bytes
 * @param label what the artefact is, for people (e.g. {@code fmu HvacThermal.fmu}); never the
 *     artefact itself
 */
public record ArtefactDigest(String sha256, String label) {

  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  /** @throws IllegalArgumentException when the digest is not 64 lowercase hex digits or the label is blank */
  public ArtefactDigest {
    if (sha256 == null || !HEX.matcher(sha256).matches()) {
      throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits");
    }
    if (label == null || label.isBlank()) {
      throw new IllegalArgumentException("label is required");
    }
  }

  /** The digest of {@code bytes}. */
  public static ArtefactDigest of(byte[] bytes, String label) {
    return new ArtefactDigest(HexFormat.of().formatHex(newSha256().digest(bytes)), label);
  }

  /** A fresh SHA-256 instance, for hashing a stream. */
  public static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** The form written into records: {@code sha-256:<hex>}. */
  public String uri() {
    return "sha-256:" + sha256;
  }

  @Override
  public String toString() {
    return Objects.toString(label) + " " + uri();
  }
}
