package io.twinguard.adapters.blackbox;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The seccomp program (classic BPF, as bubblewrap's {@code --seccomp} reads it) that kills a sandboxed
 * model the moment it opens a packet socket or sets up io_uring, whose operations (connect, send)
 * would pass unseen by the strace that reports network attempts; system calls of another
 * architecture (x32, 32-bit) are killed too. The process dies of SIGSYS, which the adapter reports as
 * {@link io.twinguard.adapters.AdapterFailure.NetworkAttempt}. IPv4 and IPv6 sockets may be opened:
 * libraries do so without using the network (libuuid reads interface addresses through one, as
 * Python's {@code uuid.uuid1()} in pythonfmu does); the network namespace leaves them nowhere to go,
 * and a connect, send or bind on them is reported by strace ({@link Sandbox#NETWORK_MARK}).
 */
public final class SeccompFilter {

  /** The signal a killed process reports: SIGSYS. */
  public static final int SIGSYS = 31;

  private static final int LD_W_ABS = 0x20;
  private static final int JEQ_K = 0x15;
  private static final int JGE_K = 0x35;
  private static final int RET_K = 0x06;
  private static final int RET_ALLOW = 0x7fff0000;
  private static final int RET_KILL_PROCESS = 0x80000000;
  private static final int AF_PACKET = 17;
  private static final int X32_SYSCALL_BIT = 0x40000000;

  /** The numbers of one architecture: its audit id, {@code socket} and {@code io_uring_setup}. */
  private record Arch(int audit, int socket, int ioUringSetup, boolean x32Bit) {}

  private SeccompFilter() {}

  /**
   * The program for the JVM's architecture.
   *
   * @throws IllegalStateException on an architecture other than x86-64 and aarch64
   */
  public static byte[] forThisMachine() {
    String arch = System.getProperty("os.arch");
    return switch (arch) {
      case "amd64", "x86_64" -> program(new Arch(0xc000003e, 41, 425, true));
      case "aarch64" -> program(new Arch(0xc00000b7, 198, 425, false));
      default -> throw new IllegalStateException("no seccomp program for architecture " + arch);
    };
  }

  private static byte[] program(Arch arch) {
    List<int[]> p = new ArrayList<>();
    p.add(new int[] {LD_W_ABS, 0, 0, 4});                   // seccomp_data.arch
    p.add(new int[] {JEQ_K, 1, 0, arch.audit()});
    p.add(new int[] {RET_K, 0, 0, RET_KILL_PROCESS});
    p.add(new int[] {LD_W_ABS, 0, 0, 0});                   // seccomp_data.nr
    if (arch.x32Bit()) {
      p.add(new int[] {JGE_K, 0, 1, X32_SYSCALL_BIT});
      p.add(new int[] {RET_K, 0, 0, RET_KILL_PROCESS});
    }
    p.add(new int[] {JEQ_K, 0, 1, arch.ioUringSetup()});
    p.add(new int[] {RET_K, 0, 0, RET_KILL_PROCESS});
    p.add(new int[] {JEQ_K, 0, 3, arch.socket()});
    p.add(new int[] {LD_W_ABS, 0, 0, 16});                  // seccomp_data.args[0]: the domain
    p.add(new int[] {JEQ_K, 0, 1, AF_PACKET});
    p.add(new int[] {RET_K, 0, 0, RET_KILL_PROCESS});
    p.add(new int[] {RET_K, 0, 0, RET_ALLOW});
    ByteBuffer out = ByteBuffer.allocate(p.size() * 8).order(ByteOrder.nativeOrder());
    for (int[] insn : p) {
      out.putShort((short) insn[0]).put((byte) insn[1]).put((byte) insn[2]).putInt(insn[3]);
    }
    return out.array();
  }
}
