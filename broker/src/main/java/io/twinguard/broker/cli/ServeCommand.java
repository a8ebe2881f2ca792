package io.twinguard.broker.cli;

import io.twinguard.broker.audit.Record;
import io.twinguard.broker.logging.JsonLogFormatter;
import io.twinguard.broker.serve.Running;
import io.twinguard.broker.serve.Serve;
import io.twinguard.broker.serve.StartupException;
import io.twinguard.common.settings.LoadedSettings;
import io.twinguard.common.settings.SettingsException;
import io.twinguard.common.settings.SettingsLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code twinguard serve}: runs the broker from its settings (the defaults, a config file,
 * TWINGUARD_* variables) until it is stopped (Ctrl-C or SIGTERM).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {"Run the broker.",
        "Settings come from the defaults, then --config FILE (YAML; else the file TWINGUARD_CONFIG names), then",
        "TWINGUARD_* variables; --print-config lists every setting, its value and where it came from."})
public final class ServeCommand implements Callable<Integer> {

  /** Held here: java.util.logging keeps loggers weakly, and would forget the level. */
  private static final Logger CALL_LOG = Logger.getLogger(Record.CALL_LOG);

  @Option(names = "--config", paramLabel = "FILE", description = "YAML settings file.")
  Path config;

  @Option(names = "--print-config", description = "Print every setting with its value and source, and exit.")
  boolean printConfig;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final Map<String, String> environment;

  /** Reads the process environment. */
  public ServeCommand() {
    this(System.getenv());
  }

  /** Reads {@code environment} instead of the process's (for tests). */
  public ServeCommand(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    LoadedSettings settings;
    try {
      settings = SettingsLoader.defaults().file(Optional.ofNullable(config)).environment(environment).load();
    } catch (SettingsException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (printConfig) {
      settings.describe().forEach(out::println);
      out.flush();
      return 0;
    }
    logJson();
    Running running;
    try {
      running = Serve.start(settings.settings(), Clock.systemUTC(), out);
    } catch (StartupException e) {
      spec.commandLine().getErr().println("twinguard serve: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      out.println("twinguard serve: stopping");
      out.flush();
      running.close();
      stopped.countDown();
    }));
    stopped.await();
    return 0;
  }

  /** Logs as JSON lines, with one line per call (decision id, caller, target, outcome, status). */
  private static void logJson() {
    for (Handler handler : Logger.getLogger("").getHandlers()) {
      handler.setFormatter(new JsonLogFormatter());
      handler.setLevel(Level.ALL);
    }
    CALL_LOG.setLevel(Level.FINE);
  }
}
