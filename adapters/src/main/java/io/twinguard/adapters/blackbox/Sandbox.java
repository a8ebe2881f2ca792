package io.twinguard.adapters.blackbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the command line that runs a program in a bubblewrap sandbox: new user, PID, IPC, UTS,
 * cgroup and network namespaces (no network but its own loopback), an unprivileged user with no
 * capabilities and no further user namespaces, only {@code /usr} and the declared read-only paths
 * of the host visible, read-only; a fresh {@code /dev}, {@code /proc}, and size-limited tmpfs for
 * {@code /tmp} and its own empty working directory {@code /work}; an empty environment; address
 * space, CPU time, file size, open files and core dumps limited by {@code prlimit}; the seccomp
 * program of {@link SeccompFilter}; and {@code strace} reporting every memory request refused by the
 * limit (lines with {@value #ENOMEM_MARK} on stderr) and every failed connect, bind or send to an IP
 * address (lines with {@value #NETWORK_MARK}). The sandbox dies with the JVM.
 */
public final class Sandbox {

  /** What strace writes on stderr for a memory request refused by the address-space limit. */
  public static final String ENOMEM_MARK = "= -1 ENOMEM";

  /** What strace writes on stderr for a connect, send or bind to an IPv4 or IPv6 address that failed. */
  public static final String NETWORK_MARK = "sa_family=AF_INET";

  /** How bubblewrap's own errors start on stderr (a bind source missing, namespaces refused). */
  public static final String BWRAP_MARK = "bwrap: ";

  /** The sandbox's working directory. */
  public static final String WORKDIR = "/work";

  private static final List<String> ROOT_LINKS = List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");

  private final SandboxOptions options;
  private final Path filter;

  private Sandbox(SandboxOptions options, Path filter) {
    this.options = options;
    this.filter = filter;
  }

  /**
   * Writes the seccomp program into the store and checks that the tools are there.
   *
   * @throws IOException when the store cannot be written
   * @throws IllegalStateException naming the missing tool, or on an unsupported architecture
   */
  public static Sandbox create(SandboxOptions options) throws IOException {
    for (Path tool : List.of(options.bwrap(), options.strace(), options.prlimit())) {
      if (!Files.isExecutable(tool)) {
        throw new IllegalStateException(tool + " is missing (Debian packages bubblewrap, strace, util-linux)");
      }
    }
    Files.createDirectories(options.store(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path filter = Files.createTempFile(options.store(), "seccomp-", ".bpf", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.write(filter, SeccompFilter.forThisMachine());
    filter.toFile().deleteOnExit();
    return new Sandbox(options, filter);
  }

  public SandboxOptions options() {
    return options;
  }

  /** A host path shown read-only at a sandbox path. */
  public record Bind(Path host, String inside) {
    public Bind {
      Objects.requireNonNull(host, "host");
      if (inside == null || !inside.startsWith("/")) {
        throw new IllegalArgumentException("the sandbox path must be absolute");
      }
    }
  }

  /**
   * The command line of one run.
   *
   * @param binds host paths shown read-only (the artefact, an interpreter's installation)
   * @param env the only environment variables the program sees, besides PATH, HOME and TMPDIR
   * @param program the program and its arguments, as seen inside the sandbox
   */
  public List<String> command(Limits limits, List<Bind> binds, Map<String, String> env, List<String> program) {
    List<String> c = new ArrayList<>(List.of(
        // bubblewrap reads the seccomp program from a file descriptor: the shell opens it and execs
        "/bin/sh", "-c", "f=$1; shift; exec \"$@\" 3<\"$f\"", "sh", filter.toString(),
        options.bwrap().toString(),
        "--unshare-all", "--unshare-user", "--die-with-parent", "--new-session",
        "--uid", "65534", "--gid", "65534", "--disable-userns", "--cap-drop", "ALL",
        "--seccomp", "3",
        "--ro-bind", "/usr", "/usr"));
    for (String link : ROOT_LINKS) {
      Path host = Path.of(link);
      if (Files.isSymbolicLink(host)) {
        c.addAll(List.of("--symlink", readLink(host), link));
      } else if (Files.isDirectory(host)) {
        c.addAll(List.of("--ro-bind", link, link));
      }
    }
    c.addAll(List.of(
        "--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache",
        "--dev", "/dev", "--proc", "/proc",
        "--size", Long.toString(limits.scratchBytes()), "--tmpfs", "/tmp",
        "--size", Long.toString(limits.scratchBytes()), "--tmpfs", WORKDIR));
    for (Bind bind : binds) {
      c.addAll(List.of("--ro-bind", bind.host().toString(), bind.inside()));
    }
    c.addAll(List.of("--chdir", WORKDIR, "--clearenv",
        "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", WORKDIR, "--setenv", "TMPDIR", "/tmp"));
    env.forEach((name, value) -> c.addAll(List.of("--setenv", name, value)));
    long cpuSeconds = Math.max(1, (limits.timeoutMs() + 999) / 1000);
    c.addAll(List.of("--", options.prlimit().toString(),
        "--as=" + limits.memoryBytes(), "--cpu=" + cpuSeconds, "--fsize=" + limits.scratchBytes(),
        "--nofile=64", "--core=0", "--",
        options.strace().toString(), "-f", "-qq", "--seccomp-bpf", "-e", "trace=mmap,mremap,brk,connect,bind,sendto,sendmsg,sendmmsg", "-e", "status=failed", "--"));
    c.addAll(program);
    return List.copyOf(c);
  }

  private static String readLink(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the link " + link, e);
    }
  }
}
