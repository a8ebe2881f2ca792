package io.twinguard.signing.httpsig;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.greenbytes.http.sfv.Parameters;
import org.greenbytes.http.sfv.StringItem;

/**
 * A component identifier of RFC 9421: a derived component ({@code @method}) or a lower-cased field
 * name ({@code content-digest}), with its parameters in order. Parameters are kept as received so
 * that the identifier serializes back to the same bytes; the signature base refuses those it
 * does not implement. Two identifiers are equal when they serialize identically.
 *
 * @param name the component name
 * @param parameters its structured-field parameters, usually empty
 */
public record ComponentId(String name, Parameters parameters) {

  public static final ComponentId METHOD = new ComponentId("@method", Parameters.EMPTY);
  public static final ComponentId TARGET_URI = new ComponentId("@target-uri", Parameters.EMPTY);
  public static final ComponentId AUTHORITY = new ComponentId("@authority", Parameters.EMPTY);
  public static final ComponentId SCHEME = new ComponentId("@scheme", Parameters.EMPTY);
  public static final ComponentId PATH = new ComponentId("@path", Parameters.EMPTY);
  public static final ComponentId QUERY = new ComponentId("@query", Parameters.EMPTY);
  public static final ComponentId STATUS = new ComponentId("@status", Parameters.EMPTY);

  /** @throws IllegalArgumentException when a field name is not lower case */
  public ComponentId {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(parameters, "parameters");
    if (name.isEmpty() || !name.equals(name.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException("component names are lower case: " + name);
    }
  }

  /** The component for a header field, lower-cased. */
  public static ComponentId field(String fieldName) {
    return new ComponentId(fieldName.toLowerCase(Locale.ROOT), Parameters.EMPTY);
  }

  /** {@code "@query-param";name="..."} for an (already encoded) query parameter name. */
  public static ComponentId queryParam(String encodedName) {
    return new ComponentId("@query-param", Parameters.valueOf(Map.of("name", encodedName)));
  }

  /** Whether this is a derived component (its name starts with '@'). */
  public boolean isDerived() {
    return name.startsWith("@");
  }

  /** The identifier as it appears in a signature base: {@code "@query-param";name="Pet"}. */
  public String serialize() {
    return toItem().serialize();
  }

  /** The identifier as an RFC 8941 item, for the inner list of {@code @signature-params}. */
  StringItem toItem() {
    return StringItem.valueOf(name).withParams(parameters);
  }

  /** Equal when they serialize to the same bytes (the library's items have no value equality). */
  @Override
  public boolean equals(Object other) {
    return other instanceof ComponentId c && serialize().equals(c.serialize());
  }

  @Override
  public int hashCode() {
    return serialize().hashCode();
  }

  @Override
  public String toString() {
    return serialize();
  }
}
