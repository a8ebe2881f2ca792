package io.twinguard.signing.note;

import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A transparency-log checkpoint: the note text of a signed tree head in the C2SP tlog-checkpoint
 * format, {@code origin\nsize\nbase64(root)\n} followed by optional extension lines.
 *
 * @param origin the log's origin line, unique per log (for example {@code twinguard.example/audit})
 * @param size the number of leaves in the tree, {@code >= 0}
 * @param rootHash the 32-byte RFC 9162 root hash of the first {@code size} leaves (copied in/out)
 * @param extensions further non-empty lines, often empty
 */
public record Checkpoint(String origin, long size, byte[] rootHash, List<String> extensions) {

  private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]{0,18}");

  /** @throws IllegalArgumentException when a field breaks the format */
  public Checkpoint {
    if (origin == null || origin.isEmpty() || !isLine(origin)) {
      throw new IllegalArgumentException("checkpoint origin must be one non-empty line");
    }
    if (size < 0) {
      throw new IllegalArgumentException("checkpoint size must be >= 0");
    }
    if (rootHash == null || rootHash.length != 32) {
      throw new IllegalArgumentException("checkpoint root hash must be 32 bytes");
    }
    rootHash = rootHash.clone();
    extensions = List.copyOf(extensions);
    for (String extension : extensions) {
      if (extension.isEmpty() || !isLine(extension)) {
        throw new IllegalArgumentException("checkpoint extension must be one non-empty line");
      }
    }
  }

  /** A checkpoint without extension lines. */
  public Checkpoint(String origin, long size, byte[] rootHash) {
    this(origin, size, rootHash, List.of());
  }

  /**
   * Parses a checkpoint note text (the text of a signed note, without its signatures).
   *
   * @throws IllegalArgumentException with the reason when the text is not a checkpoint
   */
  public static Checkpoint parse(String text) {
    if (!text.endsWith("\n")) {
      throw new IllegalArgumentException("checkpoint text must end in a newline");
    }
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    if (lines.length < 3) {
      throw new IllegalArgumentException("checkpoint needs origin, size and root hash lines");
    }
    if (!DECIMAL.matcher(lines[1]).matches()) {
      throw new IllegalArgumentException("checkpoint size is not a decimal number: " + lines[1]);
    }
    byte[] root;
    try {
      root = Base64.getDecoder().decode(lines[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("checkpoint root hash is not base64", e);
    }
    return new Checkpoint(
        lines[0],
        Long.parseLong(lines[1]),
        root,
        Arrays.asList(lines).subList(3, lines.length));
  }

  @Override
  public byte[] rootHash() {
    return rootHash.clone();
  }

  /** The note text: origin, size, base64 root hash and extension lines, each ending in newline. */
  public String text() {
    StringBuilder out = new StringBuilder()
        .append(origin).append('\n')
        .append(size).append('\n')
        .append(Base64.getEncoder().encodeToString(rootHash)).append('\n');
    extensions.forEach(line -> out.append(line).append('\n'));
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checkpoint c
        && origin.equals(c.origin)
        && size == c.size
        && Arrays.equals(rootHash, c.rootHash)
        && extensions.equals(c.extensions);
  }

  @Override
  public int hashCode() {
    return (origin.hashCode() * 31 + Long.hashCode(size)) * 31 + Arrays.hashCode(rootHash);
  }

  @Override
  public String toString() {
    return "Checkpoint[" + origin + ", size=" + size + "]";
  }

  private static boolean isLine(String s) {
    return s.chars().noneMatch(c -> c < 0x20);
  }
}
