package io.twinguard.common.settings.internal;

import java.util.regex.Pattern;

/**
 * Hides secrets in setting values before they are printed or put in a message: the password of a
 * URL ({@code postgresql://user:password@host/db}, also as a {@code password=} query parameter)
 * and any inline PEM key material. Settings name key files by path; this is the guard for a value
 * that holds what it should not.
 */
public final class Secrets {

  /** What replaces a password. */
  public static final String MASK = "***";

  private static final Pattern USERINFO_PASSWORD =
      Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://[^/?#@:]*):[^/?#@]*@");
  private static final Pattern QUERY_PASSWORD = Pattern.compile("(?i)([?&](?:password|pass|pwd)=)[^&#]*");

  private Secrets() {}

  /** {@code value} with its secrets replaced by {@value #MASK}. */
  public static String mask(String value) {
    if (value.contains("-----BEGIN")) {
      return MASK + " (inline key material)";
    }
    String masked = USERINFO_PASSWORD.matcher(value).replaceFirst("$1:" + MASK + "@");
    return QUERY_PASSWORD.matcher(masked).replaceAll("$1" + MASK);
  }
}
