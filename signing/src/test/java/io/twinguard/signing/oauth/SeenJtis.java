package io.twinguard.signing.oauth;

import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory {@link ReplayGuard} for the tests: remembers every identifier it was given. */
final class SeenJtis implements ReplayGuard {

  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  @Override
  public boolean firstUse(String jti, Instant forgetAfter) {
    return seen.add(jti);
  }

  int size() {
    return seen.size();
  }
}
