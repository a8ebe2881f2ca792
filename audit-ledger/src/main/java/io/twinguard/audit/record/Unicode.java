package io.twinguard.audit.record;

/** Well-formed UTF-16: what RFC 8785 (I-JSON) requires of every string it canonicalizes. */
final class Unicode {

  private Unicode() {}

  /** Whether every surrogate in {@code s} is part of a high-low pair. */
  static boolean wellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (!Character.isHighSurrogate(c) || i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      }
    }
    return true;
  }
}
