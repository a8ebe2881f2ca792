package io.twinguard.common.settings;

import io.twinguard.common.settings.internal.Check;
import io.twinguard.common.settings.internal.InvalidValue;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Several brokers as one ({@code cluster.*}): a Vert.x cluster on Hazelcast whose members find each
 * other through a fixed list of addresses (TCP-IP join, never multicast).
 *
 * @param enabled whether {@code serve} joins a cluster; false: a standalone broker
 * @param name the cluster's name: members with another name never join this one
 * @param host the address this member binds for Hazelcast and the clustered event bus
 * @param port this member's Hazelcast port, 1 to 65535; the event bus takes any free port on host
 * @param members the members' addresses as {@code host:port}, this one among them or not
 * @param timeoutMs the longest a shared-state operation may take, in milliseconds, 1 or more; then
 *     the call or change is refused (503) rather than waited for
 * @throws IllegalArgumentException naming the setting when a value is out of range
 */
public record ClusterSettings(boolean enabled, String name, String host, int port, List<String> members,
    int timeoutMs) {

  // host:port with a host name or IPv4 address; IPv6 in brackets
  private static final Pattern MEMBER = Pattern.compile("(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9.-]+):[0-9]{1,5}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

  public ClusterSettings {
    Check.text("name", name);
    if (!NAME.matcher(name).matches()) {
      throw InvalidValue.of("name", "must be letters, digits, '.', '-' or '_'", name);
    }
    Check.text("host", host);
    Check.port("port", port);
    Check.atLeast("port", port, 1);
    for (String member : Check.present("members", members)) {
      if (member == null || !MEMBER.matcher(member).matches()
          || Integer.parseInt(member.substring(member.lastIndexOf(':') + 1)) > 65_535) {
        throw InvalidValue.of("members", "must list addresses as host:port", member);
      }
    }
    members = List.copyOf(members);
    Check.atLeast("timeout_ms", timeoutMs, 1);
    if (enabled && members.isEmpty()) {
      throw InvalidValue.conflict("members", "must list at least one member when cluster.enabled is true");
    }
  }

  /** {@link #timeoutMs} as a duration. */
  public Duration timeout() {
    return Duration.ofMillis(timeoutMs);
  }
}
