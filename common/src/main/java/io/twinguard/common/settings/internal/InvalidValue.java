package io.twinguard.common.settings.internal;

import java.io.Serial;

/**
 * A settings record refused a value: {@code leaf} names the refused component by its settings key
 * (such as {@code max_batch}) so that the loader can prefix its section and name where the value
 * came from. Thrown by the section records' constructors.
 */
public final class InvalidValue extends IllegalArgumentException {

  @Serial private static final long serialVersionUID = 1L;

  private final String leaf;
  private final String requirement;
  private final boolean showsValue;
  private final String shown;

  private InvalidValue(String leaf, String requirement, boolean showsValue, String shown) {
    super(leaf + " " + requirement + (showsValue ? ", not '" + shown + "'" : ""));
    this.leaf = leaf;
    this.requirement = requirement;
    this.showsValue = showsValue;
    this.shown = shown;
  }

  /** {@code leaf} must meet {@code requirement}; the refusal quotes {@code value} (masked). */
  public static InvalidValue of(String leaf, String requirement, Object value) {
    return new InvalidValue(leaf, requirement, true, Secrets.mask(String.valueOf(value)));
  }

  /** {@code leaf} conflicts with another setting, as {@code explanation} says. */
  public static InvalidValue conflict(String leaf, String explanation) {
    return new InvalidValue(leaf, explanation, false, "");
  }

  /** The refused component's settings key, without its section. */
  public String leaf() {
    return leaf;
  }

  /** What the value must be, as in "must be at least 1". */
  public String requirement() {
    return requirement;
  }

  /** Whether the refusal should quote the value. */
  public boolean showsValue() {
    return showsValue;
  }

  /** The refused value as the refusal quotes it, masked; empty when it quotes none. */
  public String shown() {
    return shown;
  }
}
