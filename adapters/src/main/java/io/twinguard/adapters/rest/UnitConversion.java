package io.twinguard.adapters.rest;

import java.util.Objects;
import javax.measure.IncommensurableException;
import javax.measure.UnconvertibleException;
import javax.measure.Unit;
import javax.measure.UnitConverter;
import systems.uom.ucum.format.UCUMFormat;

/**
 * A conversion of a number between two units named by their UCUM codes (case-sensitive variant,
 * e.g. {@code Cel}, {@code [degF]}, {@code km/h}, {@code min}), done by the javax.measure reference
 * implementation (Indriya) with the UCUM system. Immutable and thread-safe.
 */
public final class UnitConversion {

  private static final UCUMFormat UCUM = UCUMFormat.getInstance(UCUMFormat.Variant.CASE_SENSITIVE);

  private final String from;
  private final String to;
  private final UnitConverter converter;

  private UnitConversion(String from, String to, UnitConverter converter) {
    this.from = from;
    this.to = to;
    this.converter = converter;
  }

  /**
   * @throws IllegalArgumentException when a code is not a UCUM unit or the two measure different
   *     quantities
   */
  public static UnitConversion of(String from, String to) {
    Unit<?> source = parse(from);
    Unit<?> target = parse(to);
    try {
      return new UnitConversion(from, to, source.getConverterToAny(target));
    } catch (IncommensurableException | UnconvertibleException e) {
      throw new IllegalArgumentException("cannot convert '" + from + "' to '" + to + "': they measure different quantities", e);
    }
  }

  /** The unit a UCUM code names. @throws IllegalArgumentException when it names none */
  public static Unit<?> parse(String code) {
    Objects.requireNonNull(code, "code");
    try {
      synchronized (UCUM) {
        return UCUM.parse(code);
      }
    } catch (RuntimeException e) {
      // MeasurementParseException, or the parser's own internal token and lexical errors
      throw new IllegalArgumentException("not a UCUM unit code: '" + code + "'", e);
    }
  }

  /** The value in the target unit. */
  public double convert(double value) {
    return converter.convert(value);
  }

  public String from() {
    return from;
  }

  public String to() {
    return to;
  }
}
