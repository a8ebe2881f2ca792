package io.twinguard.adapters.blackbox;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the host's sandbox tools are and where the adapters keep their private copies of artefacts.
 *
 * @param bwrap Debian's {@code bubblewrap}
 * @param strace {@code strace}, which reports a model's failed memory requests
 * @param prlimit util-linux's {@code prlimit}, which sets the resource limits inside the sandbox
 * @param store the directory for private, read-only copies of artefacts (created when missing)
 */
public record SandboxOptions(Path bwrap, Path strace, Path prlimit, Path store) {
  public SandboxOptions {
    Objects.requireNonNull(bwrap, "bwrap");
    Objects.requireNonNull(strace, "strace");
    Objects.requireNonNull(prlimit, "prlimit");
    Objects.requireNonNull(store, "store");
  }

  /** The Debian paths, and a store under the system's temporary directory. */
  public static SandboxOptions defaults() {
    return new SandboxOptions(
        Path.of("/usr/bin/bwrap"), Path.of("/usr/bin/strace"), Path.of("/usr/bin/prlimit"),
        Path.of(System.getProperty("java.io.tmpdir"), "twinguard-artefacts"));
  }
}
