package io.twinguard.adapters.mqtt;

/**
 * MQTT 3.1.1 topic names and filters (section 4.7): {@code +} matches one level, {@code #} the rest
 * (only as the last level), and a filter starting with a wildcard never matches a topic starting
 * with {@code $}. Pure functions.
 */
final class TopicFilter {

  private static final int MAX_LENGTH = 65_535;

  private TopicFilter() {}

  /** Why {@code filter} is not a valid subscription filter, or {@code null} when it is. */
  static String filterProblem(String filter) {
    String basic = basicProblem(filter);
    if (basic != null) {
      return basic;
    }
    String[] levels = filter.split("/", -1);
    for (int i = 0; i < levels.length; i++) {
      String level = levels[i];
      if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
        return "'#' must be a whole level and the last one";
      }
      if (level.contains("+") && !level.equals("+")) {
        return "'+' must be a whole level";
      }
    }
    return null;
  }

  /** Why {@code topic} is not a valid topic to publish to, or {@code null} when it is. */
  static String topicProblem(String topic) {
    String basic = basicProblem(topic);
    if (basic != null) {
      return basic;
    }
    return topic.contains("+") || topic.contains("#") ? "a topic to publish to has no wildcards" : null;
  }

  private static String basicProblem(String text) {
    if (text == null || text.isEmpty()) {
      return "must not be empty";
    }
    if (text.length() > MAX_LENGTH || text.indexOf('\u0000') >= 0) {
      return "must be at most 65535 characters without NUL";
    }
    return null;
  }

  /** Whether a valid {@code filter} matches a valid {@code topic}. */
  static boolean matches(String filter, String topic) {
    if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
      return false;
    }
    String[] f = filter.split("/", -1);
    String[] t = topic.split("/", -1);
    for (int i = 0; i < f.length; i++) {
      if (f[i].equals("#")) {
        return true;
      }
      if (i >= t.length || !(f[i].equals("+") || f[i].equals(t[i]))) {
        return false;
      }
    }
    return f.length == t.length;
  }
}
