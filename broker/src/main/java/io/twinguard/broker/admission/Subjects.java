package io.twinguard.broker.admission;

import java.util.regex.Pattern;

/** What a data subject id may look like: pseudonymous, short, no spaces or control characters. */
public final class Subjects {

  /** The most data subjects one call or event may name. */
  public static final int MAX = 64;

  private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

  private Subjects() {}

  /** Whether {@code id} is a well-formed subject id. */
  public static boolean isValid(String id) {
    return id != null && SUBJECT.matcher(id).matches();
  }
}
