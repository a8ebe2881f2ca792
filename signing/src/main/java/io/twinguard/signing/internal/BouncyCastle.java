package io.twinguard.signing.internal;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one Bouncy Castle provider instance that every class of the signing module passes to JCA
 * look-ups. It is never installed with {@code Security.addProvider}, so the JVM-wide provider list
 * stays as the application configured it.
 */
public final class BouncyCastle {

  /** The shared provider; JCA providers are thread-safe. */
  public static final Provider PROVIDER = new BouncyCastleProvider();

  private BouncyCastle() {}
}
