package io.twinguard.signing.cli;

import io.twinguard.signing.ca.CaDirectoryException;
import io.twinguard.signing.keys.KeyFileException;
import java.io.IOException;
import picocli.CommandLine;

/**
 * Runs a command body and turns its failures into one line on stderr and an exit code: 1 when the
 * CA refused the operation, 2 when an input is unusable (unreadable file, corrupt key, bad value).
 */
final class Outcome {

  static final int OK = 0;
  static final int REFUSED = 1;
  static final int BAD_INPUT = 2;

  /** A command body; returns its exit code. */
  @FunctionalInterface
  interface Body {
    int run() throws CaDirectoryException, KeyFileException, IOException;
  }

  private Outcome() {}

  static int run(CommandLine.Model.CommandSpec spec, Body body) {
    try {
      return body.run();
    } catch (CaDirectoryException e) {
      int code = e.reason() == CaDirectoryException.Reason.NOT_A_CA_DIRECTORY
          || e.reason() == CaDirectoryException.Reason.IO ? BAD_INPUT : REFUSED;
      return fail(spec, e.getMessage(), code);
    } catch (KeyFileException | IOException | IllegalArgumentException e) {
      return fail(spec, e.getMessage(), BAD_INPUT);
    }
  }

  static int fail(CommandLine.Model.CommandSpec spec, String message, int code) {
    spec.commandLine().getErr().println("twinguard: " + message.replace('\n', ' '));
    return code;
  }
}
