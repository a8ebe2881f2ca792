package io.twinguard.cli;

import io.twinguard.adapters.cli.RegistryCommand;
import io.twinguard.audit.cli.AuditCommand;
import io.twinguard.broker.cli.ServeCommand;
import io.twinguard.broker.cli.policy.PolicyRemoteCommands;
import io.twinguard.examples.demo.DemoCommand;
import io.twinguard.examples.usecases.ExamplesCommand;
import io.twinguard.policies.cli.PolicyCommand;
import io.twinguard.signing.cli.CaCommand;
import io.twinguard.signing.cli.HttpsigCommand;
import java.io.IOException;
import java.io.InputStream;
import java.util.logging.LogManager;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code twinguard} command line. Each module contributes its subcommands; this class only
 * assembles them. Exit codes: 0 success, 1 a check failed (for example a signature did not verify),
 * 2 bad usage.
 */
@Command(
    name = "twinguard",
    mixinStandardHelpOptions = true,
    versionProvider = Twinguard.Version.class,
    description = "Trust and compliance broker for digital-twin ecosystems.",
    subcommands = {
      CaCommand.class,
      HttpsigCommand.class,
      PolicyCommand.class,
      AuditCommand.class,
      ServeCommand.class,
      RegistryCommand.class,
      DemoCommand.class,
      ExamplesCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Twinguard implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    configureLogging();
    System.exit(commandLine().execute(args));
  }

  /** Our logging defaults, unless the user gave java.util.logging a configuration of their own. */
  private static void configureLogging() {
    if (System.getProperty("java.util.logging.config.file") != null) {
      return;
    }
    try (InputStream in = Twinguard.class.getResourceAsStream("/twinguard-logging.properties")) {
      if (in != null) {
        LogManager.getLogManager().readConfiguration(in);
      }
    } catch (IOException e) {
      System.err.println("twinguard: default logging configuration unreadable: " + e.getMessage());
    }
  }

  /** The command line with every subcommand registered; tests execute it in-process. */
  public static CommandLine commandLine() {
    CommandLine line = new CommandLine(new Twinguard());
    // the policy lifecycle's commands need the broker, which the policies module cannot depend on
    PolicyRemoteCommands.addTo(line.getSubcommands().get("policy"));
    return line;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Reads the version from the jar manifest, so that it is written in one place: the POM. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Twinguard.class.getPackage().getImplementationVersion();
      return new String[] {"twinguard " + (version == null ? "(development build)" : version)};
    }
  }
}
