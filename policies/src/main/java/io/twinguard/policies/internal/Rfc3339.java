package io.twinguard.policies.internal;

import java.math.BigInteger;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.OptionalLong;

/**
 * OPA's {@code time.parse_rfc3339_ns}: Go's {@code time.Parse(time.RFC3339, s)} followed by OPA's
 * check that the instant fits in int64 nanoseconds. Go's layout parser is both stricter than
 * {@code OffsetDateTime.parse} (a 4-digit year, 2-digit month, day, minute and second, an upper
 * case {@code T} and {@code Z}) and more lenient in places (a 1-digit hour, a comma before the
 * fraction, offsets up to 24:60, any number of fraction digits of which 9 count). This class
 * follows Go, not java.time.
 */
final class Rfc3339 {

  private static final BigInteger NANOS = BigInteger.valueOf(1_000_000_000L);
  private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private final String text;
  private int at;

  private Rfc3339(String text) {
    this.text = text;
  }

  /** Nanoseconds since the epoch, or empty where OPA's builtin fails (so Rego sees undefined). */
  static OptionalLong parseNanos(String text) {
    try {
      return OptionalLong.of(new Rfc3339(text).parse());
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      return OptionalLong.empty();
    }
  }

  private long parse() {
    int year = digits(4);
    literal('-');
    int month = twoDigits(true);
    literal('-');
    int day = twoDigits(true);
    literal('T');
    int hour = twoDigits(false);
    literal(':');
    int minute = twoDigits(true);
    literal(':');
    int second = twoDigits(true);
    long nanos = fraction();
    long offsetSeconds = offset();
    if (at != text.length()) {
      throw new IllegalArgumentException("extra text");
    }
    if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) {
      throw new IllegalArgumentException("out of range");
    }
    if (day < 1 || day > LocalDate.of(year, month, 1).lengthOfMonth()) {
      throw new IllegalArgumentException("day out of range");
    }
    long epochSecond = LocalDate.of(year, month, day).toEpochSecond(java.time.LocalTime.of(hour, minute, second),
        ZoneOffset.UTC) - offsetSeconds;
    BigInteger total = BigInteger.valueOf(epochSecond).multiply(NANOS).add(BigInteger.valueOf(nanos));
    if (total.compareTo(MIN) < 0 || total.compareTo(MAX) > 0) {
      throw new IllegalArgumentException("time outside of valid range");
    }
    return total.longValueExact();
  }

  private long fraction() {
    if (at + 1 < text.length() && (text.charAt(at) == '.' || text.charAt(at) == ',') && digit(at + 1)) {
      int start = ++at;
      while (at < text.length() && digit(at)) {
        at++;
      }
      String kept = text.substring(start, Math.min(at, start + 9));
      return Long.parseLong(kept) * (long) Math.pow(10, 9 - kept.length());
    }
    return 0;
  }

  private long offset() {
    if (at < text.length() && text.charAt(at) == 'Z') {
      at++;
      return 0;
    }
    if (text.length() - at < 6 || text.charAt(at + 3) != ':') {
      throw new IllegalArgumentException("bad offset");
    }
    char sign = text.charAt(at++);
    int hours = twoDigits(true);
    at++;
    int minutes = twoDigits(true);
    if (hours > 24 || minutes > 60 || (sign != '+' && sign != '-')) {
      throw new IllegalArgumentException("bad offset");
    }
    long seconds = (hours * 60L + minutes) * 60L;
    return sign == '-' ? -seconds : seconds;
  }

  private int digits(int count) {
    int value = 0;
    for (int i = 0; i < count; i++) {
      if (!digit(at)) {
        throw new IllegalArgumentException("digit expected");
      }
      value = value * 10 + (text.charAt(at++) - '0');
    }
    return value;
  }

  /** Go's getnum: two digits, or one when the field is not zero-padded and the next is no digit. */
  private int twoDigits(boolean fixed) {
    if (!digit(at)) {
      throw new IllegalArgumentException("digit expected");
    }
    if (!digit(at + 1)) {
      if (fixed) {
        throw new IllegalArgumentException("two digits expected");
      }
      return text.charAt(at++) - '0';
    }
    return digits(2);
  }

  private void literal(char c) {
    if (at >= text.length() || text.charAt(at) != c) {
      throw new IllegalArgumentException("'" + c + "' expected");
    }
    at++;
  }

  private boolean digit(int index) {
    return index < text.length() && text.charAt(index) >= '0' && text.charAt(index) <= '9';
  }
}
