package io.twinguard.adapters;

import io.twinguard.common.twin.BlockKind;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One block of a twin, written {@code kind/name} in settings (e.g. {@code model/thermal}).
 *
 * @param kind the block kind
 * @param name the block name, as in the registry
 */
public record BlockRef(BlockKind kind, String name) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

  /** @throws IllegalArgumentException when the name is not a registry name */
  public BlockRef {
    Objects.requireNonNull(kind, "kind");
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("block name must match " + NAME + ", not '" + name + "'");
    }
  }

  /**
   * Parses {@code kind/name}.
   *
   * @throws IllegalArgumentException when the text is not of that form
   */
  public static BlockRef parse(String text) {
    if (text == null || text.indexOf('/') < 0) {
      throw new IllegalArgumentException("must be kind/name, e.g. model/thermal, not '" + text + "'");
    }
    int slash = text.indexOf('/');
    return new BlockRef(BlockKind.parse(text.substring(0, slash)), text.substring(slash + 1));
  }

  @Override
  public String toString() {
    return kind.wireName() + "/" + name;
  }
}
